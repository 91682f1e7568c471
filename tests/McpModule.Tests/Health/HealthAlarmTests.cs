using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Health;
using McpModule.Model.Data;
using Xunit;
using static McpModule.Tests.Health.HealthPillar;

namespace McpModule.Tests.Health
{
    /// Alarms as the pillar defines them, fed McpMetric datapoints.
    public sealed class HealthAlarmPillarTests
    {
        private static OrderedMap Triggers() => Map(
            ("cpu_critical", Map(("description", "CPU critical"), ("severity", "critical"), ("logical_operator", "or"),
                ("rules", List(Map(("metric", "cpu_idle"), ("field", Map()), ("function", "avg"), ("window", 120L), ("periods", 0L),
                    ("relational_operator", "<="), ("threshold", 5L)))))),
            ("cpu_warning", Map(("description", "CPU warning"),
                ("rules", List(Map(("metric", "cpu_idle"), ("function", "avg"), ("window", 120L),
                    ("relational_operator", "<="), ("threshold", 15.5)))))));

        private static HealthAlarm Alarm(OrderedMap alarm) =>
            HealthAlarm.FromPillar("cpu", alarm, "linux:monitoring:metric_collector:alarm:cpu", Triggers(), "linux:monitoring:metric_collector:trigger");

        [Fact]
        public void An_alarm_takes_its_triggers_in_order_and_lends_its_severity()
        {
            var alarm = Alarm(Map(("triggers", List("cpu_critical", "cpu_warning")), ("severity", "warning"), ("enabled", true),
                ("dimension", Map(("service", "system")))));
            Assert.Equal(new[] { "cpu_critical", "cpu_warning" }, alarm.Triggers.Select(t => t.Name));
            Assert.Equal(McpHealthState.Critical, alarm.Triggers[0].Severity);
            Assert.Equal(McpHealthState.Warn, alarm.Triggers[1].Severity); // the alarm's
            Assert.Equal(new[] { new KeyValuePair<string, string>("service", "system") }, alarm.Dimension);
            Assert.True(alarm.Enabled);
        }

        [Fact]
        public void The_evaluator_feeds_metrics_and_evaluates_enabled_alarms()
        {
            var start = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
            var enabled = Alarm(Map(("triggers", List("cpu_critical", "cpu_warning")), ("severity", "warning")));
            var disabled = HealthAlarm.FromPillar("off", Map(("triggers", List("cpu_critical")), ("enabled", false)), "a:off", Triggers(), "t");
            var evaluator = new AlarmEvaluator(new[] { enabled, disabled }, start);
            Assert.Single(evaluator.Alarms);
            foreach (var (seconds, value) in new[] { (130, 12.0), (140, 10), (150, 14) })
                evaluator.Add(new McpMetric { Name = "cpu_idle", Value = value, Timestamp = start.AddSeconds(seconds), Node = "cmp01" });
            evaluator.Add(new McpMetric { Name = "mem_free", Value = 1, Timestamp = start.AddSeconds(150) });
            var (alarm, status, alerts) = Assert.Single(evaluator.Evaluate(start.AddSeconds(150)));
            Assert.Same(enabled, alarm);
            Assert.Equal(McpHealthState.Warn, status); // avg 12: not <= 5, <= 15.5
            var alert = Assert.Single(alerts);
            Assert.Equal("cpu_warning", alert.Trigger);
            Assert.Equal(12, alert.Value);
            Assert.Equal("CPU warning", alert.Message);
        }

        [Fact]
        public void Before_the_first_triggers_wait_nothing_is_evaluated()
        {
            var start = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
            var evaluator = new AlarmEvaluator(new[] { Alarm(Map(("triggers", List("cpu_critical")))) }, start);
            Assert.Null(Assert.Single(evaluator.Evaluate(start.AddSeconds(119))).Status);
            Assert.Equal(McpHealthState.Unknown, Assert.Single(evaluator.Evaluate(start.AddSeconds(120))).Status);
        }

        /// afd.lua's filter reads from a datapoint only the fields its rules name (get_metric_fields:
        /// here fs, for fs_low's group_by) and drops a datapoint without one of them for every trigger.
        [Fact]
        public void Rules_see_only_the_fields_the_alarm_names_and_a_datapoint_without_one_is_dropped()
        {
            var triggers = Map(
                ("fs_low", Map(("severity", "critical"), ("rules", List(Map(("metric", "fs_space_percent_free"), ("function", "last"),
                    ("window", 30L), ("relational_operator", "<="), ("threshold", 5L), ("group_by", List("fs"))))))),
                ("fs_any", Map(("severity", "warning"), ("rules", List(Map(("metric", "fs_space_percent_free"), ("function", "min"),
                    ("window", 30L), ("relational_operator", "<="), ("threshold", 5L)))))));
            var alarm = HealthAlarm.FromPillar("fs", Map(("triggers", List("fs_low", "fs_any"))), "a:fs", triggers, "t");
            Assert.Equal(new[] { "fs" }, alarm.FieldsFor("fs_space_percent_free"));
            var start = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
            var evaluator = new AlarmEvaluator(new[] { alarm }, start);
            McpMetric Point(double value, params (string, string)[] dimensions) => new McpMetric
            {
                Name = "fs_space_percent_free", Value = value, Timestamp = start.AddSeconds(30),
                Dimensions = dimensions.ToDictionary(d => d.Item1, d => d.Item2),
            };

            evaluator.Add(Point(50, ("fs", "/"), ("hostname", "cmp01")));
            evaluator.Add(Point(1, ("hostname", "cmp01"))); // no fs: fs_any's min would be 1 if it got through
            Assert.Equal(McpHealthState.Okay, Assert.Single(evaluator.Evaluate(start.AddSeconds(30))).Status);

            evaluator.Add(Point(2, ("fs", "/var"), ("hostname", "cmp01")));
            var (_, status, alerts) = Assert.Single(evaluator.Evaluate(start.AddSeconds(30)));
            Assert.Equal(McpHealthState.Critical, status);
            var alert = Assert.Single(alerts);
            Assert.Equal(2, alert.Value);
            Assert.Equal(new[] { new KeyValuePair<string, string>("fs", "/var") }, alert.Fields); // no hostname
        }

        [Fact]
        public void A_clone_is_the_same_alarm_before_its_first_datapoint_and_shares_no_window()
        {
            var start = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
            var alarm = Alarm(Map(("triggers", List("cpu_critical", "cpu_warning")), ("severity", "warning"), ("operator", "and"),
                ("dimension", Map(("service", "system"))), ("alerting", "enabled_with_notification")));
            var fed = new AlarmEvaluator(new[] { alarm }, start);
            fed.Add(new McpMetric { Name = "cpu_idle", Value = 2, Timestamp = start.AddSeconds(120) });

            var clone = alarm.Clone();
            Assert.NotSame(alarm, clone);
            Assert.Equal((alarm.Name, alarm.Operator, alarm.Enabled, alarm.Alerting), (clone.Name, clone.Operator, clone.Enabled, clone.Alerting));
            Assert.Equal(alarm.Dimension, clone.Dimension);
            Assert.Equal(alarm.Triggers.Select(t => (t.Name, t.Severity, t.LogicalOperator, t.NoDataSeverity, t.Description, t.InitialWait)),
                clone.Triggers.Select(t => (t.Name, t.Severity, t.LogicalOperator, t.NoDataSeverity, t.Description, t.InitialWait)));
            Assert.Equal(alarm.FieldsFor("cpu_idle"), clone.FieldsFor("cpu_idle"));
            Assert.All(alarm.Triggers.Zip(clone.Triggers, (a, b) => (a, b)), p => Assert.All(p.a.Rules.Zip(p.b.Rules, (x, y) => (x, y)), r => Assert.NotSame(r.x, r.y)));

            // The original has its datapoint; the clone none, and what it is given stays its own.
            Assert.Equal(McpHealthState.Critical, Assert.Single(fed.Evaluate(start.AddSeconds(120))).Status);
            var fresh = new AlarmEvaluator(new[] { clone }, start);
            Assert.Equal(McpHealthState.Unknown, Assert.Single(fresh.Evaluate(start.AddSeconds(120))).Status);
            fresh.Add(new McpMetric { Name = "cpu_idle", Value = 90, Timestamp = start.AddSeconds(125) });
            Assert.Equal(McpHealthState.Okay, Assert.Single(fresh.Evaluate(start.AddSeconds(125))).Status);
            Assert.Equal(McpHealthState.Critical, Assert.Single(fed.Evaluate(start.AddSeconds(125))).Status);
        }

        [Theory]
        [InlineData(null, true, false)]
        [InlineData("enabled", true, false)]
        [InlineData("enabled_with_notification", true, true)]
        [InlineData("disabled", false, false)]
        public void Alerting_says_whether_the_status_goes_on_to_alerting_and_notification(string alerting, bool alerts, bool notifies)
        {
            var map = Map(("triggers", List("cpu_critical")));
            if (alerting != null) map["alerting"] = alerting;
            var alarm = Alarm(map);
            Assert.Equal(alerting ?? "enabled", alarm.Alerting);
            Assert.Equal(alerts, alarm.AlertingEnabled);
            Assert.Equal(notifies, alarm.NotificationEnabled);
            Assert.True(alarm.Enabled);
        }

        /// salt-formula-heka still renders the AFD filter of an alarm with alerting disabled (only its
        /// alerting_enabled field is false), so it is evaluated and its status counts.
        [Fact]
        public void An_alarm_with_alerting_disabled_is_still_evaluated()
        {
            var start = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
            var quiet = Alarm(Map(("triggers", List("cpu_critical")), ("alerting", "disabled")));
            var evaluator = new AlarmEvaluator(new[] { quiet }, start);
            evaluator.Add(new McpMetric { Name = "cpu_idle", Value = 2, Timestamp = start.AddSeconds(120) });
            var (alarm, status, alerts) = Assert.Single(evaluator.Evaluate(start.AddSeconds(120)));
            Assert.Same(quiet, alarm);
            Assert.Equal(McpHealthState.Critical, status);
            Assert.Single(alerts);
        }

        [Theory]
        [InlineData("on")]
        [InlineData("Enabled")]
        [InlineData("true")]
        [InlineData(true)]
        public void Another_alerting_word_is_refused(object alerting)
        {
            var error = Assert.Throws<HealthDefinitionException>(() => Alarm(Map(("triggers", List("cpu_critical")), ("alerting", alerting))));
            Assert.Equal("linux:monitoring:metric_collector:alarm:cpu:alerting", error.Key);
            Assert.Contains("enabled, disabled, enabled_with_notification", error.Message, StringComparison.Ordinal);
        }

        /// salt-formula-heka renders only the triggers whose enabled is true (the default): a disabled
        /// one is not part of the alarm, and its definition is not read.
        [Fact]
        public void A_disabled_trigger_is_left_out_of_its_alarm_unread()
        {
            var triggers = Triggers();
            ((OrderedMap)triggers["cpu_critical"])["enabled"] = false;
            ((OrderedMap)triggers["cpu_critical"])["rules"] = "not rules at all";
            var alarm = HealthAlarm.FromPillar("cpu", Map(("triggers", List("cpu_critical", "cpu_warning")), ("severity", "warning")),
                "a", triggers, "linux:monitoring:metric_collector:trigger");
            Assert.Equal("cpu_warning", Assert.Single(alarm.Triggers).Name);
        }

        [Fact]
        public void An_alarm_whose_triggers_are_all_disabled_says_nothing()
        {
            var triggers = Triggers();
            ((OrderedMap)triggers["cpu_critical"])["enabled"] = "disabled";
            var alarm = HealthAlarm.FromPillar("cpu", Map(("triggers", List("cpu_critical"))), "a", triggers, "t");
            Assert.Empty(alarm.Triggers);
            var start = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
            Assert.Null(Assert.Single(new AlarmEvaluator(new[] { alarm }, start).Evaluate(start.AddSeconds(600))).Status);
        }

        [Fact]
        public void A_wrong_trigger_enabled_is_named()
        {
            var triggers = Triggers();
            ((OrderedMap)triggers["cpu_critical"])["enabled"] = "maybe";
            var error = Assert.Throws<HealthDefinitionException>(() =>
                HealthAlarm.FromPillar("cpu", Map(("triggers", List("cpu_critical"))), "a", triggers, "linux:monitoring:metric_collector:trigger"));
            Assert.Equal("linux:monitoring:metric_collector:trigger:cpu_critical:enabled", error.Key);
        }

        [Theory]
        [InlineData("triggers", "cpu_critical", "linux:monitoring:metric_collector:alarm:cpu:triggers")]
        [InlineData("operator", "xor", "linux:monitoring:metric_collector:alarm:cpu:operator")]
        [InlineData("severity", "major", "linux:monitoring:metric_collector:alarm:cpu:severity")]
        [InlineData("enabled", "maybe", "linux:monitoring:metric_collector:alarm:cpu:enabled")]
        public void A_wrong_alarm_value_is_named(string name, string value, string key)
        {
            var map = Map(("triggers", List("cpu_critical")));
            map[name] = value;
            var error = Assert.Throws<HealthDefinitionException>(() => Alarm(map));
            Assert.Equal(key, error.Key);
        }

        [Fact]
        public void An_unknown_trigger_is_named_with_its_place()
        {
            var error = Assert.Throws<HealthDefinitionException>(() => Alarm(Map(("triggers", List("cpu_critical", "cpu_panic")))));
            Assert.Equal("linux:monitoring:metric_collector:alarm:cpu:triggers:1", error.Key);
            Assert.Contains("cpu_panic", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_trigger_without_severity_when_the_alarm_has_none_is_named()
        {
            var error = Assert.Throws<HealthDefinitionException>(() => Alarm(Map(("triggers", List("cpu_warning")))));
            Assert.Equal("linux:monitoring:metric_collector:trigger:cpu_warning:severity", error.Key);
        }

        [Fact]
        public void A_wrong_rule_is_named_under_its_trigger()
        {
            var triggers = Triggers();
            ((OrderedMap)((List<object>)((OrderedMap)triggers["cpu_critical"])["rules"])[0])["window"] = "two minutes";
            var error = Assert.Throws<HealthDefinitionException>(() =>
                HealthAlarm.FromPillar("cpu", Map(("triggers", List("cpu_critical"))), "a", triggers, "linux:monitoring:metric_collector:trigger"));
            Assert.Equal("linux:monitoring:metric_collector:trigger:cpu_critical:rules:0:window", error.Key);
        }
    }
}
