#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace McpModule.Health
{
    /// One rule of a policy rule's trigger: count or percent of the groups in some statuses,
    /// compared with a threshold.
    internal sealed class GsePolicyCondition
    {
        internal GsePolicyCondition(string function, IReadOnlyList<McpHealthState> arguments, string relationalOperator, double threshold)
        {
            Function = function;
            Arguments = arguments;
            RelationalOperator = relationalOperator;
            Threshold = threshold;
        }

        /// "count" or "percent".
        internal string Function { get; }
        internal IReadOnlyList<McpHealthState> Arguments { get; }
        internal string RelationalOperator { get; }
        internal double Threshold { get; }
    }

    /// One rule of a policy (`aggregator:policy:<name>`, a list of these): the status it gives
    /// and the trigger that decides it. gse_policy.lua's GsePolicy.
    internal sealed class GsePolicyRule
    {
        internal GsePolicyRule(McpHealthState status, IReadOnlyList<GsePolicyCondition>? conditions = null, string logicalOperator = "or")
        {
            Status = status;
            Conditions = conditions ?? Array.Empty<GsePolicyCondition>();
            LogicalOperator = logicalOperator;
        }

        internal McpHealthState Status { get; }
        internal IReadOnlyList<GsePolicyCondition> Conditions { get; }
        internal string LogicalOperator { get; }
        internal bool RequiresPercent => Conditions.Any(c => c.Function == "percent");

        internal static GsePolicyRule FromPillar(object? value, string key)
        {
            var map = PillarValues.Map(value, key);
            var word = PillarValues.RequiredString(map, "status", key);
            var status = HealthStatuses.FromWord(word)
                ?? throw new HealthDefinitionException(key + ":status", "'" + word + "' is not one of okay, warning, unknown, critical, down.");
            var trigger = PillarValues.Get(map, "trigger");
            if (trigger == null) return new GsePolicyRule(status);
            var triggerKey = key + ":trigger";
            var triggerMap = PillarValues.Map(trigger, triggerKey);
            var op = (PillarValues.OptionalString(triggerMap, "logical_operator", triggerKey) ?? "or").ToLowerInvariant();
            if (op != "or" && op != "and")
                throw new HealthDefinitionException(triggerKey + ":logical_operator", "'" + op + "' is not 'or' or 'and'.");
            var conditions = new List<GsePolicyCondition>();
            if (PillarValues.Get(triggerMap, "rules") != null)
            {
                var rules = PillarValues.List(triggerMap, "rules", triggerKey);
                for (int i = 0; i < rules.Count; i++)
                {
                    var ruleKey = triggerKey + ":rules:" + i.ToString(CultureInfo.InvariantCulture);
                    var rule = PillarValues.Map(rules[i], ruleKey);
                    var function = PillarValues.RequiredString(rule, "function", ruleKey);
                    if (function != "count" && function != "percent")
                        throw new HealthDefinitionException(ruleKey + ":function", "'" + function + "' is not 'count' or 'percent'.");
                    var relational = PillarValues.RequiredString(rule, "relational_operator", ruleKey);
                    if (!Health.Threshold.IsOperator(relational))
                        throw new HealthDefinitionException(ruleKey + ":relational_operator", "'" + relational + "' is not one of ==, !=, >=, >, <=, <, eq, ne, gte, gt, lte, lt.");
                    var threshold = PillarValues.RequiredNumber(rule, "threshold", ruleKey);
                    var words = PillarValues.OptionalStrings(rule, "arguments", ruleKey)
                        ?? throw new HealthDefinitionException(ruleKey + ":arguments", "is missing.");
                    var arguments = new List<McpHealthState>();
                    for (int j = 0; j < words.Count; j++)
                    {
                        // gse_policy.lua looks the arguments up as written: lower case only.
                        var argument = words[j].Any(char.IsUpper) ? null : HealthStatuses.FromWord(words[j]);
                        arguments.Add(argument ?? throw new HealthDefinitionException(ruleKey + ":arguments:" + j.ToString(CultureInfo.InvariantCulture),
                            "'" + words[j] + "' is not one of okay, warning, unknown, critical, down."));
                    }
                    conditions.Add(new GsePolicyCondition(function, arguments, relational, threshold));
                }
            }
            return new GsePolicyRule(status, conditions, op);
        }

        /// gse_policy.lua's evaluate on the count of groups per status: no condition is a match;
        /// count sums the counts of the arguments' statuses, percent takes that sum over all the
        /// groups times 100; "or" matches on the first condition that holds, "and" fails on the
        /// first that does not.
        internal bool Evaluate(IReadOnlyDictionary<McpHealthState, int> facts)
        {
            if (Conditions.Count == 0) return true;
            double total = RequiresPercent ? facts.Values.Sum() : 0;
            bool oneMatch = false;
            foreach (var condition in Conditions)
            {
                double value = 0;
                foreach (var status in condition.Arguments)
                    if (facts.TryGetValue(status, out var count)) value += count;
                if (condition.Function == "percent") value = value * 100 / total;
                if (Health.Threshold.Compare(value, condition.RelationalOperator, condition.Threshold))
                {
                    oneMatch = true;
                    if (LogicalOperator == "or") return true;
                }
                else if (LogicalOperator == "and")
                {
                    return false;
                }
            }
            return oneMatch;
        }
    }

    /// A named policy: its rules in order; the first that matches gives the cluster's status.
    internal sealed class GsePolicy
    {
        internal GsePolicy(string name, IReadOnlyList<GsePolicyRule> rules)
        {
            Name = name;
            Rules = rules;
        }

        internal string Name { get; }
        internal IReadOnlyList<GsePolicyRule> Rules { get; }

        internal static GsePolicy FromPillar(string name, object? value, string key)
        {
            if (!(value is System.Collections.IList list) || value is string)
                throw new HealthDefinitionException(key, "expected a list of policy rules, found " + PillarValues.Describe(value) + ".");
            var rules = new List<GsePolicyRule>();
            for (int i = 0; i < list.Count; i++)
                rules.Add(GsePolicyRule.FromPillar(list[i], key + ":" + i.ToString(CultureInfo.InvariantCulture)));
            return new GsePolicy(name, rules);
        }

        /// The status of the first rule that matches; unknown when none does.
        internal McpHealthState Evaluate(IReadOnlyDictionary<McpHealthState, int> facts)
        {
            foreach (var rule in Rules)
                if (rule.Evaluate(facts)) return rule.Status;
            return McpHealthState.Unknown;
        }
    }
}
