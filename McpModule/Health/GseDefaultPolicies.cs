#nullable enable
using System.Collections.Generic;
using static McpModule.Health.McpHealthState;

namespace McpModule.Health
{
    /// StackLight's five default GSE policies, as its collectors were generated with them
    /// (fuel-plugin-lma-collector's gse_policies: highest_severity, availability_of_members,
    /// majority_of_members, majority_of_node_members, status_of_members). A cluster names one; a
    /// policy of that name under aggregator:policy in the model replaces it.
    internal static class GseDefaultPolicies
    {
        private static GsePolicyCondition Count(string op, double threshold, params McpHealthState[] of) => new GsePolicyCondition("count", of, op, threshold);
        private static GsePolicyCondition Percent(string op, double threshold, params McpHealthState[] of) => new GsePolicyCondition("percent", of, op, threshold);
        private static GsePolicyRule Rule(McpHealthState status, string logical, params GsePolicyCondition[] conditions) => new GsePolicyRule(status, conditions, logical);
        private static GsePolicyRule Otherwise(McpHealthState status) => new GsePolicyRule(status);

        internal static readonly IReadOnlyDictionary<string, GsePolicy> All = new Dictionary<string, GsePolicy>
        {
            ["highest_severity"] = new GsePolicy("highest_severity", new[]
            {
                Rule(Down, "or", Count(">", 0, Down)),
                Rule(Critical, "or", Count(">", 0, Critical)),
                Rule(Warn, "or", Count(">", 0, Warn)),
                Rule(Okay, "or", Count(">", 0, Okay)),
                Otherwise(Unknown),
            }),
            ["availability_of_members"] = new GsePolicy("availability_of_members", new[]
            {
                Rule(Down, "or", Count("==", 0, Okay)),
                Rule(Critical, "and", Count("==", 1, Okay), Count(">", 1, Critical, Down)),
                Rule(Warn, "or", Percent("<", 100, Okay)),
                Rule(Okay, "or", Percent("==", 100, Okay)),
                Otherwise(Unknown),
            }),
            ["majority_of_members"] = new GsePolicy("majority_of_members", new[]
            {
                Rule(Down, "or", Percent(">", 50, Down)),
                Rule(Critical, "and", Percent(">", 20, Critical, Down), Percent("<", 50, Okay)),
                Rule(Warn, "or", Percent("<", 50, Okay)),
                Otherwise(Okay),
            }),
            ["majority_of_node_members"] = new GsePolicy("majority_of_node_members", new[]
            {
                Rule(Down, "or", Percent("==", 100, Down)),
                Rule(Critical, "and", Percent(">=", 50, Critical, Down)),
                Rule(Warn, "or", Percent(">", 0, Critical, Down, Unknown, Warn)),
                Otherwise(Okay),
            }),
            ["status_of_members"] = new GsePolicy("status_of_members", new[]
            {
                Rule(Down, "or", Percent("==", 100, Down)),
                Rule(Critical, "and", Count("<=", 1, Okay, Warn), Count(">", 0, Critical, Down, Unknown)),
                Rule(Warn, "or", Percent("!=", 100, Okay)),
                Rule(Okay, "or", Percent("==", 100, Okay)),
                Otherwise(Unknown),
            }),
        };
    }
}
