#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Health
{
    /// One alert a trigger raises: which rule, on which series, with what value and message.
    internal sealed class HealthAlert
    {
        internal HealthAlert(string trigger, McpHealthState severity, AlarmRule rule, RuleContext context, string message)
        {
            Trigger = trigger;
            Severity = severity;
            Rule = rule;
            Value = context.Value;
            Fields = context.Fields;
            Message = message;
        }

        internal string Trigger { get; }
        internal McpHealthState Severity { get; }
        internal AlarmRule Rule { get; }
        /// The value computed; -1 when there was none (no data, missing data).
        internal double Value { get; }
        internal IReadOnlyList<KeyValuePair<string, string>> Fields { get; }
        internal string Message { get; }
    }

    /// A trigger (`<service>:...:metric_collector:trigger:<name>`): rules joined by a logical
    /// operator, a severity, and what no data means. afd_alarm.lua's Alarm.
    internal sealed class AlarmTrigger
    {
        internal const string NoDataEver = "No datapoint have been received ever";

        internal AlarmTrigger(string name, McpHealthState severity, IReadOnlyList<AlarmRule> rules,
            string logicalOperator = "or", McpHealthState? noDataSeverity = McpHealthState.Unknown, string description = "")
        {
            Name = name;
            Severity = severity;
            Rules = rules;
            LogicalOperator = logicalOperator;
            NoDataSeverity = noDataSeverity;
            Description = description;
            // afd_alarm.lua keeps the wait of the first rule only: it compares each rule's seconds
            // with the nanoseconds kept so far, so no later rule is ever longer.
            InitialWait = rules.Count == 0 ? 0 : rules[0].Window * rules[0].Periods;
        }

        internal string Name { get; }
        internal McpHealthState Severity { get; }
        internal IReadOnlyList<AlarmRule> Rules { get; }
        /// "or" or "and".
        internal string LogicalOperator { get; }
        /// The status when a rule has no data; null for no_data_policy skip (the trigger then says nothing).
        internal McpHealthState? NoDataSeverity { get; }
        internal string Description { get; }
        /// Seconds after the start before the trigger is evaluated.
        internal double InitialWait { get; }

        /// Reads a trigger from its pillar mapping. defaultSeverity is the alarm's, used when the
        /// trigger names none.
        internal static AlarmTrigger FromPillar(string name, object? value, string key, McpHealthState? defaultSeverity = null)
        {
            var map = PillarValues.Map(value, key);
            var severityWord = PillarValues.OptionalString(map, "severity", key);
            McpHealthState severity;
            if (severityWord == null)
                severity = defaultSeverity ?? throw new HealthDefinitionException(key + ":severity", "is missing.");
            else
                severity = HealthStatuses.FromWord(severityWord)
                    ?? throw new HealthDefinitionException(key + ":severity", "'" + severityWord + "' is not one of okay, warning, unknown, critical, down.");
            var op = (PillarValues.OptionalString(map, "logical_operator", key) ?? "or").ToLowerInvariant();
            if (op != "or" && op != "and")
                throw new HealthDefinitionException(key + ":logical_operator", "'" + op + "' is not 'or' or 'and'.");
            McpHealthState? noData = McpHealthState.Unknown;
            var policy = PillarValues.OptionalString(map, "no_data_policy", key);
            if (policy != null)
            {
                noData = policy.Equals("skip", StringComparison.OrdinalIgnoreCase) ? null
                    : HealthStatuses.FromWord(policy) ?? throw new HealthDefinitionException(key + ":no_data_policy",
                        "'" + policy + "' is not one of skip, okay, warning, unknown, critical, down.");
            }
            var list = PillarValues.List(map, "rules", key);
            if (list.Count == 0) throw new HealthDefinitionException(key + ":rules", "is empty.");
            var rules = new List<AlarmRule>();
            for (int i = 0; i < list.Count; i++)
                rules.Add(AlarmRule.FromPillar(list[i], key + ":rules:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var description = PillarValues.OptionalString(map, "description", key) ?? "";
            return new AlarmTrigger(name, severity, rules, op, noData, description);
        }

        internal bool HasMetric(string metric)
        {
            foreach (var rule in Rules)
                if (rule.Metric == metric) return true;
            return false;
        }

        /// The same trigger with fresh rules (no series): see <see cref="HealthAlarm.Clone"/>.
        internal AlarmTrigger Clone()
        {
            var rules = new AlarmRule[Rules.Count];
            for (int i = 0; i < rules.Length; i++) rules[i] = Rules[i].Clone();
            return new AlarmTrigger(Name, Severity, rules, LogicalOperator, NoDataSeverity, Description);
        }

        internal void AddValue(long ns, string metric, double value, IReadOnlyList<KeyValuePair<string, string>> fields)
        {
            foreach (var rule in Rules)
                if (rule.Metric == metric) rule.AddValue(ns, value, fields);
        }

        /// Whether ns is at least the initial wait after start (afd_alarm.lua's is_evaluation_time).
        internal bool IsEvaluationTime(long startNs, long ns) => ns - startNs >= InitialWait * 1e9;

        /// afd_alarm.lua's evaluate: "or" raises the severity on one matching rule, else the no-data
        /// status on one rule without data; "and" gives the no-data status on one rule without data,
        /// else the severity when every rule matches. Otherwise okay. Null when no_data_policy is
        /// skip and no data decided. Alerts only when the status is neither okay nor null.
        internal (McpHealthState? Status, List<HealthAlert> Alerts) Evaluate(long ns)
        {
            int matches = 0;
            bool oneUnknown = false;
            var alerts = new List<HealthAlert>();
            string message = Description;
            foreach (var rule in Rules)
            {
                var (outcome, contexts) = rule.Evaluate(ns);
                switch (outcome)
                {
                    case RuleOutcome.Match:
                        matches++;
                        message = Description;
                        break;
                    case RuleOutcome.MissingData:
                        message = "No datapoint have been received over the last " + rule.ObservationWindow.ToString(System.Globalization.CultureInfo.InvariantCulture) + " seconds";
                        oneUnknown = true;
                        break;
                    case RuleOutcome.NoData:
                        message = NoDataEver;
                        oneUnknown = true;
                        break;
                }
                // As afd_alarm.lua: a rule that does not match keeps the message of the rule before.
                foreach (var context in contexts)
                    alerts.Add(new HealthAlert(Name, Severity, rule, context, message));
            }

            McpHealthState? status = McpHealthState.Okay;
            if (LogicalOperator == "and")
            {
                if (oneUnknown) status = NoDataSeverity;
                else if (matches == Rules.Count) status = Severity;
            }
            else
            {
                if (matches > 0) status = Severity;
                else if (oneUnknown) status = NoDataSeverity;
            }
            if (status == null || status == McpHealthState.Okay) alerts.Clear();
            return (status, alerts);
        }
    }
}
