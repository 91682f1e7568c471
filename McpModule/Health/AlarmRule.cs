#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace McpModule.Health
{
    /// What a rule makes of its series at one time (afd.lua's MATCH, NO_MATCH, NO_DATA, MISSING_DATA).
    internal enum RuleOutcome
    {
        /// At least one series crosses the threshold.
        Match,
        /// Every series was computed and none crosses the threshold.
        NoMatch,
        /// No datapoint was ever received.
        NoData,
        /// A series received nothing within the observation window (and none matched).
        MissingData,
    }

    /// One series a rule reports on: the value computed (-1 when there is none) and its fields.
    internal sealed class RuleContext
    {
        internal RuleContext(double value, IReadOnlyList<KeyValuePair<string, string>> fields)
        {
            Value = value;
            Fields = fields;
        }

        internal double Value { get; }
        internal IReadOnlyList<KeyValuePair<string, string>> Fields { get; }
    }

    /// One rule of a trigger (`rules: [metric, fields, function, window, periods, relational_operator,
    /// threshold]`), with the series of values it has seen: afd_rule.lua's Rule.
    internal sealed class AlarmRule
    {
        internal const double MinWindow = 10;
        internal const double MinPeriods = 1;

        internal static readonly string[] Functions = { "last", "min", "max", "avg", "sum", "sd", "variance", "diff" };

        private readonly Dictionary<string, MetricWindow> _series = new Dictionary<string, MetricWindow>(StringComparer.Ordinal);
        private readonly List<string> _seriesOrder = new List<string>();
        private readonly Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>> _seriesFields =
            new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>(StringComparer.Ordinal);

        internal AlarmRule(string metric, string function, string relationalOperator, double threshold,
            double? window = null, double? periods = null,
            IReadOnlyList<KeyValuePair<string, string>>? fields = null, IReadOnlyList<string>? groupBy = null)
        {
            Metric = metric;
            Function = function;
            RelationalOperator = relationalOperator;
            Threshold = threshold;
            // afd_rule.lua: a window or periods absent or not above 0 is the minimum.
            Window = window.HasValue && window.Value > 0 ? window.Value : MinWindow;
            Periods = periods.HasValue && periods.Value > 0 ? periods.Value : MinPeriods;
            Fields = fields ?? Array.Empty<KeyValuePair<string, string>>();
            GroupBy = groupBy ?? Array.Empty<string>();
            ObservationWindow = (long)Math.Ceiling(Window * Periods);
            Rows = (int)Math.Ceiling(Window * Periods / MetricWindow.SecondsPerRow);
        }

        internal string Metric { get; }
        internal string Function { get; }
        internal string RelationalOperator { get; }
        internal double Threshold { get; }
        /// Seconds.
        internal double Window { get; }
        internal double Periods { get; }
        internal IReadOnlyList<KeyValuePair<string, string>> Fields { get; }
        internal IReadOnlyList<string> GroupBy { get; }
        /// ceil(window * periods), in seconds: a series silent for longer is missing.
        internal long ObservationWindow { get; }
        /// The rows of each series' window: ceil(window * periods / 5).
        internal int Rows { get; }

        /// Reads a rule from its pillar mapping; key is the mapping's own key, for errors.
        internal static AlarmRule FromPillar(object? value, string key)
        {
            var map = PillarValues.Map(value, key);
            var metric = PillarValues.RequiredString(map, "metric", key);
            var function = PillarValues.RequiredString(map, "function", key);
            if (function == "roc")
                throw new HealthDefinitionException(key + ":function", "'roc' (Heka's rate-of-change anomaly detection) is not supported.");
            if (!Functions.Contains(function))
                throw new HealthDefinitionException(key + ":function", "'" + function + "' is not one of " + string.Join(", ", Functions) + ".");
            var op = PillarValues.RequiredString(map, "relational_operator", key);
            if (!Health.Threshold.IsOperator(op))
                throw new HealthDefinitionException(key + ":relational_operator", "'" + op + "' is not one of ==, !=, >=, >, <=, <, eq, ne, gte, gt, lte, lt.");
            var threshold = PillarValues.RequiredNumber(map, "threshold", key);
            var window = PillarValues.OptionalNumber(map, "window", key);
            var periods = PillarValues.OptionalNumber(map, "periods", key);
            var fieldsKey = map.ContainsKey("fields") ? "fields" : "field";
            var fields = PillarValues.StringMap(map, fieldsKey, key);
            var groupBy = PillarValues.OptionalStrings(map, "group_by", key);
            return new AlarmRule(metric, function, op, threshold, window, periods, fields, groupBy);
        }

        /// afd_rule.lua's fields_accepted: a rule without fields takes every datapoint; otherwise a
        /// datapoint is refused when one of its fields the rule names differs ('*' takes any value),
        /// and taken when at least one matches.
        internal bool Accepts(IReadOnlyList<KeyValuePair<string, string>> fields)
        {
            if (Fields.Count == 0) return true;
            int matched = 0;
            foreach (var wanted in Fields)
            {
                foreach (var field in fields)
                {
                    if (!string.Equals(field.Key, wanted.Key, StringComparison.Ordinal)) continue;
                    if (wanted.Value == "*" || string.Equals(field.Value, wanted.Value, StringComparison.Ordinal)) matched++;
                    else return false;
                }
            }
            return matched > 0;
        }

        /// Stores a datapoint in its series (made on first sight): avg adds to the row's sum and
        /// count, every other function keeps the row's last value.
        internal void AddValue(long ns, double value, IReadOnlyList<KeyValuePair<string, string>> fields)
        {
            if (!Accepts(fields)) return;
            var id = SeriesId(fields);
            if (!_series.TryGetValue(id, out var window))
            {
                window = new MetricWindow(Rows);
                _series[id] = window;
                _seriesOrder.Add(id);
                _seriesFields[id] = GroupBy.Count > 0 ? fields : Fields;
            }
            if (Function == "avg") window.Add(ns, value);
            else window.Set(ns, value);
        }

        /// Without group_by a rule has one series; with it, one per value of the named fields.
        private string SeriesId(IReadOnlyList<KeyValuePair<string, string>> fields)
        {
            if (GroupBy.Count == 0) return "";
            var parts = GroupBy.Select(g => fields.FirstOrDefault(f => f.Key == g).Value ?? "");
            return string.Join("/", parts);
        }

        /// afd_rule.lua's evaluate at time ns: each series in the order first seen, a series silent
        /// for longer than the observation window is missing (-1), the others computed and compared.
        /// One match makes a match (its contexts the matching and the missing series), else one
        /// missing series makes missing data, else no match; no series at all is no data.
        internal (RuleOutcome Outcome, List<RuleContext> Contexts) Evaluate(long ns)
        {
            var contexts = new List<RuleContext>();
            bool oneMatch = false, oneNoMatch = false, oneMissing = false;
            long observation = ObservationWindow * 1_000_000_000L;
            foreach (var id in _seriesOrder)
            {
                var window = _series[id];
                var fields = _seriesFields[id];
                if (ns - window.CurrentTime > observation)
                {
                    oneMissing = true;
                    contexts.Add(new RuleContext(-1, fields));
                    continue;
                }
                double? result;
                switch (Function)
                {
                    case "avg":
                        result = window.Average();
                        break;
                    case "last":
                        result = Last(window, ns, observation);
                        break;
                    case "diff":
                        var last = Last(window, ns, observation);
                        var first = last.HasValue ? First(window, ns, observation) : null;
                        result = last.HasValue && first.HasValue ? last - first : null;
                        break;
                    default:
                        result = window.Compute(Function);
                        break;
                }
                if (!result.HasValue)
                {
                    oneMissing = true;
                    contexts.Add(new RuleContext(-1, fields));
                }
                else if (Health.Threshold.Compare(result.Value, RelationalOperator, Threshold))
                {
                    oneMatch = true;
                    contexts.Add(new RuleContext(result.Value, fields));
                }
                else
                {
                    oneNoMatch = true;
                }
            }
            if (oneMatch) return (RuleOutcome.Match, contexts);
            if (oneMissing) return (RuleOutcome.MissingData, contexts);
            if (oneNoMatch) return (RuleOutcome.NoMatch, new List<RuleContext>());
            return (RuleOutcome.NoData, new List<RuleContext> { new RuleContext(-1, Fields) });
        }

        /// The newest value at or before ns, looking back row by row over the observation window.
        private static double? Last(MetricWindow window, long ns, long observation)
        {
            for (long t = ns; t >= ns - observation; t -= MetricWindow.NanosPerRow)
            {
                var v = window.Get(t);
                if (v.HasValue && !double.IsNaN(v.Value)) return v;
            }
            return null;
        }

        /// The oldest value of the observation window, looking forward row by row up to ns.
        private static double? First(MetricWindow window, long ns, long observation)
        {
            for (long t = ns - observation; t <= ns; t += MetricWindow.NanosPerRow)
            {
                var v = window.Get(t);
                if (v.HasValue && !double.IsNaN(v.Value)) return v;
            }
            return null;
        }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}({1}) {2} {3} window {4} periods {5}", Function, Metric, RelationalOperator, Threshold, Window, Periods);
    }
}
