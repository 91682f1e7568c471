using System;
using System.IO;
using McpModule.Execution;
using Xunit;

namespace McpModule.Tests.Execution
{
    // Keys and hashed lines made with ssh-keygen (-t ed25519/ecdsa, then -H), fingerprints from ssh-keygen -l.
    public sealed class KnownHostsTests
    {
        private const string K1 = "AAAAC3NzaC1lZDI1NTE5AAAAIMn5OJSmP0zad9+o1svpzKi6569TkAVjHPVZLg5Awa3N";
        private const string K1Fingerprint = "SHA256:yl6C2zqP70b99Daqf1lbN/ipR/GaiwO0U08OHvftEQU";
        private const string K2 = "AAAAC3NzaC1lZDI1NTE5AAAAIGfxz3rxCiHAZZTeILQrJY6NbMvb6Pg5soKwUFuC0f/r";
        private const string K3 = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBMO03UFHAuWMfSVee6ne7GbQGuEhppoZChzlOTbp550PMesGmWkDmi15uPBxg0Jiw469h5g1F3+V2/fGfrdnrlo=";

        private static readonly string[] Hashed =
        {
            "|1|0H6QP4zlvX/cpZ3yG+tCqtX8vOM=|2lxeREfJcT8hY3yC+xqeHXv/B+g= ssh-ed25519 " + K1,            // 10.1.2.3
            "|1|/2OjvEKGjfnxsYZ2J1ZV5iYvWLg=|2IwgGQScMhD07TyX2UCioDh4zn0= ssh-ed25519 " + K2,            // [10.1.2.3]:2222
            "|1|6zxJhprO5jRZBhbcDWmKi581gBE=|wzH6fjfQ+R6nkmWarWmftGKE19Q= ecdsa-sha2-nistp256 " + K3,    // node7.lab.local
        };

        private static byte[] Key(string b64) => Convert.FromBase64String(b64);

        [Fact]
        public void A_hashed_entry_matches_its_host_and_port_only()
        {
            var kh = KnownHosts.FromLines(Hashed);
            Assert.Equal(HostKeyStatus.Known, kh.Check("10.1.2.3", 22, Key(K1)).Status);
            Assert.Equal(HostKeyStatus.Known, kh.Check("10.1.2.3", 2222, Key(K2)).Status);
            Assert.Equal(HostKeyStatus.Known, kh.Check("node7.lab.local", 22, Key(K3)).Status);
            Assert.Equal(HostKeyStatus.Unknown, kh.Check("10.1.2.4", 22, Key(K1)).Status);
            Assert.Equal(HostKeyStatus.Unknown, kh.Check("node7.lab.local", 2222, Key(K3)).Status);
        }

        [Fact]
        public void A_different_key_for_a_known_host_is_changed_and_names_the_known_fingerprint()
        {
            var kh = KnownHosts.FromLines(Hashed);
            var check = kh.Check("10.1.2.3", 22, Key(K2));
            Assert.Equal(HostKeyStatus.Changed, check.Status);
            Assert.Equal(K1Fingerprint, Assert.Single(check.KnownKeys).Fingerprint);
            // another key type for a host with a known key is a change too
            Assert.Equal(HostKeyStatus.Changed, kh.Check("node7.lab.local", 22, Key(K1)).Status);
        }

        [Fact]
        public void Plain_entries_match_lists_wildcards_and_bracketed_ports_and_honour_negation()
        {
            var kh = KnownHosts.FromLines(new[]
            {
                "# comment", "",
                "ctl01,10.0.0.11 ssh-ed25519 " + K1,
                "cmp*.lab.local,!cmp9.lab.local ssh-ed25519 " + K2,
                "[10.0.0.12]:2200 ecdsa-sha2-nistp256 " + K3,
                "broken line",
                "10.0.0.13 ssh-ed25519 not-base64!",
            });
            Assert.Equal(HostKeyStatus.Known, kh.Check("10.0.0.11", 22, Key(K1)).Status);
            Assert.Equal(HostKeyStatus.Known, kh.Check("CTL01", 22, Key(K1)).Status);
            Assert.Equal(HostKeyStatus.Known, kh.Check("cmp1.lab.local", 22, Key(K2)).Status);
            Assert.Equal(HostKeyStatus.Unknown, kh.Check("cmp9.lab.local", 22, Key(K2)).Status);
            Assert.Equal(HostKeyStatus.Known, kh.Check("10.0.0.12", 2200, Key(K3)).Status);
            Assert.Equal(HostKeyStatus.Unknown, kh.Check("10.0.0.12", 22, Key(K3)).Status);
            Assert.Equal(HostKeyStatus.Unknown, kh.Check("10.0.0.13", 22, Key(K1)).Status);
            Assert.Equal(3, kh.Entries.Count);
        }

        [Theory]
        [InlineData("@REVOKED")]
        [InlineData("@revoke")]
        [InlineData("@Cert-Authority")]
        [InlineData("@")]
        public void A_line_with_a_marker_OpenSSH_does_not_know_is_skipped_not_trusted(string marker)
        {
            var kh = KnownHosts.FromLines(new[] { marker + " 10.0.0.1 ssh-ed25519 " + K1 });
            Assert.Equal(HostKeyStatus.Unknown, kh.Check("10.0.0.1", 22, Convert.FromBase64String(K1)).Status);
        }

        [Fact]
        public void A_revoked_key_is_refused_even_when_also_listed()
        {
            var kh = KnownHosts.FromLines(new[] { "@revoked * ssh-ed25519 " + K1, "10.0.0.1 ssh-ed25519 " + K1 });
            Assert.Equal(HostKeyStatus.Revoked, kh.Check("10.0.0.1", 22, Key(K1)).Status);
        }

        [Fact]
        public void Host_keys_per_type_are_reported_for_negotiation()
        {
            var kh = KnownHosts.FromLines(new[] { "h ssh-ed25519 " + K1, "h ecdsa-sha2-nistp256 " + K3 });
            Assert.Equal(new[] { "ecdsa-sha2-nistp256", "ssh-ed25519" }, new System.Collections.Generic.SortedSet<string>(kh.KeyTypesFor("h", 22)));
        }

        [Fact]
        public void Fingerprints_read_as_ssh_keygen_prints_them()
        {
            Assert.Equal(K1Fingerprint, HostKeyFingerprint.Sha256(Key(K1)));
            Assert.Equal("ssh-ed25519", HostKeyFingerprint.KeyTypeOf(Key(K1)));
            Assert.Null(HostKeyFingerprint.KeyTypeOf(new byte[] { 0, 0, 9 }));
        }

        [Fact]
        public void Appending_writes_one_openssh_line_after_a_missing_newline_and_is_read_back()
        {
            var dir = Path.Combine(Path.GetTempPath(), "mcp-kh-" + Guid.NewGuid().ToString("N"));
            var file = Path.Combine(dir, "sub", "known_hosts");
            try
            {
                var kh = KnownHosts.Load(file);
                Assert.Empty(kh.Entries);
                kh.Append("10.0.0.5", 22, Key(K1));
                File.AppendAllText(file, "# no newline");
                kh.Append("10.0.0.5", 2222, Key(K2));
                var lines = File.ReadAllLines(file);
                Assert.Equal(new[] { "10.0.0.5 ssh-ed25519 " + K1, "# no newline", "[10.0.0.5]:2222 ssh-ed25519 " + K2 }, lines);
                var again = KnownHosts.Load(file);
                Assert.Equal(HostKeyStatus.Known, again.Check("10.0.0.5", 22, Key(K1)).Status);
                Assert.Equal(HostKeyStatus.Known, again.Check("10.0.0.5", 2222, Key(K2)).Status);
            }
            finally
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, true);
            }
        }

        // The wildcard match is OpenSSH's '*' and '?' over lower-cased text; it was a regex made per
        // pattern, which is the oracle here: crafted cases, then random patterns and names.
        [Theory]
        [InlineData("*", "")]
        [InlineData("*", "node1")]
        [InlineData("", "")]
        [InlineData("", "a")]
        [InlineData("node?", "node1")]
        [InlineData("node?", "node12")]
        [InlineData("*.lab.local", "ctl01.LAB.local")]
        [InlineData("*.lab.local", "lab.local")]
        [InlineData("10.0.*.1", "10.0.255.1")]
        [InlineData("[10.0.0.*]:2222", "[10.0.0.7]:2222")]
        [InlineData("[10.0.0.*]:2222", "10.0.0.7")]
        [InlineData("a*b*c", "aXbYbZc")]
        [InlineData("a*b*c", "aXbYcZ")]
        [InlineData("**a", "bba")]
        [InlineData("*?", "")]
        [InlineData("?*", "x")]
        [InlineData("a.b", "aXb")]
        public void Wildcards_match_as_the_regex_did(string pattern, string name) =>
            Assert.Equal(RegexWildcard(pattern, name), KnownHostEntry.WildcardMatch(pattern, name));

        [Fact]
        public void Wildcards_match_as_the_regex_did_on_random_patterns()
        {
            var random = new Random(7);
            const string alphabet = "ab.*?A[]:1";
            var matched = 0;
            for (var n = 0; n < 100_000; n++)
            {
                var pattern = Random(random, alphabet, 7);
                var name = Random(random, "abA.[]:1", 9);
                var expected = RegexWildcard(pattern, name);
                if (expected) matched++;
                Assert.True(expected == KnownHostEntry.WildcardMatch(pattern, name), $"'{pattern}' against '{name}': the regex says {expected}");
            }
            Assert.True(matched > 2_000, $"only {matched} matched: the test says little");
        }

        private static string Random(Random random, string alphabet, int maxLength)
        {
            var chars = new char[random.Next(0, maxLength + 1)];
            for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
            return new string(chars);
        }

        private static bool RegexWildcard(string pattern, string name) =>
            System.Text.RegularExpressions.Regex.IsMatch(name.ToLowerInvariant(),
                "^" + System.Text.RegularExpressions.Regex.Escape(pattern.ToLowerInvariant()).Replace("\\*", ".*").Replace("\\?", ".") + "$",
                System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    }
}
