using System;
using System.Linq;
using McpModule.Execution;
using McpModule.Execution.Kex;
using McpModule.Settings;
using Renci.SshNet;
using Xunit;

namespace McpModule.Tests.Execution
{
    public sealed class SshKeyExchangeTests
    {
        private static ConnectionInfo NewInfo() => new ConnectionInfo("node", "root", new NoneAuthenticationMethod("root"));

        [Fact]
        public void The_setting_knows_exactly_the_algorithms_SSH_NET_has_in_its_order() =>
            // An SSH.NET upgrade that adds, drops or reorders one fails here, not at a user's prompt.
            Assert.Equal(NewInfo().KeyExchangeAlgorithms.Keys, McpSettingDefinitions.KeyExchangeAlgorithmNames);

        [Fact]
        public void Without_a_choice_SSH_NET_offers_its_own_list_post_quantum_first()
        {
            var info = NewInfo();
            SshKeyExchange.Offer(info, null);
            Assert.Equal(McpSettingDefinitions.KeyExchangeAlgorithmNames, info.KeyExchangeAlgorithms.Keys);
            Assert.Equal("mlkem768x25519-sha256", info.KeyExchangeAlgorithms.Keys.First());
        }

        [Fact]
        public void A_choice_leaves_only_those_algorithms_in_the_order_given()
        {
            var info = NewInfo();
            SshKeyExchange.Offer(info, new[] { "ecdh-sha2-nistp256", "curve25519-sha256", "ecdh-sha2-nistp256" });
            Assert.Equal(new[] { "ecdh-sha2-nistp256", "curve25519-sha256" }, info.KeyExchangeAlgorithms.Keys);
            Assert.NotNull(info.KeyExchangeAlgorithms["curve25519-sha256"]());   // the factories are SSH.NET's own
        }

        [Fact]
        public void A_name_SSH_NET_lacks_is_refused_and_the_offer_stays_whole()
        {
            var info = NewInfo();
            var e = Assert.Throws<ArgumentException>(() => SshKeyExchange.Offer(info, new[] { "curve25519-sha256", "curve448-sha512" }));
            Assert.Contains("curve448-sha512", e.Message);
            Assert.Equal(McpSettingDefinitions.KeyExchangeAlgorithmNames, info.KeyExchangeAlgorithms.Keys);
        }

        [Fact]
        public void SSH_NETs_sntrup761x25519_is_ours_under_both_names_in_its_place()
        {
            // An SSH.NET upgrade that moves the two internals the exchange needs fails here,
            // instead of every connection quietly falling back to the slow one.
            Assert.True(Sntrup761X25519KeyExchange.Available);
            var info = NewInfo();
            SshKeyExchange.Offer(info, null);
            Assert.Equal(McpSettingDefinitions.KeyExchangeAlgorithmNames, info.KeyExchangeAlgorithms.Keys);
            foreach (var name in SshKeyExchange.Sntrup761Names)
            {
                Assert.Contains(name, info.KeyExchangeAlgorithms.Keys);
                var kex = Assert.IsType<Sntrup761X25519KeyExchange>(info.KeyExchangeAlgorithms[name]());
                Assert.Equal(name, kex.Name);
            }
            Assert.IsNotType<Sntrup761X25519KeyExchange>(info.KeyExchangeAlgorithms["curve25519-sha256"]());
            Assert.IsNotType<Sntrup761X25519KeyExchange>(info.KeyExchangeAlgorithms["mlkem768x25519-sha256"]());
        }

        [Fact]
        public void A_choice_of_sntrup761x25519_gets_ours()
        {
            var info = NewInfo();
            SshKeyExchange.Offer(info, new[] { "curve25519-sha256", "sntrup761x25519-sha512@openssh.com" });
            Assert.Equal(new[] { "curve25519-sha256", "sntrup761x25519-sha512@openssh.com" }, info.KeyExchangeAlgorithms.Keys);
            Assert.IsType<Sntrup761X25519KeyExchange>(info.KeyExchangeAlgorithms["sntrup761x25519-sha512@openssh.com"]());
        }
    }
}
