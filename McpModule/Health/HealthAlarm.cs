#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Health
{
    /// An alarm (`<service>:...:metric_collector:alarm:<name>`): its triggers in the order the
    /// pillar lists them, whether it is enabled, whether it alerts, and the dimension its status is
    /// reported under (what GSE clusters match on). Its triggers are evaluated as afd_alarms.lua
    /// evaluates the alarms of one AFD filter: see <see cref="Evaluate"/>.
    internal sealed class HealthAlarm
    {
        internal static readonly string[] AlertingWords = { "enabled", "disabled", "enabled_with_notification" };

        // Each metric the rules read: the fields they name and the triggers that read it. Worked out
        // from the definition once, shared by clones (it never changes).
        private readonly Dictionary<string, MetricUse> _uses;

        private sealed class MetricUse
        {
            internal MetricUse(IReadOnlyList<string> fields, int[] triggers)
            {
                Fields = fields;
                Triggers = triggers;
            }

            internal IReadOnlyList<string> Fields { get; }
            /// Indexes into Triggers, in order.
            internal int[] Triggers { get; }
        }

        internal HealthAlarm(string name, IReadOnlyList<AlarmTrigger> triggers, string op = "or", bool enabled = true,
            IReadOnlyList<KeyValuePair<string, string>>? dimension = null, string alerting = "enabled")
        {
            Name = name;
            Triggers = triggers;
            Operator = op;
            Enabled = enabled;
            Dimension = dimension ?? Array.Empty<KeyValuePair<string, string>>();
            Alerting = alerting;
            _uses = UsesOf(triggers);
        }

        private HealthAlarm(HealthAlarm other, IReadOnlyList<AlarmTrigger> triggers)
        {
            Name = other.Name;
            Triggers = triggers;
            Operator = other.Operator;
            Enabled = other.Enabled;
            Dimension = other.Dimension;
            Alerting = other.Alerting;
            _uses = other._uses;
        }

        /// The same alarm as it was before its first datapoint: its triggers' rules have no series.
        /// A node's alarms are cloned from the node's definition each evaluation, so no two
        /// evaluations (nor two nodes) share a window.
        internal HealthAlarm Clone()
        {
            var triggers = new AlarmTrigger[Triggers.Count];
            for (int i = 0; i < triggers.Length; i++) triggers[i] = Triggers[i].Clone();
            return new HealthAlarm(this, triggers);
        }

        private static Dictionary<string, MetricUse> UsesOf(IReadOnlyList<AlarmTrigger> triggers)
        {
            var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var readers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (int t = 0; t < triggers.Count; t++)
            {
                foreach (var rule in triggers[t].Rules)
                {
                    if (!fields.TryGetValue(rule.Metric, out var list))
                    {
                        fields[rule.Metric] = list = new List<string>();
                        readers[rule.Metric] = new List<int>();
                    }
                    foreach (var name in rule.Fields.Select(f => f.Key).Concat(rule.GroupBy))
                        if (!list.Contains(name)) list.Add(name);
                    var r = readers[rule.Metric];
                    if (r.Count == 0 || r[r.Count - 1] != t) r.Add(t);
                }
            }
            var uses = new Dictionary<string, MetricUse>(StringComparer.Ordinal);
            foreach (var entry in fields) uses[entry.Key] = new MetricUse(entry.Value, readers[entry.Key].ToArray());
            return uses;
        }

        internal string Name { get; }
        internal IReadOnlyList<AlarmTrigger> Triggers { get; }
        /// "or" (the default) or "and".
        internal string Operator { get; }
        /// False for `enabled: false`: salt-formula-heka renders no AFD filter for it, so it has no status.
        internal bool Enabled { get; }
        internal IReadOnlyList<KeyValuePair<string, string>> Dimension { get; }
        /// `alerting`: enabled (the default), disabled or enabled_with_notification.
        internal string Alerting { get; }
        /// Whether its status is sent on to alerting (Nagios). With `alerting: disabled` StackLight still
        /// evaluates the alarm and its status still counts in GSE clusters; only the alerting is off.
        internal bool AlertingEnabled => Alerting != "disabled";
        /// Whether an operator is notified of this alarm per node, not only through its cluster.
        internal bool NotificationEnabled => Alerting == "enabled_with_notification";

        /// Reads `alarm:<name>`; triggers holds the `trigger` mapping of the same metric_collector
        /// (its key triggersKey, for errors). As salt-formula-heka renders an alarm, a trigger with
        /// `enabled: false` is left out, unread.
        internal static HealthAlarm FromPillar(string name, object? value, string key, IDictionary<string, object> triggers, string triggersKey,
            Func<string, string>? triggerKeyOf = null)
        {
            var map = PillarValues.Map(value, key);
            var names = PillarValues.OptionalStrings(map, "triggers", key)
                ?? throw new HealthDefinitionException(key + ":triggers", "is missing.");
            if (names.Count == 0) throw new HealthDefinitionException(key + ":triggers", "is empty.");
            McpHealthState? severity = null;
            var severityWord = PillarValues.OptionalString(map, "severity", key);
            if (severityWord != null)
                severity = HealthStatuses.FromWord(severityWord)
                    ?? throw new HealthDefinitionException(key + ":severity", "'" + severityWord + "' is not one of okay, warning, unknown, critical, down.");
            var op = (PillarValues.OptionalString(map, "operator", key) ?? "or").ToLowerInvariant();
            if (op != "or" && op != "and")
                throw new HealthDefinitionException(key + ":operator", "'" + op + "' is not 'or' or 'and'.");
            var enabled = PillarValues.OptionalBool(map, "enabled", key, true);
            var alerting = PillarValues.Get(map, "alerting") ?? "enabled";
            // salt-formula-heka takes any other word as disabled; a typo would silently stop alerts.
            if (!(alerting is string word) || !AlertingWords.Contains(word))
                throw new HealthDefinitionException(key + ":alerting", PillarValues.Describe(alerting) + " is not one of " + string.Join(", ", AlertingWords) + ".");
            var dimension = PillarValues.StringMap(map, "dimension", key);
            var list = new List<AlarmTrigger>();
            for (int i = 0; i < names.Count; i++)
            {
                if (!triggers.TryGetValue(names[i], out var trigger))
                    throw new HealthDefinitionException(key + ":triggers:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "names trigger '" + names[i] + "', which " + triggersKey + " does not define.");
                // triggerKeyOf: where each trigger was defined, when they come from several places
                var triggerKey = triggerKeyOf?.Invoke(names[i]) ?? triggersKey + ":" + names[i];
                if (!PillarValues.OptionalBool(PillarValues.Map(trigger, triggerKey), "enabled", triggerKey, true)) continue;
                list.Add(AlarmTrigger.FromPillar(names[i], trigger, triggerKey, severity));
            }
            return new HealthAlarm(name, list, op, enabled, dimension, word);
        }

        internal bool HasMetric(string metric) => metric != null && _uses.ContainsKey(metric);

        /// The metrics its rules read, in the order the rules name them first.
        internal IEnumerable<string> Metrics => _uses.Keys;

        /// The fields the rules on a metric name, in their fields and group_by: StackLight's AFD filter
        /// reads only those from a datapoint, and drops one that lacks any of them for every trigger.
        internal IReadOnlyList<string> FieldsFor(string metric) =>
            metric != null && _uses.TryGetValue(metric, out var use) ? use.Fields : Array.Empty<string>();

        /// Gives a datapoint to the triggers with only the fields their rules name (so a group_by
        /// series reports those), or to none when it lacks one.
        internal void AddValue(long ns, string metric, double value, IReadOnlyList<KeyValuePair<string, string>> fields)
        {
            // No rule reads the metric: no trigger would take it.
            if (metric == null || !_uses.TryGetValue(metric, out var use)) return;
            var names = use.Fields;
            var kept = new KeyValuePair<string, string>[names.Count];
            for (int i = 0; i < names.Count; i++)
            {
                int at = -1;
                for (int j = 0; j < fields.Count && at < 0; j++)
                    if (string.Equals(fields[j].Key, names[i], StringComparison.Ordinal)) at = j;
                if (at < 0) return;
                kept[i] = fields[at];
            }
            foreach (var t in use.Triggers) Triggers[t].AddValue(ns, metric, value, kept);
        }

        /// AddValue with the fields as a metric's Dimensions holds them (keys compared ordinally).
        internal void AddValue(long ns, string metric, double value, Dictionary<string, string> fields)
        {
            if (metric == null || !_uses.TryGetValue(metric, out var use)) return;
            var names = use.Fields;
            var kept = names.Count == 0 ? Array.Empty<KeyValuePair<string, string>>() : new KeyValuePair<string, string>[names.Count];
            for (int i = 0; i < names.Count; i++)
            {
                if (!fields.TryGetValue(names[i], out var found)) return;
                kept[i] = new KeyValuePair<string, string>(names[i], found);
            }
            foreach (var t in use.Triggers) Triggers[t].AddValue(ns, metric, value, kept);
        }

        /// afd_alarms.lua's evaluate over the triggers due at ns, in order: the status is the worst
        /// so far (unknown below okay), and the first trigger that leaves it neither okay nor unknown
        /// ends the evaluation. Null when no trigger was due or every one said nothing (skip).
        /// With operator "and", the alarm is okay as soon as one due trigger is okay.
        internal (McpHealthState? Status, List<HealthAlert> Alerts) Evaluate(long startNs, long ns)
        {
            McpHealthState? status = null;
            var alerts = new List<HealthAlert>();
            bool oneOkay = false;
            foreach (var trigger in Triggers)
            {
                if (!trigger.IsEvaluationTime(startNs, ns)) continue;
                var (state, raised) = trigger.Evaluate(ns);
                if (state == McpHealthState.Okay) oneOkay = true;
                status = HealthStatuses.Worst(state, status);
                alerts.AddRange(raised);
                if (Operator == "or" && status != McpHealthState.Unknown && status != McpHealthState.Okay) break;
            }
            if (Operator == "and" && oneOkay)
            {
                status = McpHealthState.Okay;
                alerts.Clear();
            }
            return (status, alerts);
        }
    }

    /// The alarms of a model and the datapoints they have seen: the AFD side of the health engine.
    internal sealed class AlarmEvaluator
    {
        private readonly List<HealthAlarm> _alarms;

        // Metric name -> the indexes of the alarms whose rules read it, in the alarms' order.
        private readonly IReadOnlyDictionary<string, int[]> _readers;

        internal AlarmEvaluator(IEnumerable<HealthAlarm> alarms, DateTimeOffset start)
        {
            _alarms = alarms.Where(a => a.Enabled).ToList();
            StartNs = ToNanoseconds(start);
            _readers = ReadersOf(_alarms);
        }

        /// Over alarms already enabled and cloned, with ReadersOf(alarms) worked out before (by the
        /// alarms' template: the same for every clone).
        internal AlarmEvaluator(List<HealthAlarm> enabledAlarms, IReadOnlyDictionary<string, int[]> readers, DateTimeOffset start)
        {
            _alarms = enabledAlarms;
            StartNs = ToNanoseconds(start);
            _readers = readers;
        }

        /// Metric name -> the indexes of the alarms whose rules read it, in order.
        internal static Dictionary<string, int[]> ReadersOf(IReadOnlyList<HealthAlarm> alarms)
        {
            var readers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (int i = 0; i < alarms.Count; i++)
                foreach (var metric in alarms[i].Metrics)
                {
                    if (!readers.TryGetValue(metric, out var list)) readers[metric] = list = new List<int>();
                    list.Add(i);
                }
            return readers.ToDictionary(r => r.Key, r => r.Value.ToArray(), StringComparer.Ordinal);
        }

        internal IReadOnlyList<HealthAlarm> Alarms => _alarms;
        internal long StartNs { get; }

        private static readonly long EpochTicks = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

        internal static long ToNanoseconds(DateTimeOffset time) => (time.UtcTicks - EpochTicks) * 100;

        internal static IReadOnlyList<KeyValuePair<string, string>> FieldsOf(McpMetric metric)
        {
            if (metric.Dimensions == null) return Array.Empty<KeyValuePair<string, string>>();
            return metric.Dimensions.ToList();
        }

        /// Gives a datapoint to every alarm whose rules use its metric.
        internal void Add(McpMetric metric)
        {
            if (metric.Name == null || !_readers.TryGetValue(metric.Name, out var readers)) return;
            var ns = ToNanoseconds(metric.Timestamp);
            var dimensions = metric.Dimensions;
            if (dimensions != null && (dimensions.Comparer == EqualityComparer<string>.Default || dimensions.Comparer == StringComparer.Ordinal))
            {
                // Looked up where they are rather than copied into a list for every datapoint.
                foreach (var i in readers) _alarms[i].AddValue(ns, metric.Name, metric.Value, dimensions);
                return;
            }
            var fields = FieldsOf(metric);
            foreach (var i in readers) _alarms[i].AddValue(ns, metric.Name, metric.Value, fields);
        }

        /// Every alarm's status at time now, in the order of the definitions.
        internal List<(HealthAlarm Alarm, McpHealthState? Status, List<HealthAlert> Alerts)> Evaluate(DateTimeOffset now)
        {
            var ns = ToNanoseconds(now);
            var result = new List<(HealthAlarm, McpHealthState?, List<HealthAlert>)>();
            foreach (var alarm in _alarms)
            {
                var (status, alerts) = alarm.Evaluate(StartNs, ns);
                result.Add((alarm, status, alerts));
            }
            return result;
        }
    }
}
