#nullable enable
using System;
using System.Linq;
using McpModule.Health;
using McpModule.Health.Definitions;
using McpModule.Health.Evaluation;
using McpModule.Model.Data;
using McpModule.States.Formulas;
using Xunit;
using static McpModule.Tests.Health.HealthPillar;
using static McpModule.Tests.Health.Evaluation.HealthModels;

namespace McpModule.Tests.Health.Evaluation
{
    public class HealthDefinitionsTests
    {
        private static PlanInput Node(string name, OrderedMap pillar, params string[] applications) =>
            new PlanInput(name, pillar, applications);

        [Fact]
        public void The_ceph_model_reads_its_daemons_units_and_ceph_status_on_its_monitors_in_name_order()
        {
            var definitions = Definitions(CephModel);
            Assert.Equal(new[] { "cmn01.ceph.local", "cmn02.ceph.local", "cmn03.ceph.local" }, definitions.CephNodes);
            var cmn01 = definitions.Nodes["cmn01.ceph.local"];
            Assert.Contains(("ceph-mon", "ceph-mon@*.service"), cmn01.Units);
            Assert.Contains(("ceph-osd", "ceph-osd@*.service"), cmn01.Units);
            Assert.Contains(cmn01.CreateAlarms(), a => a.Name == "ceph_osd_service");
            Assert.Contains(definitions.CreateRemoteAlarms(), a => a.Name == "ceph_health");
            var clusters = definitions.CreateClusters().Select(c => c.Name).ToList();
            // the cluster of clusters comes after its members
            Assert.True(clusters.IndexOf("ceph") > clusters.IndexOf("ceph-osd"));
            Assert.True(clusters.IndexOf("ceph") > clusters.IndexOf("ceph-cluster"));
        }

        [Fact]
        public void Ceph_warn_and_one_osd_host_down_make_the_ceph_cluster_warn()
        {
            var nodes = CephModel.Select(n => n.Name).ToList();
            var metrics = nodes.SelectMany(n => new[]
            {
                Metric(n, "ssh_check", 1),
                Metric(n, "systemd_unit_active", 1, 0, ("unit", "ceph-mon@" + n.Split('.')[0] + ".service"), ("service", "ceph-mon")),
                Metric(n, "systemd_unit_active", 1, 0, ("unit", "ceph-mgr@" + n.Split('.')[0] + ".service"), ("service", "ceph-mgr")),
                Metric(n, "systemd_unit_active", n.StartsWith("cmn02", StringComparison.Ordinal) ? 0 : 1, 0, ("unit", "ceph-osd@1.service"), ("service", "ceph-osd")),
            }).Concat(new[] { Metric("", "ceph_health", 2), Metric("", "ceph_cluster_space_percent_free", 80) });
            var report = new HealthEvaluator(Definitions(CephModel)).Evaluate(metrics, Now);
            // ceph-osd, availability_of_members: okay 2 of 3 -> WARN; ceph-cluster, highest_severity:
            // ceph_health warn, ceph_capacity okay -> WARN; ceph, highest_severity over
            // (mon okay, mgr okay, osd warn, cluster warn) -> WARN.
            Assert.Equal(McpHealthState.Warn, report.Services.Single(s => s.Entity == "ceph-osd").Status);
            Assert.Equal(McpHealthState.Warn, report.Services.Single(s => s.Entity == "ceph-cluster").Status);
            var ceph = report.Clusters.Single(s => s.Entity == "ceph");
            Assert.Equal(McpHealthState.Warn, ceph.Status);
            Assert.Equal(McpHealthLevel.Cluster, ceph.Level);
            Assert.Contains(ceph.Reasons, r => r.Trigger == "ceph_health_warning" && r.Node == "");
            Assert.Contains(ceph.Reasons, r => r.Trigger == "ceph_osd_service_down" && r.Node == "cmn02.ceph.local");
        }

        [Fact]
        public void A_pillar_trigger_merges_over_the_formula_one_and_an_alarm_can_be_turned_off()
        {
            var collector = Map(
                ("trigger", Map(("ntp_service_down", Map(("severity", "critical"))))),
                ("alarm", Map(("ntp_logs", Map(("enabled", false))))));
            var pillar = Map(("heka", Map(("metric_collector", collector))));
            var definitions = Definitions(Node("n1", pillar, "ntp"));
            var alarms = definitions.Nodes["n1"].CreateAlarms();
            Assert.DoesNotContain(alarms, a => a.Name == "ntp_logs");
            var trigger = alarms.Single(a => a.Name == "ntp_service").Triggers.Single();
            Assert.Equal(McpHealthState.Critical, trigger.Severity);
            // the rules came from the formula's meta/health.yml
            Assert.Equal("systemd_unit_active", trigger.Rules.Single().Metric);
        }

        [Fact]
        public void A_definition_error_names_the_pillar_of_the_node_and_the_key()
        {
            var rule = Map(("metric", "fs_space_percent_free"), ("function", "median"), ("relational_operator", "<"), ("threshold", 5L));
            var collector = Map(
                ("trigger", Map(("disk", Map(("severity", "critical"), ("rules", List(rule)))))),
                ("alarm", Map(("disk", Map(("triggers", List("disk")))))));
            var pillar = Map(("linux", Map(("system", Map(("metric_collector", collector))))));
            var e = Assert.Throws<HealthModelException>(() => Definitions(Node("n1", pillar, "linux")));
            Assert.Equal("pillar of n1", e.Origin);
            Assert.Equal("linux:system:metric_collector:trigger:disk:rules:0:function", e.Key);
            Assert.Contains("'median'", e.Message);
        }

        [Fact]
        public void An_error_in_a_pillar_trigger_of_a_formula_alarm_names_the_pillar()
        {
            var rule = Map(("metric", "x"), ("function", "median"), ("relational_operator", "<"), ("threshold", 1L));
            var collector = Map(("trigger", Map(("ntp_service_down", Map(("rules", List(rule)))))));
            var pillar = Map(("heka", Map(("metric_collector", collector))));
            var e = Assert.Throws<HealthModelException>(() => Definitions(Node("n1", pillar, "ntp")));
            Assert.Equal("pillar of n1", e.Origin);
            Assert.Equal("heka:metric_collector:trigger:ntp_service_down:rules:0:function", e.Key);
        }

        [Fact]
        public void Clusters_that_are_members_of_each_other_are_refused_with_the_cycle()
        {
            var clusters = Map(
                ("a", Map(("policy", "highest_severity"), ("members", List("b")))),
                ("b", Map(("policy", "highest_severity"), ("members", List("a")))));
            var pillar = Map(("heka", Map(("aggregator", Map(("alarm_cluster", clusters))))));
            var e = Assert.Throws<HealthModelException>(() => Definitions(Node("n1", pillar)));
            Assert.Contains("a -> b -> a", e.Message);
        }

        [Fact]
        public void A_cluster_that_is_not_okay_reports_its_dependencies_reasons_without_counting_them()
        {
            // nova depends on (hints) ntp: ntp's down member shows in nova's reasons only while nova is
            // not okay itself, and never changes nova's status.
            var clusters = Map(
                ("nova", Map(("policy", "highest_severity"), ("group_by", "member"), ("members", List("system")), ("hints", List("ntp")))));
            var pillar = Map(("heka", Map(("aggregator", Map(("alarm_cluster", clusters))))));
            var nodes = new[] { Node("n1", pillar, "linux", "ntp") };
            var evaluator = new HealthEvaluator(Definitions(nodes));
            McpMetric M(string name, double v, params (string, string)[] d) => Metric("n1", name, v, 0, d);
            var fine = new[] { M("ssh_check", 1), M("cpu_wait", 1), M("cpu_idle", 90), M("memory_percent_available", 50),
                M("fs_space_percent_free", 50, ("fs", "/")), M("fs_inodes_percent_free", 50, ("fs", "/")) };
            var chronyDown = M("systemd_unit_active", 0, ("unit", "chrony.service"), ("service", "ntp"));
            var okay = evaluator.Evaluate(fine.Append(chronyDown), Now).Clusters.Single(c => c.Entity == "nova");
            Assert.Equal(McpHealthState.Okay, okay.Status);
            Assert.Empty(okay.Reasons);
            var full = M("fs_space_percent_free", 1, ("fs", "/"));
            var crit = evaluator.Evaluate(fine.Where(m => m.Name != "fs_space_percent_free").Append(full).Append(chronyDown), Now).Clusters.Single(c => c.Entity == "nova");
            Assert.Equal(McpHealthState.Critical, crit.Status);
            Assert.Contains(crit.Reasons, r => r.Trigger == "linux_system_fs_critical" && r.Dependency == "");
            Assert.Contains(crit.Reasons, r => r.Trigger == "ntp_service_down" && r.Dependency == "ntp");
        }

        [Fact]
        public void A_cluster_naming_an_unknown_policy_is_refused()
        {
            var clusters = Map(("a", Map(("policy", "most_votes"), ("members", List("x")))));
            var pillar = Map(("heka", Map(("aggregator", Map(("alarm_cluster", clusters))))));
            var e = Assert.Throws<HealthModelException>(() => Definitions(Node("n1", pillar)));
            Assert.Equal("heka:aggregator:alarm_cluster:a:policy", e.Key);
        }

        [Fact]
        public void Haproxy_listeners_are_endpoints_and_remote_collector_endpoints_are_read()
        {
            var lab = Definitions(LabModel, ModelPath("lab"));
            Assert.Contains(lab.Endpoints, e => e.Name == "keystone_public_api" && e.Url.EndsWith(":5000/", StringComparison.Ordinal));
            var endpoint = Map(("url", "http://10.0.0.1:8080/health"), ("expected_codes", List(200L)));
            var pillar = Map(("mcp", Map(("remote_collector", Map(("endpoint", Map(("web", endpoint))))))));
            var web = Definitions(Node("n1", pillar)).Endpoints.Single();
            Assert.Equal(new[] { 200 }, web.ExpectedCodes);
            var bad = Map(("mcp", Map(("remote_collector", Map(("endpoint", Map(("web", Map(("url", "ftp://x/"))))))))));
            Assert.Contains("not an http:// or https:// address", Assert.Throws<HealthModelException>(() => Definitions(Node("n1", bad))).Message);
        }

        [Fact]
        public void A_unit_name_a_shell_would_read_is_refused()
        {
            Assert.True(UnitName.IsValid("ceph-osd@*.service"));
            Assert.True(UnitName.IsValid("dev-disk-by\\x2duuid.swap"));
            Assert.False(UnitName.IsValid("ssh.service; rm -rf /"));
            Assert.False(UnitName.IsValid("--all"));
            Assert.False(UnitName.IsValid("$(id)"));
        }
    }
}
