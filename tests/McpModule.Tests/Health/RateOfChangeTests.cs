using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Health;
using Xunit;
using static McpModule.Tests.Health.HealthPillar;

namespace McpModule.Tests.Health
{
    /// The roc function: Heka's rate-of-change test as afd_rule.lua sizes and calls it, against means
    /// and deviations worked out by hand.
    public sealed class RateOfChangeTests
    {
        private static readonly KeyValuePair<string, string>[] NoFields = Array.Empty<KeyValuePair<string, string>>();

        /// window 10 s (2 rows of 5 s), periods 2, threshold 1.5: a buffer of 2 x (2 + 2) = 8 rows.
        private static AlarmRule Small() => new AlarmRule("m", "roc", ">", 1.5, 10, 2);

        /// One value per 5 s row from 5 s on, evaluated at the time of the last.
        private static (RuleOutcome Outcome, List<RuleContext> Contexts) Run(AlarmRule rule, params double[] values)
        {
            for (int i = 0; i < values.Length; i++) rule.AddValue((i + 1) * 5 * Second, values[i], NoFields);
            return rule.Evaluate(values.Length * 5 * Second);
        }

        [Fact]
        public void The_buffer_holds_the_current_and_previous_windows_and_periods_windows_of_history()
        {
            var rule = Small();
            Assert.Equal(8, rule.Rows);
            Assert.Equal(2, rule.Roc!.WindowRows);
            Assert.Equal(20, rule.ObservationWindow); // ceil(10 x 2): silent longer than this is missing
            var stackLight = new AlarmRule("log_messages", "roc", ">", 1.5, 60, 4); // test_afd_alarm.lua's nova_logs_errors_rate
            Assert.Equal(12 * 6, stackLight.Rows);
            Assert.Equal(13 * 4, new AlarmRule("m", "roc", ">", 1, 62, 2).Rows); // ceil(62 / 5) = 13
            Assert.Equal(7, new AlarmRule("m", "roc", ">", 1, 10, 1.5).Rows);    // 2 x 3.5, cut to whole rows
        }

        /// Evaluated at 40 s; each window is 2 rows, the row holding now (40 s) is still filling:
        ///
        ///   row   part       value
        ///    5 s  history      2
        ///   10 s  history      4     history: mean 4, variance (4 + 0 + 4) / 3 = 8/3, sd 1.63299
        ///   15 s  history      6
        ///   20 s  previous     4     previous: mean 4
        ///   25 s  previous     4
        ///   30 s  current      7     current: mean 7.5
        ///   35 s  current      8
        ///   40 s  now        100     not taken
        ///
        /// |7.5 - 4| = 3.5 > 1.5 x 1.63299 = 2.44949: an anomaly. With 6, 6 as current, |6 - 4| = 2 is not.
        [Fact]
        public void A_change_of_the_mean_beyond_threshold_deviations_of_the_history_matches()
        {
            var (outcome, contexts) = Run(Small(), 2, 4, 6, 4, 4, 7, 8, 100);
            Assert.Equal(RuleOutcome.Match, outcome);
            var context = Assert.Single(contexts);
            Assert.Equal(-1, context.Value); // the test gives no value
            Assert.Empty(context.Fields);
        }

        [Fact]
        public void A_change_within_threshold_deviations_does_not_match_whatever_the_row_of_now_holds()
        {
            var (outcome, contexts) = Run(Small(), 2, 4, 6, 4, 4, 6, 6, 100);
            Assert.Equal(RuleOutcome.NoMatch, outcome);
            Assert.Empty(contexts);
        }

        /// threshold 0.5: history 1, 1, 7 has mean 3, variance (4 + 4 + 16) / 3 = 8, sd 2.82843;
        /// previous 10, 10 and current 8, 8: |8 - 10| = 2 > 0.5 x 2.82843 = 1.41421. A fall counts as a rise does.
        [Fact]
        public void A_fall_counts_as_a_rise()
        {
            var (outcome, _) = Run(new AlarmRule("m", "roc", ">", 0.5, 10, 2), 1, 1, 7, 10, 10, 8, 8, 0);
            Assert.Equal(RuleOutcome.Match, outcome);
        }

        /// A flat history has sd 0: any change of the mean matches, none does not (0 > 0 is false).
        [Theory]
        [InlineData(3, 3, false)]
        [InlineData(3, 4, true)]
        public void Over_a_flat_history_any_change_matches(double current1, double current2, bool match)
        {
            Assert.Equal(match ? RuleOutcome.Match : RuleOutcome.NoMatch, Run(Small(), 3, 3, 3, 3, 3, current1, current2, 3).Outcome);
        }

        /// Empty rows are left out of every mean and deviation:
        ///
        ///   history  2, -, 6   mean 4, sd 2 (variance (4 + 4) / 2)
        ///   previous -, 4      mean 4
        ///   current  9, -      mean 9:  |9 - 4| = 5 > 1.5 x 2 = 3
        [Fact]
        public void Empty_rows_are_left_out()
        {
            var rule = Small();
            foreach (var (seconds, value) in new[] { (5, 2.0), (15, 6), (25, 4), (30, 9) })
                rule.AddValue(seconds * Second, value, NoFields);
            Assert.Equal(RuleOutcome.Match, rule.Evaluate(40 * Second).Outcome);
        }

        /// afd_rule.lua asks Heka for neither start-of-data nor loss-of-data alerts: a window with no
        /// value at all has a NaN mean, and NaN exceeds nothing.
        [Theory]
        [InlineData(new[] { 30, 35 }, new double[] { 50, 60 })]                 // only the current window: data starts
        [InlineData(new[] { 5, 10, 15, 20, 25 }, new double[] { 1, 1, 1, 1, 1 })] // nothing in the current window: data stopped
        public void A_window_without_values_is_no_match(int[] seconds, double[] values)
        {
            var rule = Small();
            for (int i = 0; i < seconds.Length; i++) rule.AddValue(seconds[i] * Second, values[i], NoFields);
            Assert.Equal(RuleOutcome.NoMatch, rule.Evaluate(40 * Second).Outcome);
        }

        [Fact]
        public void A_series_is_tested_at_most_once_a_row()
        {
            var rule = Small();
            Assert.Equal(RuleOutcome.Match, Run(rule, 2, 4, 6, 4, 4, 7, 8, 100).Outcome);
            Assert.Equal(RuleOutcome.NoMatch, rule.Evaluate(40 * Second).Outcome); // the same time: not tested
            Assert.Equal(RuleOutcome.NoMatch, rule.Evaluate(44 * Second).Outcome); // 4 s later: not tested
            // 45 s: history 4, 6, 4 (sd 0.94281), previous 4, 7 (5.5), current 8, 100 (54): tested, a match.
            Assert.Equal(RuleOutcome.Match, rule.Evaluate(45 * Second).Outcome);
        }

        [Fact]
        public void Each_series_of_a_group_by_rule_is_tested()
        {
            var rule = new AlarmRule("m", "roc", ">", 1.5, 10, 2, groupBy: new[] { "queue" });
            double[] steady = { 2, 4, 6, 4, 4, 6, 6, 0 }, jump = { 2, 4, 6, 4, 4, 7, 8, 0 };
            for (int i = 0; i < steady.Length; i++)
            {
                rule.AddValue((i + 1) * 5 * Second, steady[i], new[] { new KeyValuePair<string, string>("queue", "a") });
                rule.AddValue((i + 1) * 5 * Second, jump[i], new[] { new KeyValuePair<string, string>("queue", "b") });
            }
            var (outcome, contexts) = rule.Evaluate(40 * Second);
            Assert.Equal(RuleOutcome.Match, outcome);
            Assert.Equal("b", Assert.Single(contexts).Fields.Single().Value);
        }

        [Fact]
        public void Never_a_datapoint_is_no_data()
        {
            var rule = new AlarmRule("m", "roc", ">", 1.5, 10, 2, new[] { new KeyValuePair<string, string>("service", "nova") });
            var (outcome, contexts) = rule.Evaluate(100 * Second);
            Assert.Equal(RuleOutcome.NoData, outcome);
            var context = Assert.Single(contexts);
            Assert.Equal(-1, context.Value);
            Assert.Equal("nova", context.Fields.Single().Value);
        }

        [Fact]
        public void A_series_silent_longer_than_window_times_periods_is_missing_data()
        {
            var rule = Small(); // observation window 20 s
            rule.AddValue(40 * Second, 1, NoFields);
            var (outcome, contexts) = rule.Evaluate(61 * Second);
            Assert.Equal(RuleOutcome.MissingData, outcome);
            Assert.Equal(-1, Assert.Single(contexts).Value);
        }

        /// Heka moves the window on to the time of each test, so a series tested within every
        /// observation window never counts as missing: its windows empty and it stops matching.
        [Fact]
        public void A_test_moves_the_window_on_so_a_series_tested_often_is_not_missing()
        {
            var rule = Small();
            rule.AddValue(40 * Second, 1, NoFields);
            Assert.Equal(RuleOutcome.NoMatch, rule.Evaluate(55 * Second).Outcome); // 15 s: not missing; moves on to 55 s
            Assert.Equal(RuleOutcome.NoMatch, rule.Evaluate(70 * Second).Outcome); // 30 s after the datapoint, 15 s after the test
            Assert.Equal(RuleOutcome.MissingData, rule.Evaluate(91 * Second).Outcome); // 21 s after the last test
        }

        /// test_afd_alarm.lua's test_roc (window 60 s, periods 4, threshold 1.5; 72 rows, 12 a window):
        /// four runs of 72 values one per 5 s, each tested at the time of its last. The 72nd value is
        /// in the row of now, so the current window is values 60 to 71 and the previous 48 to 59.
        [Fact]
        public void StackLights_own_roc_cases_give_its_answers()
        {
            var rule = new AlarmRule("log_messages", "roc", ">", 1.5, 60, 4);
            long t = 0;
            RuleOutcome Feed(double[] values)
            {
                foreach (var v in values)
                    rule.AddValue(t += 5 * Second, v, new[] { new KeyValuePair<string, string>("service", "nova") });
                return rule.Evaluate(t).Outcome;
            }

            double[] Zeros(int oneAt)
            {
                var values = new double[72];
                if (oneAt >= 0) values[oneAt] = 1;
                return values;
            }

            double[] Rates(params double[] lastWindow)
            {
                double[] window = { 1, 2, 1, 1, 1, 2, 1, 1, 2, 1, 1, 2 };
                return Enumerable.Repeat(window, 5).SelectMany(w => w).Concat(lastWindow).ToArray();
            }

            // One error in the current window: history and previous 0 (sd 0), current mean 1/12.
            Assert.Equal(RuleOutcome.Match, Feed(Zeros(60 + 7)));
            // One error in the history: the means agree (0 and 0).
            Assert.Equal(RuleOutcome.NoMatch, Feed(Zeros(24 + 5)));
            // History: values 1 to 47 of the 1,2 pattern, mean 62/47, sd 0.46615; previous mean 16/12;
            // current 2,1,2,1,1,1,2,1,5,5,7,1 mean 29/12: |2.41667 - 1.33333| = 1.08333 > 0.69922.
            Assert.Equal(RuleOutcome.Match, Feed(Rates(1, 2, 1, 1, 1, 2, 1, 5, 5, 7, 1, 7)));
            // Current 2,1,2,1,1,1,2,1,3,4,3,3 mean 24/12: |2 - 1.33333| = 0.66667 is not above 0.69922.
            Assert.Equal(RuleOutcome.NoMatch, Feed(Rates(1, 2, 1, 1, 1, 2, 1, 3, 4, 3, 3, 4)));
        }

        [Theory]
        [InlineData(1.5, 1.5)]
        [InlineData(2, 2)]
        [InlineData(0.0001, 0.0001)]
        [InlineData(1.23456789012345678, 1.2345678901235)] // Lua prints 14 significant digits
        public void The_threshold_is_read_as_heka_reads_luas_text_of_it(double threshold, double deviations)
        {
            Assert.Equal(deviations, new AlarmRule("m", "roc", ">", threshold, 10, 2).Roc!.Deviations);
        }
    }
}
