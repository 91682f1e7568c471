using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.States.Formulas;
using Xunit;

namespace McpModule.Tests.States
{
    /// The built-in formulas with hostile pillar values (issue "Hostile input", item 1): every
    /// shell text they plan runs under StubShell, and a value's `$(touch MARKER)` never runs;
    /// a value that would add structure (a line, a state) is refused before any plan exists.
    /// tests/Pester/HostileLab.Tests.ps1 applies the same values to lab nodes.
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]   // StubShell: /bin/sh and chmod
    public sealed class BuiltinFormulaInjectionTests : IDisposable
    {
        private readonly StubShell _shell = new StubShell();

        public void Dispose() => _shell.Dispose();

        private static Dictionary<string, object> Map(params (string Key, object Value)[] entries) =>
            entries.ToDictionary(e => e.Key, e => e.Value);

        private static NodePlan Plan(PlanInput input, params string[] states) => new StatePlanner(new FormulaLibrary(null)).Plan(input, states);

        private void AssertNothingRan(NodePlan plan, int atLeast)
        {
            var ran = _shell.RunAll(plan);
            Assert.True(ran.Count >= atLeast, $"expected at least {atLeast} shell texts, ran: {string.Join(" | ", ran)}");
            Assert.False(_shell.MarkerExists, "a pillar value ran as code in: " + string.Join("\n", ran));
        }

        [Fact]
        public void The_stub_shell_sees_a_value_that_runs()
        {
            _shell.Run("echo " + _shell.Payload);
            Assert.True(_shell.MarkerExists);
        }

        [Fact]
        public void A_timezone_with_quotes_and_a_command_stays_a_timezone_name()
        {
            var tz = "UTC'; touch " + _shell.Marker + "; '";
            var plan = Plan(new PlanInput("web01", Map(("linux", Map(("system", Map(("timezone", tz))))))), "linux.system.timezone");
            AssertNothingRan(plan, 2);
            Assert.Equal("/usr/share/zoneinfo/" + tz, plan.Resources.Single(r => r.StateId == "linux_timezone_localtime").Arguments["target"]);
        }

        [Fact]
        public void A_locale_key_with_a_command_substitution_stays_a_locale_name()
        {
            var locale = Map((_shell.Payload, Map(("enabled", true), ("default", true))));
            var plan = Plan(new PlanInput("web01", Map(("linux", Map(("system", Map(("locale", locale))))))), "linux.system.locale");
            AssertNothingRan(plan, 3);
        }

        [Fact]
        public void A_hostname_with_a_command_substitution_stays_a_hostname()
        {
            var plan = Plan(new PlanInput("web01", Map(("linux", Map(("system", Map(("name", "web01" + _shell.Payload))))), ("ceph", null))), "linux");
            var hostname = plan.Resources.Single(r => r.StateId == "linux_hostname");
            // The name is `hostname WORD`: only the unless check may run here; the word is checked by the shell's own parse.
            _shell.Run(((string)hostname.Arguments["unless"]));
            _shell.Run(hostname.Name.Replace("hostname ", "echo "));
            Assert.False(_shell.MarkerExists);
            Assert.Equal("hostname " + McpModule.Execution.ShellQuote.Quote("web01" + _shell.Payload), hostname.Name);
        }

        [Fact]
        public void A_line_break_in_a_host_name_entry_that_would_add_a_state_is_refused()
        {
            var hosts = Map(("evil", Map(("address", "10.9.9.9"), ("names", new List<object> { "a\nevil_state:\n  cmd.run:\n    name: touch " + _shell.Marker }))));
            var e = Assert.Throws<FormulaException>(() =>
                Plan(new PlanInput("web01", Map(("linux", Map(("network", Map(("host", hosts))))))), "linux"));
            Assert.Equal("Mcp.State.ValueChangesShape", e.ErrorId);
            Assert.Contains("linux/init.yml", e.File);
            Assert.Contains("a value adds the key 'evil_state' (a state of its own)", e.Message);
        }

        [Fact]
        public void A_line_break_in_a_host_name_entry_that_stays_in_the_file_is_refused_too()
        {
            var hosts = Map(("evil", Map(("address", "10.9.9.9"), ("names", new List<object> { "a\n      10.6.6.6 mirror.lab.local" }))));
            var e = Assert.Throws<FormulaException>(() =>
                Plan(new PlanInput("web01", Map(("linux", Map(("network", Map(("host", hosts))))))), "linux"));
            Assert.Contains("linux_hosts → file.managed → contents", e.Message);
        }

        [Fact]
        public void A_package_name_that_would_add_a_state_is_refused()
        {
            var packages = Map(("htop:\n  cmd.run:\n    name: touch " + _shell.Marker + "\nx", Map(("version", "latest"))));
            var e = Assert.Throws<FormulaException>(() =>
                Plan(new PlanInput("web01", Map(("linux", Map(("system", Map(("package", packages))))))), "linux"));
            Assert.Equal("Mcp.State.ValueChangesShape", e.ErrorId);
        }

        [Fact]
        public void An_interface_option_with_a_line_break_cannot_add_an_ifupdown_directive()
        {
            var interfaces = Map(("ens3", Map(("enabled", true), ("proto", "static"), ("address", "10.0.0.5\n          up touch " + _shell.Marker))));
            var e = Assert.Throws<FormulaException>(() =>
                Plan(new PlanInput("web01", Map(("linux", Map(("network", Map(("interface", interfaces))))))), "linux.network.interface"));
            Assert.Equal("Mcp.State.ValueChangesShape", e.ErrorId);
        }

        [Fact]
        public void Ceph_ids_timeouts_fsid_and_monitor_addresses_stay_data()
        {
            var id = "cmn01" + _shell.Payload;
            var pillar = Map(("ceph", Map(
                ("common", Map(("fsid", "ed093131" + _shell.Payload),
                               ("members", new List<object> { Map(("name", id), ("host", "10.13.0.11" + _shell.Payload)), Map(("name", "cmn02"), ("host", "10.13.0.12'; touch " + _shell.Marker + "; '")) }),
                               ("keyring", Map(("admin", Map(("key", "AQD=="))))))),
                ("mon", Map(("enabled", true), ("quorum_timeout", "1; touch " + _shell.Marker), ("keyring", Map(("mon", Map(("key", "AQD=="))))))),
                ("mgr", Map(("enabled", true), ("connect_timeout", _shell.Payload))))));
            var plan = Plan(new PlanInput(id + ".ceph.local", pillar), "ceph");
            AssertNothingRan(plan, 4);
            Assert.Equal("ceph-mon@" + id, plan.Resources.Single(r => r.StateId == "ceph_mon_service").Name);
        }

        [Fact]
        public void A_ceph_node_that_is_not_a_member_says_so_without_running_its_name()
        {
            var pillar = Map(("ceph", Map(
                ("common", Map(("fsid", "f"), ("members", new List<object> { Map(("name", "cmn02" + _shell.Payload), ("host", "10.0.0.2")) }))),
                ("mon", Map(("enabled", true))))));
            var plan = Plan(new PlanInput("cmn09" + _shell.Payload + ".ceph.local", pillar), "ceph.mon");
            AssertNothingRan(plan, 2);
        }

        [Fact]
        public void Ceph_common_without_its_pillar_names_the_node_as_text()
        {
            var plan = Plan(new PlanInput("cmn09" + _shell.Payload + ".ceph.local", Map(("ceph", Map(("common", Map(("public_network", "x"))))))), "ceph.common");
            AssertNothingRan(plan, 1);
        }
    }
}
