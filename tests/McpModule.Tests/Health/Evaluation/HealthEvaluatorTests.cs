#nullable enable
using System.Collections.Generic;
using System.Linq;
using McpModule.Health;
using McpModule.Health.Evaluation;
using Xunit;
using static McpModule.Tests.Health.Evaluation.HealthModels;

namespace McpModule.Tests.Health.Evaluation
{
    /// The built-in definitions of the lab model's three controllers (linux, ntp, openssh) over
    /// metrics of faults; every expected status is worked out by hand from the policies
    /// (gse_policies.lua) in the comment beside it.
    public class HealthEvaluatorTests
    {
        private static readonly string[] Controllers = { "ctl01.lab.local", "ctl02.lab.local", "ctl03.lab.local" };

        private static HealthReport Evaluate(IEnumerable<McpMetric> metrics)
        {
            var nodes = LabModel.Where(n => Controllers.Contains(n.Name)).ToList();
            return new HealthEvaluator(Definitions(nodes)).Evaluate(metrics, Now);
        }

        private static McpMetric Chrony(string node, double active) =>
            Metric(node, "systemd_unit_active", active, 0, ("unit", "chrony.service"), ("service", "ntp"));

        private static IEnumerable<McpMetric> AllHealthyBut(params McpMetric[] faults) =>
            Controllers.SelectMany(n => Healthy(n)).Where(m => !faults.Any(f => f.Node == m.Node && f.Name == m.Name && f.Dimensions.SequenceEqual(m.Dimensions))).Concat(faults);

        private static McpHealthStatus Service(HealthReport report, string name) => report.Services.Single(s => s.Entity == name);

        [Fact]
        public void Healthy_controllers_are_okay_at_every_level()
        {
            var report = Evaluate(AllHealthyBut());
            Assert.All(report.Nodes, n => Assert.Equal(McpHealthState.Okay, n.Status));
            Assert.Equal(McpHealthState.Okay, Service(report, "ntp").Status);
            Assert.Equal(McpHealthState.Okay, Service(report, "system").Status);
            Assert.Equal(McpHealthState.Okay, Service(report, "openssh").Status);
            Assert.Equal(3, Service(report, "ntp").Members.Count);
        }

        [Fact]
        public void Ntp_stopped_on_one_of_three_is_that_node_down_and_the_service_warn()
        {
            // availability_of_members over hosts: okay 2 of 3 -> not 0 okay, not (1 okay and >1 down)
            // -> percent okay 66.7 < 100 -> WARN.
            var report = Evaluate(AllHealthyBut(Chrony("ctl02.lab.local", 0)));
            var ntp = Service(report, "ntp");
            Assert.Equal(McpHealthState.Warn, ntp.Status);
            Assert.Equal(McpHealthState.Down, report.Nodes.Single(n => n.Entity == "ctl02.lab.local").Status);
            var reason = Assert.Single(ntp.Reasons);
            Assert.Equal("ctl02.lab.local", reason.Node);
            Assert.Equal("ntp_service_down", reason.Trigger);
            Assert.Equal(0, reason.Value);
            Assert.Equal("chrony.service", reason.Fields["unit"]);
            Assert.Equal("ctl02.lab.local: ntp_service_down last(systemd_unit_active{unit=chrony.service}) = 0 < 1 (down)", reason.ToString());
        }

        [Fact]
        public void Ntp_stopped_on_two_of_three_is_critical_and_on_all_three_down()
        {
            // 1 okay and 2 down: count okay == 1 and count crit/down > 1 -> CRIT.
            Assert.Equal(McpHealthState.Critical, Service(Evaluate(AllHealthyBut(Chrony("ctl01.lab.local", 0), Chrony("ctl03.lab.local", 0))), "ntp").Status);
            // none okay: count okay == 0 -> DOWN.
            Assert.Equal(McpHealthState.Down, Service(Evaluate(AllHealthyBut(Controllers.Select(n => Chrony(n, 0)).ToArray())), "ntp").Status);
        }

        [Fact]
        public void An_unreachable_node_is_down_in_system_and_unknown_in_its_services()
        {
            // ctl03 answers nothing: ssh_check 0 (the collector's own metric), no other metric.
            var metrics = Controllers.Take(2).SelectMany(n => Healthy(n)).Append(Metric("ctl03.lab.local", "ssh_check", 0)).ToList();
            var report = Evaluate(metrics);
            Assert.Equal(McpHealthState.Down, report.Nodes.Single(n => n.Entity == "ctl03.lab.local").Status);
            // ntp_service on ctl03: no datapoint ever -> no_data_policy (unknown); availability_of_members:
            // okay 2 of 3 -> WARN.
            Assert.Equal(McpHealthState.Warn, Service(report, "ntp").Status);
            Assert.Contains(Service(report, "ntp").Members, m => m.Node == "ctl03.lab.local" && m.Status == McpHealthState.Unknown);
            // its reason says no data, with the alarm's status (unknown), not the trigger's down
            var noData = Assert.Single(Service(report, "ntp").Reasons);
            Assert.Equal(("ctl03.lab.local", McpHealthState.Unknown, (double?)null), (noData.Node, noData.Severity, noData.Value));
            Assert.Empty(report.Nodes.Single(n => n.Entity == "ctl01.lab.local").Reasons);
            // system, majority_of_node_members: hosts okay, okay, down -> percent down 33.3 (not 100),
            // percent crit/down 33.3 (< 50) -> percent of crit/down/unkw/warn > 0 -> WARN.
            Assert.Equal(McpHealthState.Warn, Service(report, "system").Status);
        }

        [Fact]
        public void A_full_file_system_fires_the_critical_disk_alarm_on_its_node()
        {
            var full = Metric("ctl01.lab.local", "fs_space_percent_free", 3, 0, ("fs", "/srv"), ("type", "ext4"));
            var report = Evaluate(AllHealthyBut().Append(full));
            var node = report.Nodes.Single(n => n.Entity == "ctl01.lab.local");
            Assert.Equal(McpHealthState.Critical, node.Status);
            var reason = Assert.Single(node.Reasons);
            Assert.Equal("linux_system_fs", reason.Alarm);
            Assert.Equal("/srv", reason.Fields["fs"]);
            Assert.Equal(3, reason.Value);
            // system: one host critical of three -> percent crit/down 33.3 < 50 -> WARN.
            Assert.Equal(McpHealthState.Warn, Service(report, "system").Status);
        }

        [Fact]
        public void The_window_holds_older_values_and_drops_what_fell_out_of_it()
        {
            // cpu_wait avg over 120 s: 40 a minute ago and 40 now -> 40 >= 35 -> critical.
            var busy = AllHealthyBut(Metric("ctl01.lab.local", "cpu_wait", 40)).Append(Metric("ctl01.lab.local", "cpu_wait", 40, 60));
            Assert.Equal(McpHealthState.Critical, Evaluate(busy).Nodes.Single(n => n.Entity == "ctl01.lab.local").Status);
            // 40 four minutes ago is outside the 120 s window: only the 1 of now counts -> okay.
            var past = AllHealthyBut().Append(Metric("ctl01.lab.local", "cpu_wait", 40, 240));
            Assert.Equal(McpHealthState.Okay, Evaluate(past).Nodes.Single(n => n.Entity == "ctl01.lab.local").Status);
        }

        [Fact]
        public void Statuses_given_are_evaluated_by_the_cluster_policies_alone()
        {
            var first = Evaluate(AllHealthyBut(Chrony("ctl01.lab.local", 0), Chrony("ctl02.lab.local", 0)));
            var nodes = LabModel.Where(n => Controllers.Contains(n.Name)).ToList();
            var replay = new HealthEvaluator(Definitions(nodes)).EvaluateStatuses(first.Nodes, Now);
            Assert.Equal(McpHealthState.Critical, replay.Services.Single(s => s.Entity == "ntp").Status);
            Assert.Equal(first.Services.Select(s => (s.Entity, s.Status)), replay.Services.Select(s => (s.Entity, s.Status)));
        }

        [Fact]
        public void Worst_first_puts_down_before_critical_before_unknown_before_warn()
        {
            var report = Evaluate(AllHealthyBut(Chrony("ctl02.lab.local", 0)));
            var order = report.Select(new[] { McpHealthLevel.Node, McpHealthLevel.Service, McpHealthLevel.Cluster }).Select(s => (int)s.Status).ToList();
            Assert.Equal(order.OrderByDescending(x => x), order);
            Assert.Equal(McpHealthState.Down, report.Worst(new[] { McpHealthLevel.Node }));
        }
    }
}
