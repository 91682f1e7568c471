using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Execution;
using McpModule.Execution.Agent;
using McpModule.Lab;
using McpModule.Settings;
using McpModule.Tests.Targeting;
using Xunit;

namespace McpModule.Tests.Execution
{
    public sealed class SshConnectionPlanTests : IDisposable
    {
        private readonly string _repo;

        public SshConnectionPlanTests()
        {
            _repo = Path.Combine(Path.GetTempPath(), "mcp-plan-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(_repo, ".git"));
        }

        public void Dispose() => Directory.Delete(_repo, recursive: true);

        private McpSettings Settings(string json = null, Hashtable env = null, Dictionary<string, object> parameters = null)
        {
            if (json != null) File.WriteAllText(Path.Combine(_repo, "mcp.settings.json"), json);
            return McpSettings.Load(_repo, parameters, env ?? new Hashtable());
        }

        private static McpLabInfo Lab(string cluster = "lab", string node = "ctl01", string address = "10.99.0.11") => new McpLabInfo
        {
            Cluster = cluster,
            User = "labuser",
            Port = 2200,
            IdentityFile = "/labs/lab/id_ed25519",
            KnownHostsFile = "/labs/lab/known_hosts",
            Nodes = { new McpLabNodeInfo { Name = node, FullName = node + ".lab.local", Address = address } },
        };

        private static SshTarget ModelTarget(string user = null, int? port = null) =>
            new SshTarget("ctl01.lab.local", "10.11.0.11", user, port, "_param:single_address", "lab");

        [Fact]
        public void Without_lab_file_variables_or_parameters_a_node_gets_the_defaults()
        {
            var plan = SshConnectionPlan.Create(Settings(), findAccess: null);
            var t = plan.Resolve(ModelTarget());
            Assert.Equal("10.11.0.11", t.Address);
            Assert.Equal("root", t.User);
            Assert.Equal(22, t.Port);
            Assert.Null(t.KnownHostsFile);
            Assert.Null(t.KeyFiles);
            Assert.Equal(32, plan.Options.ThrottleLimit);
            Assert.Equal(TimeSpan.FromSeconds(10), plan.Options.ConnectTimeout);
            Assert.Equal(TimeSpan.FromSeconds(300), plan.Options.CommandTimeout);
            Assert.False(plan.Options.AcceptNewHostKey);
        }

        [Fact]
        public void The_settings_file_gives_user_port_key_known_hosts_throttle_and_timeouts()
        {
            var plan = SshConnectionPlan.Create(Settings(
                "{ \"SshUser\": \"ops\", \"SshPort\": 2022, \"SshKeyFile\": \"keys/id\", \"KnownHostsFile\": \"kh\", " +
                "\"ThrottleLimit\": 3, \"ConnectTimeoutSeconds\": 4, \"CommandTimeoutSeconds\": 5, \"AcceptNewHostKey\": true, \"ReuseConnectionSeconds\": 6 }"),
                findAccess: null);
            var t = plan.Resolve(new SshTarget("10.0.0.1", "10.0.0.1"));
            Assert.Equal("ops", t.User);
            Assert.Equal(2022, t.Port);
            Assert.Equal(new[] { Path.Combine(_repo, "keys", "id") }, plan.KeyFiles);
            Assert.Equal(Path.Combine(_repo, "kh"), plan.Options.KnownHostsFile);
            Assert.Equal(3, plan.Options.ThrottleLimit);
            Assert.Equal(TimeSpan.FromSeconds(4), plan.Options.ConnectTimeout);
            Assert.Equal(TimeSpan.FromSeconds(5), plan.Options.CommandTimeout);
            Assert.Equal(TimeSpan.FromSeconds(6), plan.Options.ReuseConnection);
            Assert.True(plan.Options.AcceptNewHostKey);
            Assert.Contains("user from mcp.settings.json", t.Origin);
        }

        [Fact]
        public void An_environment_variable_beats_the_file_and_a_parameter_beats_both()
        {
            var env = new Hashtable { ["MCP_THROTTLELIMIT"] = "7", ["MCP_SSHPORT"] = "2023" };
            var plan = SshConnectionPlan.Create(Settings("{ \"ThrottleLimit\": 3, \"SshPort\": 2022 }", env), findAccess: null);
            Assert.Equal(7, plan.Options.ThrottleLimit);
            Assert.Equal(2023, plan.Resolve(new SshTarget("n", "n")).Port);
            Assert.Contains("port from MCP_SSHPORT", plan.Resolve(new SshTarget("n", "n")).Origin);

            plan = SshConnectionPlan.Create(Settings(null, env, new Dictionary<string, object> { ["ThrottleLimit"] = 9, ["SshPort"] = 2024 }), findAccess: null);
            Assert.Equal(9, plan.Options.ThrottleLimit);
            Assert.Equal(2024, plan.Resolve(new SshTarget("n", "n")).Port);
        }

        [Fact]
        public void The_model_user_and_port_of_a_node_beat_the_settings()
        {
            var plan = SshConnectionPlan.Create(Settings("{ \"SshUser\": \"ops\", \"SshPort\": 2022 }"), findAccess: null);
            var t = plan.Resolve(ModelTarget("admin", 2222));
            Assert.Equal("admin", t.User);
            Assert.Equal(2222, t.Port);
        }

        [Fact]
        public void A_running_lab_gives_its_node_address_user_port_key_and_known_hosts_over_model_and_settings()
        {
            var plan = SshConnectionPlan.Create(Settings("{ \"SshUser\": \"ops\", \"SshPort\": 2022, \"SshKeyFile\": \"id\", \"KnownHostsFile\": \"kh\" }"),
                                                findAccess: (c, n) => McpModule.Lab.LabAccess.From(c == "lab" ? Lab() : null, n));
            var t = plan.Resolve(ModelTarget("admin", 2222));
            Assert.Equal("10.99.0.11", t.Address);
            Assert.Equal("labuser", t.User);
            Assert.Equal(2200, t.Port);
            Assert.Equal(new[] { "/labs/lab/id_ed25519" }, t.KeyFiles);
            Assert.Equal("/labs/lab/known_hosts", t.KnownHostsFile);
            Assert.Equal(new[] { "/labs/lab/id_ed25519" }, plan.NodeKeyFiles(new[] { t }));
            Assert.Contains("address from lab 'lab'", t.Origin);
        }

        [Fact]
        public void Explicit_parameters_beat_the_lab_but_the_lab_address_stays()
        {
            var parameters = new Dictionary<string, object> { ["SshUser"] = "me", ["SshPort"] = 2201, ["KnownHostsFile"] = "/tmp/kh" };
            var plan = SshConnectionPlan.Create(Settings(null, null, parameters), new[] { "/tmp/mykey" }, findAccess: (c, n) => McpModule.Lab.LabAccess.From(Lab(), n));
            var t = plan.Resolve(ModelTarget());
            Assert.Equal("10.99.0.11", t.Address);
            Assert.Equal("me", t.User);
            Assert.Equal(2201, t.Port);
            Assert.Null(t.KeyFiles);                     // the run's keys: -KeyFile
            Assert.Equal(new[] { "/tmp/mykey" }, plan.KeyFiles);
            Assert.Null(t.KnownHostsFile);               // the run's known_hosts: -KnownHostsFile
            Assert.Equal("/tmp/kh", plan.Options.KnownHostsFile);
            Assert.Empty(plan.NodeKeyFiles(new[] { t }));
        }

        [Fact]
        public void The_credential_user_beats_every_other_user()
        {
            var plan = SshConnectionPlan.Create(Settings(null, null, new Dictionary<string, object> { ["SshUser"] = "me" }),
                                                credentialUser: "cred", hasPassword: true, findAccess: (c, n) => McpModule.Lab.LabAccess.From(Lab(), n));
            Assert.Equal("cred", plan.Resolve(ModelTarget("admin")).User);
            Assert.Empty(plan.KeyFiles);                 // a password and no key: the default keys are not offered
        }

        [Fact]
        public void A_lab_of_another_cluster_or_without_the_node_is_not_used()
        {
            var plan = SshConnectionPlan.Create(Settings(), findAccess: (c, n) => McpModule.Lab.LabAccess.From(c == "other" ? Lab("other") : Lab(node: "cmp001"), n));
            var t = plan.Resolve(ModelTarget());
            Assert.Equal("10.11.0.11", t.Address);
            Assert.Equal(22, t.Port);
            Assert.Null(t.KnownHostsFile);
            var plain = plan.Resolve(SshTarget.FromName("ctl01"));   // a plain name has no cluster: no lab
            Assert.Equal("ctl01", plain.Address);
            Assert.Null(plain.KeyFiles);
        }

        [Fact]
        public void The_lookup_is_asked_with_each_targets_cluster_and_node_and_never_for_a_plain_name()
        {
            var asked = new List<string>();
            var plan = SshConnectionPlan.Create(Settings(), findAccess: (c, n) => { asked.Add(c + "/" + n); return McpModule.Lab.LabAccess.From(Lab(), n); });
            plan.Resolve(ModelTarget());
            plan.Resolve(SshTarget.FromName("ctl01"));
            Assert.Equal(new[] { "lab/ctl01.lab.local" }, asked);
        }

        [Fact]
        public void A_passphrase_from_the_settings_never_shows_in_the_origin()
        {
            var plan = SshConnectionPlan.Create(Settings(null, new Hashtable { ["MCP_SSHKEYPASSPHRASE"] = "s3cret-phrase" }), findAccess: null);
            Assert.DoesNotContain("s3cret-phrase", plan.Resolve(ModelTarget()).Origin);
        }

        private static Func<string, string> Sock(string path) => name => name == "SSH_AUTH_SOCK" ? path : null;

        [Fact]
        public void The_agent_is_asked_in_Auto_when_its_socket_is_set_and_no_key_file_or_password_is_given()
        {
            var plan = SshConnectionPlan.Create(Settings(), findAccess: null, environment: Sock("/run/agent.sock"));
            Assert.Equal(SshAgentUse.IfAvailable, plan.Options.Agent);
            Assert.Equal(plan.KeyFiles, plan.OptionalKeyFiles);   // the default ~/.ssh/id_* may be left out
            Assert.Contains("/run/agent.sock", plan.AgentFrom);

            Assert.Equal(SshAgentUse.Never, SshConnectionPlan.Create(Settings(), findAccess: null, environment: Sock(null)).Options.Agent);
            Assert.Equal(SshAgentUse.Never, SshConnectionPlan.Create(Settings(), new[] { "/k/id" }, findAccess: null, environment: Sock("/s")).Options.Agent);
            Assert.Equal(SshAgentUse.Never, SshConnectionPlan.Create(Settings(), hasPassword: true, findAccess: null, environment: Sock("/s")).Options.Agent);
            Assert.Equal(SshAgentUse.Never, SshConnectionPlan.Create(Settings("{ \"SshKeyFile\": \"id\" }"), findAccess: null, environment: Sock("/s")).Options.Agent);
        }

        [Fact]
        public void Always_asks_the_agent_even_beside_a_key_file_and_Never_never()
        {
            var always = SshConnectionPlan.Create(Settings("{ \"SshAgent\": \"always\" }"), new[] { "/k/id" }, findAccess: null, environment: Sock(null));
            Assert.Equal(SshAgentUse.Required, always.Options.Agent);
            Assert.Empty(always.OptionalKeyFiles);   // a key file given is never left out
            var never = SshConnectionPlan.Create(Settings(null, null, new Dictionary<string, object> { ["SshAgent"] = "Never" }),
                                                 findAccess: null, environment: Sock("/s"));
            Assert.Equal(SshAgentUse.Never, never.Options.Agent);
            Assert.Null(never.AgentFrom);
        }

        [Fact]
        public void A_bad_SshAgent_value_is_a_setting_error()
        {
            var e = Assert.Throws<McpSettingsException>(() => Settings("{ \"SshAgent\": \"sometimes\" }"));
            Assert.Equal("SshAgent", e.SettingName);
        }

        [Fact]
        public void Without_a_JumpHost_setting_there_is_no_jump_host()
        {
            var plan = SshConnectionPlan.Create(Settings(), findAccess: null);
            Assert.Null(plan.ResolveJumpHost(new[] { ModelTarget() }));
            Assert.Null(plan.Options.JumpHost);
        }

        [Fact]
        public void A_JumpHost_naming_a_model_node_by_its_short_name_is_that_node_with_its_lab_address()
        {
            var cfg = new SshTarget("cfg01.lab.local", "10.11.0.15", null, null, "_param:single_address", "lab");
            var plan = SshConnectionPlan.Create(Settings("{ \"JumpHost\": \"cfg01\" }"),
                                                findAccess: (c, n) => McpModule.Lab.LabAccess.From(c == "lab" ? Lab(node: "cfg01", address: "10.99.0.15") : null, n));
            var jump = plan.ResolveJumpHost(new[] { ModelTarget(), cfg });
            Assert.Same(jump, plan.Options.JumpHost);
            Assert.Equal("cfg01.lab.local", jump.Name);
            Assert.Equal("10.99.0.15", jump.Address);
            Assert.Equal("labuser", jump.User);
            Assert.Equal(2200, jump.Port);
            Assert.Equal(new[] { "/labs/lab/id_ed25519" }, jump.KeyFiles);
            Assert.Equal("/labs/lab/known_hosts", jump.KnownHostsFile);
            Assert.Contains("the model node cfg01.lab.local", jump.Origin);
        }

        [Fact]
        public void A_JumpHost_with_user_and_port_overrides_them_and_a_plain_address_is_used_as_it_is()
        {
            var plan = SshConnectionPlan.Create(Settings("{ \"JumpHost\": \"ops@10.0.0.5:2222\", \"SshUser\": \"admin\" }"), findAccess: null);
            var jump = plan.ResolveJumpHost(new[] { ModelTarget() });
            Assert.Equal("10.0.0.5", jump.Name);
            Assert.Equal("10.0.0.5", jump.Address);
            Assert.Equal("ops", jump.User);
            Assert.Equal(2222, jump.Port);
            Assert.Null(jump.KeyFiles);
        }

        [Fact]
        public void A_short_name_two_clusters_share_is_not_guessed()
        {
            var plan = SshConnectionPlan.Create(Settings("{ \"JumpHost\": \"cfg01\" }"), findAccess: null);
            var jump = plan.ResolveJumpHost(new[]
            {
                new SshTarget("cfg01.a.local", "10.1.0.15", cluster: "a"),
                new SshTarget("cfg01.b.local", "10.2.0.15", cluster: "b"),
            });
            Assert.Equal("cfg01", jump.Address);   // taken as a host name
        }
    }
}
