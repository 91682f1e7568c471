using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Health;
using Xunit;
using static McpModule.Tests.Health.HealthPillar;

namespace McpModule.Tests.Health
{
    /// test_afd_alarm.lua's cases: a Lua alarm is a trigger here, and the Lua alarm list an alarm's triggers.
    public sealed class AlarmTriggerTests
    {
        private static readonly KeyValuePair<string, string>[] NoFields = Array.Empty<KeyValuePair<string, string>>();

        private static AlarmRule Avg(string metric, double window, double periods, string op, double threshold,
            params (string, string)[] fields) =>
            new AlarmRule(metric, "avg", op, threshold, window, periods, fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).ToArray());

        // The alarms of test_afd_alarm.lua, by number.
        private static AlarmTrigger FsAllNoField() => new AlarmTrigger("FS_all_no_field", McpHealthState.Warn,
            new[] { Avg("fs_space_percent_free", 120, 0, "<=", 11) }, "and", description: "FS all no field");
        private static AlarmTrigger RabbitMqCritical() => new AlarmTrigger("RabbitMQ_Critical", McpHealthState.Critical,
            new[] { new AlarmRule("rabbitmq_messages", "min", ">=", 50, 300, 0) });
        private static AlarmTrigger CpuCriticalController() => new AlarmTrigger("CPU_Critical_Controller", McpHealthState.Critical,
            new[] { Avg("cpu_idle", 120, 2, "<=", 5), Avg("cpu_wait", 120, 1, ">=", 20) });
        private static AlarmTrigger CpuWarningController() => new AlarmTrigger("CPU_Warning_Controller", McpHealthState.Warn,
            new[] { Avg("cpu_idle", 100, 2, "<=", 15), Avg("cpu_wait", 60, 0, ">=", 25) });
        private static AlarmTrigger CpuCriticalControllerAnd() => new AlarmTrigger("CPU_Critical_Controller_AND", McpHealthState.Critical,
            new[] { Avg("cpu_idle", 120, 2, "<=", 3), Avg("cpu_wait", 60, 1, ">=", 30) }, "and");
        private static AlarmTrigger FsRoot() => new AlarmTrigger("FS_root", McpHealthState.Critical,
            new[] { Avg("fs_space_percent_free", 120, 0, "<=", 10, ("fs", "/")) }, "and");
        private static AlarmTrigger BackendErrors5xx() => new AlarmTrigger("Backend_errors_5xx", McpHealthState.Warn,
            new[] { new AlarmRule("haproxy_backend_response_5xx", "diff", ">", 0, 30, 1) });
        private static AlarmTrigger Heartbeat() => new AlarmTrigger("heartbeat", McpHealthState.Down,
            new[] { new AlarmRule("foo_heartbeat", "last", "==", 0, 60, 1) });

        private static AlarmTrigger[] All() => new[] { FsAllNoField(), RabbitMqCritical(), CpuCriticalController(), CpuWarningController(),
            CpuCriticalControllerAnd(), FsRoot(), BackendErrors5xx(), Heartbeat() };

        private static KeyValuePair<string, string>[] F(string key, string value) => new[] { new KeyValuePair<string, string>(key, value) };

        private static long S(double seconds) => (long)(seconds * Second);

        [Fact]
        public void Start_evaluation_waits_for_the_first_rules_window_times_periods()
        {
            var trigger = CpuCriticalController(); // 120 s x 2
            Assert.False(trigger.IsEvaluationTime(0, S(10)));
            Assert.False(trigger.IsEvaluationTime(0, S(60)));
            Assert.False(trigger.IsEvaluationTime(0, S(120)));
            Assert.True(trigger.IsEvaluationTime(0, S(240)));
            Assert.True(trigger.IsEvaluationTime(0, S(480)));
        }

        [Fact]
        public void The_initial_wait_is_the_first_rules_even_when_a_later_one_is_longer()
        {
            // afd_alarm.lua compares each rule's seconds with the nanoseconds kept: the first rule wins.
            var trigger = new AlarmTrigger("t", McpHealthState.Warn, new[] { Avg("a", 10, 1, ">", 0), Avg("b", 600, 1, ">", 0) });
            Assert.Equal(10, trigger.InitialWait);
        }

        [Fact]
        public void Not_the_time_gives_no_status()
        {
            var alarm = new HealthAlarm("all", All());
            var (status, alerts) = alarm.Evaluate(0, S(10)); // no trigger waits 10 s or less
            Assert.Null(status);
            Assert.Empty(alerts);
        }

        [Fact]
        public void No_datapoint_ever_is_unknown_with_an_alert_per_rule()
        {
            var alarm = new HealthAlarm("all", All());
            var (status, alerts) = alarm.Evaluate(0, S(300));
            Assert.Equal(McpHealthState.Unknown, status);
            Assert.Equal(11, alerts.Count); // every rule of every trigger
            Assert.All(alerts, a => Assert.Equal(AlarmTrigger.NoDataEver, a.Message));
            Assert.All(alerts, a => Assert.NotNull(a.Fields));
        }

        [Fact]
        public void Logical_and_without_every_rule_matching_is_okay()
        {
            var trigger = CpuCriticalControllerAnd();
            foreach (var (t, wait, idle) in new[] { (60, 3.0, 30.0), (120, 10, 10), (180, 1, 10), (240, 10, 20) })
            {
                trigger.AddValue(S(t), "cpu_wait", wait, NoFields);
                trigger.AddValue(S(t), "cpu_idle", idle, NoFields);
            }
            var (status, alerts) = trigger.Evaluate(S(240));
            Assert.Equal(McpHealthState.Okay, status);
            Assert.Empty(alerts);
        }

        private static HealthAlarm CpuAndWithFourMinutesOfData()
        {
            var trigger = CpuCriticalControllerAnd();
            foreach (var (t, wait) in new[] { (60, 0.0), (120, 2), (180, 5), (240, 6) })
            {
                trigger.AddValue(S(t), "cpu_wait", wait, NoFields);
                trigger.AddValue(S(t), "cpu_idle", 20, NoFields);
            }
            return new HealthAlarm("cpu", new[] { trigger });
        }

        [Fact]
        public void Logical_and_with_missing_datapoints_is_unknown_until_both_come_back()
        {
            var alarm = CpuAndWithFourMinutesOfData();
            var trigger = alarm.Triggers[0];
            Assert.Equal(McpHealthState.Okay, alarm.Evaluate(0, S(240)).Status);
            Assert.Equal(McpHealthState.Okay, alarm.Evaluate(0, S(300)).Status); // 60 s without cpu_wait
            var (status, alerts) = alarm.Evaluate(0, S(301));                     // 61 s
            Assert.Equal(McpHealthState.Unknown, status);
            Assert.Equal("cpu_wait", Assert.Single(alerts).Rule.Metric);
            Assert.StartsWith("No datapoint have been received over the last", alerts[0].Message, StringComparison.Ordinal);

            (status, alerts) = alarm.Evaluate(0, S(481)); // 241 s: both
            Assert.Equal(McpHealthState.Unknown, status);
            Assert.Equal(new[] { "cpu_idle", "cpu_wait" }, alerts.Select(a => a.Rule.Metric));
            Assert.All(alerts, a => Assert.StartsWith("No datapoint have been received over the last", a.Message, StringComparison.Ordinal));

            trigger.AddValue(S(491), "cpu_idle", 20, NoFields);
            trigger.AddValue(S(501), "cpu_idle", 20, NoFields);
            trigger.AddValue(S(511), "cpu_wait", 20, NoFields);
            trigger.AddValue(S(521), "cpu_wait", 20, NoFields);
            (status, alerts) = alarm.Evaluate(0, S(531));
            Assert.Equal(McpHealthState.Okay, status);
            Assert.Empty(alerts);
        }

        [Fact]
        public void Logical_and_with_one_metric_back_names_the_other_as_missing()
        {
            var alarm = CpuAndWithFourMinutesOfData();
            var trigger = alarm.Triggers[0];
            Assert.Equal(McpHealthState.Unknown, alarm.Evaluate(0, S(301)).Status);
            trigger.AddValue(S(471), "cpu_wait", 20, NoFields);
            var (status, alerts) = alarm.Evaluate(0, S(481));
            Assert.Equal(McpHealthState.Unknown, status);
            Assert.Equal("cpu_idle", Assert.Single(alerts).Rule.Metric);
        }

        [Fact]
        public void Logical_and_follows_matches_no_matches_and_missing_data()
        {
            var trigger = CpuCriticalControllerAnd();
            trigger.AddValue(S(1), "cpu_wait", 30, NoFields);
            trigger.AddValue(S(2), "cpu_wait", 30, NoFields);
            trigger.AddValue(S(3), "cpu_wait", 35, NoFields);
            trigger.AddValue(S(5), "cpu_idle", 0, NoFields);
            trigger.AddValue(S(7), "cpu_idle", 1, NoFields);
            trigger.AddValue(S(9), "cpu_idle", 7, NoFields);
            trigger.AddValue(S(11), "cpu_idle", 2, NoFields);
            var (status, alerts) = trigger.Evaluate(S(11));
            Assert.Equal(McpHealthState.Critical, status);
            Assert.Equal(2, alerts.Count); // avg(cpu_wait) 31.7 >= 30 and avg(cpu_idle) 2.5 <= 3

            trigger.AddValue(S(131), "cpu_idle", 70, NoFields);
            trigger.AddValue(S(141), "cpu_idle", 70, NoFields);
            trigger.AddValue(S(151), "cpu_idle", 70, NoFields);
            trigger.AddValue(S(161), "cpu_wait", 40, NoFields);
            trigger.AddValue(S(171), "cpu_wait", 38, NoFields);
            (status, alerts) = trigger.Evaluate(S(171));
            Assert.Equal(McpHealthState.Okay, status); // cpu_wait matches, cpu_idle (31.4) does not
            Assert.Empty(alerts);

            trigger.AddValue(S(371), "cpu_idle", 70, NoFields);
            trigger.AddValue(S(381), "cpu_idle", 70, NoFields);
            (status, alerts) = trigger.Evaluate(S(381));
            Assert.Equal(McpHealthState.Unknown, status); // no cpu_wait for 210 s
            Assert.Single(alerts);

            trigger.AddValue(S(621), "cpu_idle", 2, NoFields);
            trigger.AddValue(S(631), "cpu_idle", 2, NoFields);
            (status, alerts) = trigger.Evaluate(S(631));
            Assert.Equal(McpHealthState.Unknown, status); // cpu_wait missing, cpu_idle matches
            Assert.Equal(2, alerts.Count);
        }

        [Fact]
        public void Logical_or_raises_on_one_matching_rule()
        {
            var trigger = CpuWarningController();
            long t = 0;
            foreach (var v in new[] { 15.0, 10, 20 }) trigger.AddValue(t += S(10), "cpu_wait", v, NoFields);
            foreach (var v in new[] { 11.0, 8, 7 }) trigger.AddValue(t += S(10), "cpu_idle", v, NoFields);
            var (status, alerts) = trigger.Evaluate(t);
            Assert.Equal(McpHealthState.Warn, status);
            Assert.Equal("cpu_idle", Assert.Single(alerts).Rule.Metric);
        }

        [Fact]
        public void Logical_or_reports_every_matching_rule()
        {
            var trigger = CpuWarningController();
            long t = 0;
            foreach (var v in new[] { 35.0, 20, 32 }) trigger.AddValue(t += S(10), "cpu_wait", v, NoFields);
            foreach (var v in new[] { 3.0, 2.5, 1.5 }) trigger.AddValue(t += S(10), "cpu_idle", v, NoFields);
            var (status, alerts) = trigger.Evaluate(t);
            Assert.Equal(McpHealthState.Warn, status);
            Assert.Equal(2, alerts.Count);
        }

        [Fact]
        public void Min_over_the_window()
        {
            var trigger = RabbitMqCritical();
            long t = 0;
            foreach (var v in new[] { 50.0, 100, 75, 81 }) trigger.AddValue(t += S(10), "rabbitmq_messages", v, NoFields);
            var (status, alerts) = trigger.Evaluate(t);
            Assert.Equal(McpHealthState.Critical, status);
            Assert.Equal(50, Assert.Single(alerts).Value);
        }

        [Fact]
        public void Diff_of_a_counter_then_flat_then_missing()
        {
            var trigger = BackendErrors5xx();
            long t = 0;
            foreach (var v in new[] { 1.0, 11, 21 }) trigger.AddValue(t += S(10), "haproxy_backend_response_5xx", v, NoFields);
            var (status, alerts) = trigger.Evaluate(t);
            Assert.Equal(McpHealthState.Warn, status);
            Assert.Equal(20, Assert.Single(alerts).Value);

            foreach (var v in new[] { 21.0, 21, 21 }) trigger.AddValue(t += S(10), "haproxy_backend_response_5xx", v, NoFields);
            (status, alerts) = trigger.Evaluate(t);
            Assert.Equal(McpHealthState.Okay, status);
            Assert.Empty(alerts);

            Assert.Equal(McpHealthState.Unknown, trigger.Evaluate(t + S(60)).Status);
        }

        [Fact]
        public void The_first_alarm_that_raises_wins()
        {
            var alarm = new HealthAlarm("cpu", new[] { CpuCriticalController(), CpuWarningController() });
            alarm.AddValue(S(250), "cpu_idle", 15, NoFields);
            alarm.AddValue(S(260), "cpu_wait", 9, NoFields);
            var (status, alerts) = alarm.Evaluate(0, S(270));
            Assert.Equal(McpHealthState.Warn, status); // the second: cpu_idle <= 15
            Assert.Equal("CPU_Warning_Controller", Assert.Single(alerts).Trigger);

            alarm.AddValue(S(520), "cpu_wait", 15, NoFields);
            alarm.AddValue(S(530), "cpu_idle", 4, NoFields);
            (status, alerts) = alarm.Evaluate(0, S(540));
            Assert.Equal(McpHealthState.Critical, status); // the first: cpu_idle <= 5; the second is not evaluated
            Assert.Equal("CPU_Critical_Controller", Assert.Single(alerts).Trigger);
        }

        [Fact]
        public void Rules_with_and_without_fields()
        {
            var root = FsRoot();
            var all = FsAllNoField();
            foreach (var trigger in new[] { root, all })
            {
                trigger.AddValue(S(10), "fs_space_percent_free", 6, F("fs", "/"));
                trigger.AddValue(S(10), "fs_space_percent_free", 6, NoFields);
                trigger.AddValue(S(20), "fs_space_percent_free", 12, F("fs", "/"));
                trigger.AddValue(S(30), "fs_space_percent_free", 17, NoFields);
                trigger.AddValue(S(40), "fs_space_percent_free", 6, F("fs", "/"));
                trigger.AddValue(S(50), "fs_space_percent_free", 6, F("fs", "foo"));
                trigger.AddValue(S(60), "fs_space_percent_free", 3, F("fs", "foo"));
            }
            var alert = Assert.Single(root.Evaluate(S(70)).Alerts);
            Assert.Equal(F("fs", "/"), alert.Fields);
            Assert.Equal(8, alert.Value); // (6 + 12 + 6) / 3
            alert = Assert.Single(all.Evaluate(S(70)).Alerts);
            Assert.Empty(alert.Fields);
            Assert.Equal(8, alert.Value); // 56 / 7
        }

        [Fact]
        public void Last_of_a_heartbeat()
        {
            var alarm = new HealthAlarm("hb", new[] { Heartbeat() });
            long t = 0;
            foreach (var v in new[] { 1.0, 1, 0, 1, 0 }) alarm.AddValue(t += S(10), "foo_heartbeat", v, NoFields);
            Assert.Equal(McpHealthState.Down, alarm.Evaluate(0, t += S(10)).Status);
            t += S(61);
            Assert.Equal(McpHealthState.Unknown, alarm.Evaluate(0, t += S(10)).Status);
            alarm.AddValue(t += S(10), "foo_heartbeat", 0, NoFields);
            Assert.Equal(McpHealthState.Down, alarm.Evaluate(0, t += S(10)).Status);
            alarm.AddValue(t += S(10), "foo_heartbeat", 1, NoFields);
            Assert.Equal(McpHealthState.Okay, alarm.Evaluate(0, t += S(10)).Status);
        }

        [Theory]
        [InlineData("or", null, "unkw")]
        [InlineData("or", "skip", null)]
        [InlineData("or", "okay", "okay")]
        [InlineData("or", "critical", "crit")]
        [InlineData("and", "down", "down")]
        [InlineData("and", "skip", null)]
        public void No_data_policy_decides_the_status_without_data(string op, string policy, string label)
        {
            McpHealthState? expected = label == null ? null : HealthStatuses.FromLabel(label);
            var trigger = Map(("severity", "warning"), ("logical_operator", op),
                ("rules", List(Map(("metric", "m"), ("function", "last"), ("relational_operator", ">"), ("threshold", 1L)))));
            if (policy != null) trigger.Add("no_data_policy", policy);
            var (status, alerts) = AlarmTrigger.FromPillar("t", trigger, "t").Evaluate(S(100));
            Assert.Equal(expected, status);
            if (expected == null || expected == McpHealthState.Okay) Assert.Empty(alerts);
            else Assert.Single(alerts);
        }

        [Fact]
        public void With_or_a_match_outweighs_missing_data()
        {
            var trigger = new AlarmTrigger("t", McpHealthState.Critical, new[] { Avg("a", 10, 1, ">", 0), Avg("b", 10, 1, ">", 0) });
            trigger.AddValue(S(100), "a", 5, NoFields);
            var (status, alerts) = trigger.Evaluate(S(100));
            Assert.Equal(McpHealthState.Critical, status);
            Assert.Equal(2, alerts.Count); // the match and b's no data
        }

        [Fact]
        public void Worst_status_ranks_unknown_below_okay()
        {
            Assert.Equal(McpHealthState.Down, HealthStatuses.Worst(McpHealthState.Down, McpHealthState.Warn));
            Assert.Equal(McpHealthState.Warn, HealthStatuses.Worst(McpHealthState.Okay, McpHealthState.Warn));
            Assert.Equal(McpHealthState.Down, HealthStatuses.Worst(McpHealthState.Okay, McpHealthState.Down));
            Assert.Equal(McpHealthState.Down, HealthStatuses.Worst(McpHealthState.Unknown, McpHealthState.Down));
            Assert.Equal(McpHealthState.Okay, HealthStatuses.Worst(McpHealthState.Unknown, McpHealthState.Okay));
            Assert.Equal(McpHealthState.Critical, HealthStatuses.Worst(McpHealthState.Critical, McpHealthState.Warn));
            Assert.Equal(McpHealthState.Warn, HealthStatuses.Worst(null, McpHealthState.Warn));
            Assert.Null(HealthStatuses.Worst(null, null));
        }
    }
}
