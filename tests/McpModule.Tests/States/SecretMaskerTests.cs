using System;
using System.Linq;
using McpModule.States;
using McpModule.States.Journal;
using Xunit;

namespace McpModule.Tests.States
{
    public sealed class SecretMaskerTests
    {
        private const string M = SecretMasker.Placeholder;

        [Fact]
        public void Every_occurrence_of_a_given_secret_value_is_replaced()
        {
            var masker = new SecretMasker(new[] { "hunter2" });
            Assert.Equal($"login {M} ok; retry {M}{M}", masker.Mask("login hunter2 ok; retry hunter2hunter2"));
        }

        [Fact]
        public void A_longer_secret_that_contains_a_shorter_one_leaves_no_tail()
        {
            var masker = new SecretMasker(new[] { "abc", "abc123" });
            Assert.Equal($"x {M} y {M}", masker.Mask("x abc123 y abc"));
        }

        [Fact]
        public void Null_empty_and_blank_secrets_are_ignored_and_text_without_secrets_is_unchanged()
        {
            var masker = new SecretMasker(new[] { null, "", "   ", "s3" });
            Assert.Equal(1, masker.SecretCount);
            Assert.Null(masker.Mask((string)null));
            Assert.Equal("", masker.Mask(""));
            const string plain = "pkg:nginx installed 1.18.0\nservice:nginx running (pid 4711)\nhosts: ctl01 ctl02";
            Assert.Equal(plain, masker.Mask(plain));
        }

        [Theory]
        [InlineData("password: workshop", "password: " + M)]
        [InlineData("  keystone_admin_password:   very secret phrase  ", "  keystone_admin_password:   " + M + "  ")]
        [InlineData("PASSWORD=abc", "PASSWORD=" + M)]
        [InlineData("MYSQL_ROOT_PASSWORD=abc other=1", "MYSQL_ROOT_PASSWORD=" + M + " other=1")]
        [InlineData("https://h/api?token=abc&page=2", "https://h/api?token=" + M + "&page=2")]
        [InlineData("db_pass = 'x y'", "db_pass = 'x y'")]
        [InlineData("secret_key = 'x y z'", "secret_key = '" + M + "'")]
        [InlineData("{\"password\": \"p@ss\", \"user\": \"admin\"}", "{\"password\": \"" + M + "\", \"user\": \"admin\"}")]
        [InlineData("-  passwd: old\n+  passwd: new", "-  passwd: " + M + "\n+  passwd: " + M)]
        [InlineData("Authorization: Bearer eyJhbGciOi", "Authorization: " + M)]
        [InlineData("rabbitmqctl add_user nova --password s3cret --tags x", "rabbitmqctl add_user nova --password " + M + " --tags x")]
        [InlineData("curl --api-key=K123 http://x", "curl --api-key=" + M + " http://x")]
        [InlineData("ApiKey: K1\napi_key=K2", "ApiKey: " + M + "\napi_key=" + M)]
        [InlineData("password:\n  nested: value", "password:\n  nested: value")]
        [InlineData("passphrase=\"a \\\"b\\\" c\" next", "passphrase=\"" + M + "\" next")]
        [InlineData("password: \"unterminated", "password: " + M)]
        [InlineData("password='unterminated rest", "password=" + M + " rest")]
        public void Values_of_keys_that_name_secrets_are_masked_in_log_lines(string line, string expected)
        {
            Assert.Equal(expected, SecretMasker.Default.Mask(line));
        }

        [Theory]
        [InlineData("password")]
        [InlineData("token count is 3")]
        [InlineData("Secrets are masked in the journal.")]
        [InlineData("file:/etc/nginx/nginx.conf: changed")]
        [InlineData("tokenizer=fast")]
        public void Text_that_only_mentions_a_secret_word_keeps_its_words_unless_it_is_a_key_and_value(string text)
        {
            var masked = SecretMasker.Default.Mask(text);
            if (text == "tokenizer=fast") Assert.Equal("tokenizer=" + M, masked);   // over-masking is the safe side
            else Assert.Equal(text, masked);
        }

        [Fact]
        public void A_password_in_a_multi_line_log_is_masked_on_its_line_and_nothing_else_changes()
        {
            var log = "Reading package lists...\n" +
                      "debconf: mysql-server/root_password: Sup3r\n" +
                      "Setting up mysql-server (8.0) ...\n" +
                      "keystone-manage bootstrap --bootstrap-password Sup3r --bootstrap-username admin\n" +
                      "done\n";
            var masked = new SecretMasker(new[] { "Sup3r" }).Mask(log);
            Assert.DoesNotContain("Sup3r", masked);
            Assert.Equal(log.Split('\n').Length, masked.Split('\n').Length);
            Assert.Contains("Setting up mysql-server (8.0) ...\n", masked);
            Assert.Contains("--bootstrap-username admin", masked);
            // Without the value given, the key patterns alone still hide it.
            var byPattern = SecretMasker.Default.Mask(log);
            Assert.DoesNotContain("Sup3r", byPattern);
        }

        [Fact]
        public void A_run_is_masked_in_every_free_text_and_keeps_everything_else()
        {
            var run = RunSamples.Full();
            var secretRun = new McpRun(run.RunId, run.Started, run.Finished, run.User, run.ModelPath, run.ModelCommit, run.Targets, run.States,
                run.WhatIf, run.StatusValue, run.Nodes.Select(n => new McpNodeRun(n.Node, n.StatusValue,
                    n.Results.Select(r => new McpStateResult(r.Node, r.StateId, r.Resource, r.ResultValue, r.Changes + "pw1", r.Comment + "pw1", r.Elapsed)).ToList(),
                    n.Error + "pw1", n.Log + "pw1")).ToList());

            var masked = new SecretMasker(new[] { "pw1" }).Mask(secretRun);

            Assert.Equal(run.RunId, masked.RunId);
            Assert.Equal(run.Started, masked.Started);
            Assert.Equal(run.Status, masked.Status);
            Assert.Equal(run.Targets, masked.Targets);
            foreach (var node in masked.Nodes)
            {
                Assert.EndsWith(M, node.Log);
                Assert.EndsWith(M, node.Error);
                Assert.All(node.Results, r => { Assert.EndsWith(M, r.Changes); Assert.EndsWith(M, r.Comment); });
            }
            Assert.Equal(run.Nodes.Select(n => n.Results.Count), masked.Nodes.Select(n => n.Results.Count));
            Assert.Equal(run.Nodes[0].Results[1].Duration, masked.Nodes[0].Results[1].Duration);
        }

        [Fact]
        public void Masking_is_idempotent()
        {
            var masker = new SecretMasker(new[] { "pw" });
            var once = masker.Mask("password: pw\ntoken=pw --secret pw");
            Assert.Equal(once, masker.Mask(once));
        }

        [Fact]
        public void A_run_is_masked_in_every_text_a_value_can_reach_and_node_names_stay()
        {
            var m = new SecretMasker(new[] { "hunter2" });
            var result = new McpStateResult("ctl01", "set_hunter2", "cmd:mysql -phunter2", McpResourceResult.Failed, "- hunter2", "exit 1: hunter2");
            var run = new McpRun("r1", DateTimeOffset.Now, DateTimeOffset.Now, "u", "/m", null, new[] { "I@db:password:hunter2" }, new[] { "db" }, false,
                McpRunStatus.Failed, new[] { new McpNodeRun("ctl01", McpRunStatus.Failed, new[] { result }, "hunter2 failed", "log hunter2") });
            var masked = m.Mask(run);
            var r = masked.Nodes[0].Results[0];
            Assert.Equal("set_********", r.StateId);
            Assert.Equal("cmd:mysql -p********", r.Resource);
            Assert.Equal("- ********", r.Changes);
            Assert.Equal("exit 1: ********", r.Comment);
            Assert.Equal("I@db:password:********", masked.Targets[0]);
            Assert.Equal("ctl01", masked.Nodes[0].Node);
            Assert.DoesNotContain("hunter2", masked.Nodes[0].Error + masked.Nodes[0].Log);
        }
    }
}
