using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Health;
using Xunit;
using static McpModule.Tests.Health.HealthPillar;

namespace McpModule.Tests.Health
{
    /// afd_rule.lua's semantics: windows, periods, fields, the functions, no data and missing data.
    public sealed class AlarmRuleTests
    {
        private static readonly KeyValuePair<string, string>[] NoFields = Array.Empty<KeyValuePair<string, string>>();

        private static KeyValuePair<string, string>[] Fields(params (string, string)[] fields) =>
            fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).ToArray();

        [Theory]
        [InlineData(null, null, 10, 1, 10, 2)]   // both absent: the minimum window 10 s, 1 period
        [InlineData(300.0, 0.0, 300, 1, 300, 60)] // periods 0 is 1 (RabbitMQ_Critical)
        [InlineData(120.0, 2.0, 120, 2, 240, 48)]
        [InlineData(0.0, 3.0, 10, 3, 30, 6)]     // window 0 is the minimum
        [InlineData(7.0, 1.0, 7, 1, 7, 2)]       // ceil(7 / 5) rows
        [InlineData(-5.0, -1.0, 10, 1, 10, 2)]
        public void Window_and_periods_default_and_size_the_observation_window(double? window, double? periods,
            double expectedWindow, double expectedPeriods, long observation, int rows)
        {
            var rule = new AlarmRule("m", "avg", ">", 0, window, periods);
            Assert.Equal(expectedWindow, rule.Window);
            Assert.Equal(expectedPeriods, rule.Periods);
            Assert.Equal(observation, rule.ObservationWindow);
            Assert.Equal(rows, rule.Rows);
        }

        [Fact]
        public void Numbers_may_be_strings_as_lua_adds_zero_to_them()
        {
            var rule = AlarmRule.FromPillar(Map(("relational_operator", ">="), ("metric", "rabbitmq_messages"), ("fields", Map()),
                ("window", "300"), ("periods", "0"), ("function", "min"), ("threshold", "50")), "t:rules:0");
            Assert.Equal(300, rule.Window);
            Assert.Equal(1, rule.Periods);
            Assert.Equal(50, rule.Threshold);
        }

        [Theory]
        [InlineData("==", 5, 5, true)]
        [InlineData("eq", 5, 6, false)]
        [InlineData("!=", 5, 6, true)]
        [InlineData("ne", 5, 5, false)]
        [InlineData(">=", 5, 5, true)]
        [InlineData("gte", 4, 5, false)]
        [InlineData(">", 6, 5, true)]
        [InlineData("gt", 5, 5, false)]
        [InlineData("<=", 5, 5, true)]
        [InlineData("lte", 6, 5, false)]
        [InlineData("<", 4, 5, true)]
        [InlineData("lt", 5, 5, false)]
        public void Relational_operators_compare_as_gse_utils_does(string op, double value, double threshold, bool expected)
        {
            Assert.Equal(expected, Threshold.Compare(value, op, threshold));
        }

        [Fact]
        public void Never_a_datapoint_is_no_data_with_the_rules_fields()
        {
            var rule = new AlarmRule("m", "avg", ">", 0, 60, 1, Fields(("fs", "/")));
            var (outcome, contexts) = rule.Evaluate(100 * Second);
            Assert.Equal(RuleOutcome.NoData, outcome);
            var context = Assert.Single(contexts);
            Assert.Equal(-1, context.Value);
            Assert.Equal(Fields(("fs", "/")), context.Fields);
        }

        [Theory]
        // rule fields, datapoint fields, taken
        [InlineData("", "", true)]
        [InlineData("", "fs=/", true)]            // a rule without fields takes everything
        [InlineData("fs=/", "fs=/", true)]
        [InlineData("fs=/", "fs=/var", false)]
        [InlineData("fs=/", "", false)]           // no field matched
        [InlineData("fs=/", "host=a", false)]
        [InlineData("fs=*", "fs=/var", true)]
        [InlineData("fs=/;mode=ro", "fs=/", true)] // one matched, the other absent
        [InlineData("fs=/;mode=ro", "fs=/;mode=rw", false)]
        public void Fields_are_accepted_as_afd_rule_accepts_them(string ruleFields, string pointFields, bool taken)
        {
            static KeyValuePair<string, string>[] Parse(string text) => text.Length == 0 ? NoFields
                : text.Split(';').Select(p => p.Split('=')).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToArray();
            var rule = new AlarmRule("m", "last", ">", 0, 60, 1, Parse(ruleFields));
            Assert.Equal(taken, rule.Accepts(Parse(pointFields)));
        }

        /// Six values, one per 10 s row, window 30 s x 2 periods (12 rows, all kept).
        [Theory]
        [InlineData("min", 1)]
        [InlineData("max", 9)]
        [InlineData("sum", 30)]
        [InlineData("avg", 5)]
        [InlineData("last", 9)]
        [InlineData("diff", 9 - 3)]          // the newest value less the oldest the observation window holds
        [InlineData("variance", 40.0 / 6)]   // of the population: (4 + 16 + 0 + 4 + 0 + 16) / 6
        public void Functions_compute_over_the_window(string function, double expected)
        {
            // values at 10..60 s: 3, 1, 5, 7, 5, 9 (sum 30, avg 5); evaluated at 60 s.
            double[] values = { 3, 1, 5, 7, 5, 9 };
            var rule = new AlarmRule("m", function, ">", -1000, 30, 2);
            for (int i = 0; i < values.Length; i++) rule.AddValue((i + 1) * 10 * Second, values[i], NoFields);
            var (outcome, contexts) = rule.Evaluate(60 * Second);
            Assert.Equal(RuleOutcome.Match, outcome);
            Assert.Equal(expected, Assert.Single(contexts).Value, 9);
        }

        [Fact]
        public void Sd_is_the_root_of_the_population_variance()
        {
            var rule = new AlarmRule("m", "sd", ">", -1, 30, 2);
            double[] values = { 2, 4, 4, 4, 5, 5, 7, 9 }; // the textbook set: mean 5, sd 2
            for (int i = 0; i < values.Length; i++) rule.AddValue((i + 1) * 5 * Second, values[i], NoFields);
            var (_, contexts) = rule.Evaluate(40 * Second);
            Assert.Equal(2, Assert.Single(contexts).Value, 9);
        }

        [Fact]
        public void Avg_weighs_every_datapoint_and_the_others_keep_a_rows_last_value()
        {
            var avg = new AlarmRule("m", "avg", ">", -1, 60, 1);
            var max = new AlarmRule("m", "max", ">", -1, 60, 1);
            foreach (var rule in new[] { avg, max })
            {
                rule.AddValue(10 * Second, 6, NoFields);
                rule.AddValue(11 * Second, 100, NoFields); // same 5 s row as 10 s
                rule.AddValue(20 * Second, 2, NoFields);
            }
            Assert.Equal(36, Assert.Single(avg.Evaluate(20 * Second).Contexts).Value); // (6 + 100 + 2) / 3
            Assert.Equal(100, Assert.Single(max.Evaluate(20 * Second).Contexts).Value); // 100 replaced 6
        }

        [Fact]
        public void Values_older_than_the_window_drop_off()
        {
            var rule = new AlarmRule("m", "max", ">", -1, 10, 1); // 2 rows: 10 s
            rule.AddValue(5 * Second, 50, NoFields);
            rule.AddValue(20 * Second, 1, NoFields);
            Assert.Equal(1, Assert.Single(rule.Evaluate(20 * Second).Contexts).Value);
        }

        [Fact]
        public void A_series_silent_longer_than_the_observation_window_is_missing_data()
        {
            var rule = new AlarmRule("m", "avg", ">=", 20, 60, 1);
            rule.AddValue(240 * Second, 6, NoFields);
            Assert.Equal(RuleOutcome.NoMatch, rule.Evaluate(300 * Second).Outcome); // 60 s: still in
            var (outcome, contexts) = rule.Evaluate(301 * Second);
            Assert.Equal(RuleOutcome.MissingData, outcome);
            Assert.Equal(-1, Assert.Single(contexts).Value);
        }

        [Theory]
        [InlineData("last")]
        [InlineData("diff")]
        public void Last_and_diff_without_a_value_in_the_observation_window_are_missing_data(string function)
        {
            // 2 rows of 5 s, the newest at 5 s from the start; a value at 0 s. At 14 s the look-back
            // (14, 9, 4) reaches it; at 15 s it stops at 5 (15 - 10) and finds only empty rows, though
            // the series is not silent for longer than 10 s.
            var rule = new AlarmRule("m", function, ">=", 0, 10, 1);
            rule.AddValue(0, 1, NoFields);
            Assert.Equal(RuleOutcome.Match, rule.Evaluate(14 * Second).Outcome);
            var (outcome, contexts) = rule.Evaluate(15 * Second);
            Assert.Equal(RuleOutcome.MissingData, outcome);
            Assert.Equal(-1, Assert.Single(contexts).Value);
        }

        [Fact]
        public void Group_by_keeps_a_series_per_value_and_reports_the_matching_ones()
        {
            var rule = new AlarmRule("rabbitmq_queue_messages", "max", ">=", 200, 30, 2, groupBy: new[] { "queue" });
            rule.AddValue(10 * Second, 260, Fields(("queue", "a"), ("hostname", "n1")));
            rule.AddValue(20 * Second, 10, Fields(("queue", "b"), ("hostname", "n1")));
            rule.AddValue(30 * Second, 300, Fields(("queue", "c"), ("hostname", "n1")));
            var (outcome, contexts) = rule.Evaluate(30 * Second);
            Assert.Equal(RuleOutcome.Match, outcome);
            Assert.Equal(new double[] { 260, 300 }, contexts.Select(c => c.Value));
            Assert.Equal("a", contexts[0].Fields.Single(f => f.Key == "queue").Value);
        }

        [Fact]
        public void Many_group_by_series_keep_their_own_values_in_the_order_first_seen()
        {
            // Past a few series the rule finds them through an index: the same series either way.
            var rule = new AlarmRule("fs_space_percent_free", "min", "<=", 5, 60, 1, groupBy: new[] { "fs" });
            for (int i = 0; i < 20; i++) rule.AddValue(10 * Second, 50 + i, Fields(("fs", "/srv/" + i)));
            rule.AddValue(20 * Second, 3, Fields(("fs", "/srv/13")));
            rule.AddValue(20 * Second, 4, Fields(("fs", "/srv/2")));
            var (outcome, contexts) = rule.Evaluate(20 * Second);
            Assert.Equal(RuleOutcome.Match, outcome);
            Assert.Equal(new[] { "/srv/2", "/srv/13" }, contexts.Select(c => c.Fields.Single(f => f.Key == "fs").Value));
            Assert.Equal(new double[] { 4, 3 }, contexts.Select(c => c.Value));
        }

        [Fact]
        public void A_clone_has_the_definition_and_none_of_the_series()
        {
            var rule = new AlarmRule("cpu_idle", "avg", "<=", 5, 120, 2, Fields(("host", "*")), new[] { "host" });
            rule.AddValue(10 * Second, 1, Fields(("host", "a")));
            var clone = rule.Clone();
            Assert.Equal((rule.Metric, rule.Function, rule.RelationalOperator, rule.Threshold, rule.Window, rule.Periods, rule.Rows, rule.ObservationWindow),
                (clone.Metric, clone.Function, clone.RelationalOperator, clone.Threshold, clone.Window, clone.Periods, clone.Rows, clone.ObservationWindow));
            Assert.Equal(rule.Fields, clone.Fields);
            Assert.Equal(rule.GroupBy, clone.GroupBy);
            Assert.Equal(RuleOutcome.NoData, clone.Evaluate(10 * Second).Outcome);
            clone.AddValue(10 * Second, 50, Fields(("host", "a")));
            Assert.Equal(RuleOutcome.Match, rule.Evaluate(10 * Second).Outcome);     // still its own 1
            Assert.Equal(RuleOutcome.NoMatch, clone.Evaluate(10 * Second).Outcome);  // its own 50
        }

        [Fact]
        public void Without_group_by_all_datapoints_share_one_series()
        {
            // test_max: two queues, one series, max 532.
            var rule = new AlarmRule("rabbitmq_queue_messages", "max", ">=", 200, 30, 2);
            long t = 0;
            foreach (var (v, q) in new[] { (0.0, "queue-XX"), (260, "queue-XX"), (200, "queue-XX"), (152, "queue-XX"), (152, "nova"), (532, "nova") })
                rule.AddValue(t += 10 * Second, v, Fields(("queue", q), ("hostname", "node-x")));
            var (outcome, contexts) = rule.Evaluate(t);
            Assert.Equal(RuleOutcome.Match, outcome);
            Assert.Equal(532, Assert.Single(contexts).Value);
        }

        [Theory]
        [InlineData("metric", "t:rules:0:metric")]
        [InlineData("function", "t:rules:0:function")]
        [InlineData("relational_operator", "t:rules:0:relational_operator")]
        [InlineData("threshold", "t:rules:0:threshold")]
        public void A_missing_key_is_named(string leftOut, string key)
        {
            var map = Map(("metric", "m"), ("function", "avg"), ("relational_operator", ">"), ("threshold", 1L));
            map.Remove(leftOut);
            var error = Assert.Throws<HealthDefinitionException>(() => AlarmRule.FromPillar(map, "t:rules:0"));
            Assert.Equal(key, error.Key);
        }

        [Theory]
        [InlineData("function", "median", "t:rules:0:function")]
        [InlineData("relational_operator", "=>", "t:rules:0:relational_operator")]
        [InlineData("threshold", "high", "t:rules:0:threshold")]
        [InlineData("window", "long", "t:rules:0:window")]
        public void A_wrong_value_is_named(string name, string value, string key)
        {
            var map = Map(("metric", "m"), ("function", "avg"), ("relational_operator", ">"), ("threshold", 1L));
            map[name] = value;
            var error = Assert.Throws<HealthDefinitionException>(() => AlarmRule.FromPillar(map, "t:rules:0"));
            Assert.Equal(key, error.Key);
            Assert.StartsWith(key + ": ", error.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("=~ ceph/%d+$")]
        [InlineData("!~ /var/log")]
        [InlineData("POST || GET")]
        [InlineData("> 3")]
        [InlineData("== 2xx")]
        public void A_field_matching_expression_is_refused_with_its_key(string expression)
        {
            var map = Map(("metric", "m"), ("function", "avg"), ("relational_operator", ">"), ("threshold", 1L),
                ("field", Map(("fs", expression))));
            var error = Assert.Throws<HealthDefinitionException>(() => AlarmRule.FromPillar(map, "t:rules:0"));
            Assert.Equal("t:rules:0:field:fs", error.Key);
        }

        [Theory]
        [InlineData("/")]
        [InlineData("*")]
        [InlineData("/var/lib/nova")]
        public void A_field_value_is_taken_as_it_is(string value)
        {
            var rule = AlarmRule.FromPillar(Map(("metric", "m"), ("function", "avg"), ("relational_operator", ">"), ("threshold", 1L),
                ("fields", Map(("fs", value)))), "t:rules:0");
            Assert.Equal(value, rule.Fields.Single().Value);
        }

        [Fact]
        public void A_roc_rule_reads_window_periods_and_threshold_and_needs_no_operator()
        {
            // As StackLight's nova_logs_errors_rate: no relational_operator.
            var rule = AlarmRule.FromPillar(Map(("metric", "log_messages"), ("field", Map(("service", "nova"), ("level", "error"))),
                ("function", "roc"), ("window", "60"), ("periods", 4L), ("threshold", 1.5)), "t:rules:0");
            Assert.Equal("roc", rule.Function);
            Assert.Equal(72, rule.Rows);
            Assert.Equal(12, rule.Roc!.WindowRows);
            Assert.Equal(1.5, rule.Roc.Deviations);
            Assert.Equal(2, rule.Fields.Count);
        }

        [Theory]
        // periods absent or 1: a buffer of 3 windows, which Heka's roc test refuses
        [InlineData(null, 60.0, 1.5, "periods")]
        [InlineData(1.0, 60.0, 1.5, "periods")]
        [InlineData(0.0, 60.0, 1.5, "periods")]
        [InlineData(1.5, 5.0, 1.5, "periods")]   // 1 row x 3.5 = 3 rows
        // a threshold Heka's parser cannot read from Lua's text of it
        [InlineData(2.0, 60.0, -1.5, "threshold")]
        [InlineData(2.0, 60.0, 0.00001, "threshold")] // 1e-05
        [InlineData(2.0, 60.0, 1e15, "threshold")]    // 1e+15
        // a week of rows at most
        [InlineData(2.0, 400000.0, 1.5, "window")]
        [InlineData(100000.0, 60.0, 1.5, "periods")]
        public void A_roc_rule_Heka_cannot_run_is_refused_with_the_key_at_fault(double? periods, double window, double threshold, string at)
        {
            var map = Map(("metric", "log_messages"), ("function", "roc"), ("window", window), ("threshold", threshold));
            if (periods.HasValue) map["periods"] = periods.Value;
            var error = Assert.Throws<HealthDefinitionException>(() => AlarmRule.FromPillar(map, "t:rules:0"));
            Assert.Equal("t:rules:0:" + at, error.Key);
        }

        [Fact]
        public void A_roc_rule_on_a_metric_with_a_double_quote_is_refused()
        {
            var map = Map(("metric", "log\"messages"), ("function", "roc"), ("window", 60L), ("periods", 2L), ("threshold", 1.5));
            Assert.Equal("t:rules:0:metric", Assert.Throws<HealthDefinitionException>(() => AlarmRule.FromPillar(map, "t:rules:0")).Key);
        }

        [Theory]
        [InlineData(5.0, null)]  // ceil(5 x 1 / 5) = 1 row: Heka's buffer refuses it
        [InlineData(2.0, 2.0)]
        [InlineData(605000.0, 1.0)] // 121,000 rows: more than a week (120,960)
        [InlineData(1e12, 1.0)]
        public void A_window_of_one_row_or_more_than_a_week_is_refused(double window, double? periods)
        {
            var map = Map(("metric", "m"), ("function", "avg"), ("relational_operator", ">"), ("threshold", 1L), ("window", window));
            if (periods.HasValue) map["periods"] = periods.Value;
            var error = Assert.Throws<HealthDefinitionException>(() => AlarmRule.FromPillar(map, "t:rules:0"));
            Assert.Equal("t:rules:0:window", error.Key);
        }

        [Fact]
        public void A_window_of_two_rows_is_taken()
        {
            var rule = AlarmRule.FromPillar(Map(("metric", "m"), ("function", "last"), ("relational_operator", ">"), ("threshold", 1L),
                ("window", 6L)), "t:rules:0");
            Assert.Equal(2, rule.Rows);
        }
    }
}
