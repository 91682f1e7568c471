#nullable enable
using System.Collections.Generic;
using static McpModule.Health.McpHealthStatus;

namespace McpModule.Health
{
    /// StackLight's five default GSE policies, as its collectors were generated with them
    /// (fuel-plugin-lma-collector's gse_policies: highest_severity, availability_of_members,
    /// majority_of_members, majority_of_node_members, status_of_members). A cluster names one; a
    /// policy of that name under aggregator:policy in the model replaces it.
    internal static class GseDefaultPolicies
    {
        private static GsePolicyCondition Count(string op, double threshold, params McpHealthStatus[] of) => new GsePolicyCondition("count", of, op, threshold);
        private static GsePolicyCondition Percent(string op, double threshold, params McpHealthStatus[] of) => new GsePolicyCondition("percent", of, op, threshold);
        private static GsePolicyRule Rule(McpHealthStatus status, string logical, params GsePolicyCondition[] conditions) => new GsePolicyRule(status, conditions, logical);
        private static GsePolicyRule Otherwise(McpHealthStatus status) => new GsePolicyRule(status);

        internal static readonly IReadOnlyDictionary<string, GsePolicy> All = new Dictionary<string, GsePolicy>
        {
            ["highest_severity"] = new GsePolicy("highest_severity", new[]
            {
                Rule(Down, "or", Count(">", 0, Down)),
                Rule(Crit, "or", Count(">", 0, Crit)),
                Rule(Warn, "or", Count(">", 0, Warn)),
                Rule(Okay, "or", Count(">", 0, Okay)),
                Otherwise(Unkw),
            }),
            ["availability_of_members"] = new GsePolicy("availability_of_members", new[]
            {
                Rule(Down, "or", Count("==", 0, Okay)),
                Rule(Crit, "and", Count("==", 1, Okay), Count(">", 1, Crit, Down)),
                Rule(Warn, "or", Percent("<", 100, Okay)),
                Rule(Okay, "or", Percent("==", 100, Okay)),
                Otherwise(Unkw),
            }),
            ["majority_of_members"] = new GsePolicy("majority_of_members", new[]
            {
                Rule(Down, "or", Percent(">", 50, Down)),
                Rule(Crit, "and", Percent(">", 20, Crit, Down), Percent("<", 50, Okay)),
                Rule(Warn, "or", Percent("<", 50, Okay)),
                Otherwise(Okay),
            }),
            ["majority_of_node_members"] = new GsePolicy("majority_of_node_members", new[]
            {
                Rule(Down, "or", Percent("==", 100, Down)),
                Rule(Crit, "and", Percent(">=", 50, Crit, Down)),
                Rule(Warn, "or", Percent(">", 0, Crit, Down, Unkw, Warn)),
                Otherwise(Okay),
            }),
            ["status_of_members"] = new GsePolicy("status_of_members", new[]
            {
                Rule(Down, "or", Percent("==", 100, Down)),
                Rule(Crit, "and", Count("<=", 1, Okay, Warn), Count(">", 0, Crit, Down, Unkw)),
                Rule(Warn, "or", Percent("!=", 100, Okay)),
                Rule(Okay, "or", Percent("==", 100, Okay)),
                Otherwise(Unkw),
            }),
        };
    }
}
