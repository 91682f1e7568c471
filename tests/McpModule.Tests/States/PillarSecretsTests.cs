using System.Collections.Generic;
using System.Linq;
using McpModule.States.Journal;
using Xunit;

namespace McpModule.Tests.States
{
    public sealed class PillarSecretsTests
    {
        private static Dictionary<string, object> M(params object[] kv)
        {
            var d = new Dictionary<string, object>();
            for (var i = 0; i < kv.Length; i += 2) d[(string)kv[i]] = kv[i + 1];
            return d;
        }

        [Fact]
        public void Keys_inside_a_keyring_mapping_and_values_of_secret_named_keys_are_secrets()
        {
            var pillar = M(
                "_param", M("ceph_admin_keyring", "AQadmin==", "single_address", "10.0.0.1", "keystone_db_password", "workshop"),
                "ceph", M("common", M("fsid", "ed09", "keyring", M("admin", M("key", "AQadmin==", "caps", M("mon", "allow *")))),
                          "mon", M("keyring", M("mon", M("key", "AQmon==")))),
                "openssh", M("server", M("user", M("ops", M("public_keys", new List<object> { M("key", "ssh-ed25519 AAAA ops") })))),
                "linux", M("system", M("user", M("ops", M("password", "hunter2", "uid", 1000L)))));
            var found = PillarSecrets.Collect(pillar).OrderBy(s => s).ToList();
            Assert.Equal(new[] { "AQadmin==", "AQmon==", "hunter2", "workshop" }, found);
        }

        [Fact]
        public void A_pillar_without_secrets_or_no_pillar_gives_none()
        {
            Assert.Empty(PillarSecrets.Collect(null));
            Assert.Empty(PillarSecrets.Collect(M("ntp", M("client", M("strata", new List<object> { "0.pool.ntp.org" }), "key", "not in a keyring"))));
        }

        [Fact]
        public void A_masker_built_from_them_hides_a_keyring_in_command_output()
        {
            var masker = new SecretMasker(PillarSecrets.Collect(M("ceph", M("common", M("keyring", M("admin", M("key", "AQDFNQdrAAAAABAARQS66lYKtMqn7g1HiTCBFA==")))))));
            var text = "[client.admin]\n        key = AQDFNQdrAAAAABAARQS66lYKtMqn7g1HiTCBFA==\n";
            Assert.Equal("[client.admin]\n        key = ********\n", masker.Mask(text));
        }
    }
}
