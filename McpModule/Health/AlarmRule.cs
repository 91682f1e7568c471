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
        /// A week of 5 s rows: the most a series keeps, so a pillar cannot make every series eat memory.
        internal const int MaxRows = 7 * 24 * 3600 / MetricWindow.SecondsPerRow;

        internal static readonly string[] Functions = { "last", "min", "max", "avg", "sum", "sd", "variance", "diff", "roc" };

        // The series seen so far in the order first seen, made on the first datapoint; indexed by
        // id once a group_by rule has many (a rule without group_by has one series).
        private Dictionary<string, Series>? _series;
        private List<Series>? _seriesOrder;

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
            if (function == "roc")
            {
                Roc = new RateOfChange(RateOfChange.WindowRowsOf(Window), threshold);
                Rows = RateOfChange.BufferRowsOf(Window, Periods);
            }
            else
            {
                Rows = MetricWindow.ToRows(Math.Ceiling(Window * Periods / MetricWindow.SecondsPerRow));
            }
        }

        // A copy of the definition without the series (Clone).
        private AlarmRule(AlarmRule other)
        {
            Metric = other.Metric;
            Function = other.Function;
            RelationalOperator = other.RelationalOperator;
            Threshold = other.Threshold;
            Window = other.Window;
            Periods = other.Periods;
            Fields = other.Fields;
            GroupBy = other.GroupBy;
            ObservationWindow = other.ObservationWindow;
            Rows = other.Rows;
            Roc = other.Roc;
        }

        /// The same rule with no series: what it was before its first datapoint. Shares only what
        /// never changes (fields, group_by, the roc test's settings).
        internal AlarmRule Clone() => new AlarmRule(this);

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
        /// The rows of each series' window: ceil(window * periods / 5); for roc, the current and
        /// previous windows and periods windows of history (<see cref="RateOfChange.BufferRowsOf"/>).
        internal int Rows { get; }
        /// The test of a roc rule; null for the other functions.
        internal RateOfChange? Roc { get; }

        /// Reads a rule from its pillar mapping; key is the mapping's own key, for errors.
        internal static AlarmRule FromPillar(object? value, string key)
        {
            var map = PillarValues.Map(value, key);
            var metric = PillarValues.RequiredString(map, "metric", key);
            var function = PillarValues.RequiredString(map, "function", key);
            if (!Functions.Contains(function))
                throw new HealthDefinitionException(key + ":function", "'" + function + "' is not one of " + string.Join(", ", Functions) + ".");
            bool roc = function == "roc";
            // roc compares with no operator: StackLight's own roc rules name none.
            var op = roc ? PillarValues.OptionalString(map, "relational_operator", key) ?? ">"
                : PillarValues.RequiredString(map, "relational_operator", key);
            if (!Health.Threshold.IsOperator(op))
                throw new HealthDefinitionException(key + ":relational_operator", "'" + op + "' is not one of ==, !=, >=, >, <=, <, eq, ne, gte, gt, lte, lt.");
            var threshold = PillarValues.RequiredNumber(map, "threshold", key);
            var window = PillarValues.OptionalNumber(map, "window", key);
            var periods = PillarValues.OptionalNumber(map, "periods", key);
            var fieldsKey = map.ContainsKey("fields") ? "fields" : "field";
            var fields = PillarValues.StringMap(map, fieldsKey, key);
            foreach (var field in fields)
                if (IsMatchExpression(field.Value))
                    throw new HealthDefinitionException(key + ":" + fieldsKey + ":" + field.Key, "'" + field.Value
                        + "' is a matching expression (==, !=, <, >, <=, >=, =~, !~, ||, &&), which StackLight's later afd_rule.lua "
                        + "evaluates and this engine does not: it takes a field's value as it is, or '*' for any.");
            var groupBy = PillarValues.OptionalStrings(map, "group_by", key);
            var rule = new AlarmRule(metric, function, op, threshold, window, periods, fields, groupBy);
            rule.CheckWindow(key, window.HasValue, periods.HasValue);
            if (roc) rule.CheckRoc(key, periods.HasValue);
            return rule;
        }

        /// Sizes a pillar may not ask for, refused with the key at fault: more than a week of rows, or
        /// one row, which Heka's buffer refuses (StackLight's filter stops at the first datapoint).
        private void CheckWindow(string key, bool windowGiven, bool periodsGiven)
        {
            string sizes = string.Format(CultureInfo.InvariantCulture, "window {0} s x periods {1}{2}{3}",
                Window, Periods, windowGiven ? "" : " (window absent: 10 s)", periodsGiven ? "" : " (periods absent: 1)");
            if (Rows > MaxRows)
            {
                // Name periods when the window alone would fit.
                bool windowFits = (Roc != null ? RateOfChange.BufferRowsOf(Window, MinPeriods) : Math.Ceiling(Window / MetricWindow.SecondsPerRow)) <= MaxRows;
                throw new HealthDefinitionException(key + (windowFits ? ":periods" : ":window"), string.Format(CultureInfo.InvariantCulture,
                    "{0} keeps {1} rows of 5 s, more than a week ({2} rows).", sizes, Rows, MaxRows));
            }
            if (Rows < 2)
                throw new HealthDefinitionException(key + ":window", sizes + " is 5 s or less: StackLight keeps a series in rows of 5 s and needs at least two.");
        }

        private void CheckRoc(string key, bool periodsGiven)
        {
            if (Metric.IndexOf('"') >= 0)
                throw new HealthDefinitionException(key + ":metric", "'" + Metric + "': a roc rule's metric names Heka's anomaly test, which takes no double quote.");
            if (RateOfChange.AsHekaReadsIt(Threshold) == null)
                throw new HealthDefinitionException(key + ":threshold", string.Format(CultureInfo.InvariantCulture,
                    "{0} is not a number of standard deviations Heka's roc test reads: 0, or from 0.0001 to below 1e14, without a sign.", Threshold));
            if (!RateOfChange.HasHistory(Window, Periods))
            {
                int windowRows = RateOfChange.WindowRowsOf(Window);
                throw new HealthDefinitionException(key + ":periods", string.Format(CultureInfo.InvariantCulture,
                    "{0}: roc compares the last window with the one before against periods windows of history, and Heka's test "
                    + "refuses a buffer of 3 windows or less: window {1} s is {2} rows, {2} x (periods + 2) = {3} rows. Periods must be above 1.",
                    periodsGiven ? Periods.ToString(CultureInfo.InvariantCulture) : "absent, so 1", Window, windowRows, Rows));
            }
        }

        /// Whether value_matching.lua would read a field's value as an expression rather than a value:
        /// taken as a plain value, it would match nothing and leave the rule without data for good.
        internal static bool IsMatchExpression(string value)
        {
            foreach (var op in MatchOperators)
                if (value.IndexOf(op, StringComparison.Ordinal) >= 0) return true;
            return false;
        }

        private static readonly string[] MatchOperators = { "==", "!=", "<", ">", "=~", "!~", "||", "&&" };

        /// afd_rule.lua's fields_accepted: a rule without fields takes every datapoint; otherwise a
        /// datapoint is refused when one of its fields the rule names differs ('*' takes any value),
        /// and taken when at least one matches. ('*' is afd_rule.lua's before value_matching.lua, where
        /// it became a plain value.)
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
            Series series;
            if (GroupBy.Count == 0)
            {
                // One series: no index needed.
                if (_seriesOrder == null) _seriesOrder = new List<Series>(1) { new Series(new MetricWindow(Rows), Fields, "") };
                series = _seriesOrder[0];
            }
            else
            {
                var id = SeriesId(fields);
                var found = Find(id);
                if (found == null)
                {
                    found = new Series(new MetricWindow(Rows), fields, id);
                    if (_seriesOrder == null) _seriesOrder = new List<Series>();
                    _seriesOrder.Add(found);
                    if (_series != null) _series[id] = found;
                    else if (_seriesOrder.Count > IndexFrom)
                    {
                        _series = new Dictionary<string, Series>(StringComparer.Ordinal);
                        foreach (var s in _seriesOrder) _series[s.Id] = s;
                    }
                }
                series = found;
            }
            if (Function == "avg") series.Window.Add(ns, value);
            else series.Window.Set(ns, value);
        }

        // A few series are found by looking through them; past this many, through an index.
        private const int IndexFrom = 8;

        private Series? Find(string id)
        {
            if (_series != null) return _series.TryGetValue(id, out var indexed) ? indexed : null;
            if (_seriesOrder != null)
                foreach (var s in _seriesOrder)
                    if (string.Equals(s.Id, id, StringComparison.Ordinal)) return s;
            return null;
        }

        /// Without group_by a rule has one series; with it, one per value of the named fields.
        private string SeriesId(IReadOnlyList<KeyValuePair<string, string>> fields)
        {
            if (GroupBy.Count == 0) return "";
            if (GroupBy.Count == 1) return ValueOf(fields, GroupBy[0]);
            var parts = new string[GroupBy.Count];
            for (int i = 0; i < parts.Length; i++) parts[i] = ValueOf(fields, GroupBy[i]);
            return string.Join("/", parts);
        }

        // The value of the first field of that name; "" without one.
        private static string ValueOf(IReadOnlyList<KeyValuePair<string, string>> fields, string name)
        {
            for (int i = 0; i < fields.Count; i++)
                if (fields[i].Key == name) return fields[i].Value ?? "";
            return "";
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
            foreach (var series in _seriesOrder ?? NoSeries)
            {
                var window = series.Window;
                var fields = series.Fields;
                if (ns - window.CurrentTime > observation)
                {
                    oneMissing = true;
                    contexts.Add(new RuleContext(-1, fields));
                    continue;
                }
                if (Roc is RateOfChange roc)
                {
                    // A match carries no value: the test gives none.
                    if (TestRoc(roc, series, ns))
                    {
                        oneMatch = true;
                        contexts.Add(new RuleContext(-1, fields));
                    }
                    else
                    {
                        oneNoMatch = true;
                    }
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

        /// Heka's anomaly detection at ns: the window moves on to ns first, and a series is tested at
        /// most once a row (5 s); a call within the same 5 s finds no anomaly. Heka keeps that time per
        /// rule, shared by every series of a group_by rule, so that only the first series is ever
        /// tested there; it is kept per series here, so each is.
        private static bool TestRoc(RateOfChange roc, Series series, long ns)
        {
            series.Window.Advance(ns);
            if (ns <= series.LastRocTest || ns - series.LastRocTest < MetricWindow.NanosPerRow) return false;
            series.LastRocTest = ns;
            return roc.IsAnomaly(series.Window);
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

        private static readonly List<Series> NoSeries = new List<Series>();

        private sealed class Series
        {
            internal Series(MetricWindow window, IReadOnlyList<KeyValuePair<string, string>> fields, string id)
            {
                Window = window;
                Fields = fields;
                Id = id;
            }

            /// SeriesId's: the values of the group_by fields.
            internal string Id { get; }

            internal MetricWindow Window { get; }
            internal IReadOnlyList<KeyValuePair<string, string>> Fields { get; }
            /// When roc last tested this series (0: never).
            internal long LastRocTest { get; set; }
        }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}({1}) {2} {3} window {4} periods {5}", Function, Metric, RelationalOperator, Threshold, Window, Periods);
    }
}
