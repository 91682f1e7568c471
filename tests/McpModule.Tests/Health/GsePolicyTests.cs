using System.Collections.Generic;
using System.Linq;
using McpModule.Health;
using McpModule.Model.Data;
using Xunit;
using static McpModule.Tests.Health.HealthPillar;

namespace McpModule.Tests.Health
{
    /// gse_policy.lua's semantics (test_gse_cluster_policy.lua's cases) and the policies of the
    /// StackLight pillar against hand-counted breakdowns.
    public sealed class GsePolicyTests
    {
        private static OrderedMap Rule(string function, string op, long threshold, params string[] arguments) =>
            Map(("function", function), ("arguments", List(arguments.Cast<object>().ToArray())), ("relational_operator", op), ("threshold", threshold));

        private static OrderedMap PolicyRule(string status, string op, params OrderedMap[] rules) =>
            Map(("status", status), ("trigger", Map(("logical_operator", op), ("rules", List(rules.Cast<object>().ToArray())))));

        private static GsePolicyRule Parse(OrderedMap map) => GsePolicyRule.FromPillar(map, "aggregator:policy:p:0");

        /// Counts of groups: okay, warn, unkw, crit, down.
        private static Dictionary<McpHealthState, int> Facts(int okay, int warn, int unkw, int crit, int down) => new Dictionary<McpHealthState, int>
        {
            [McpHealthState.Okay] = okay, [McpHealthState.Warn] = warn, [McpHealthState.Unknown] = unkw,
            [McpHealthState.Critical] = crit, [McpHealthState.Down] = down,
        };

        private static readonly OrderedMap TestPolicyDown = PolicyRule("down", "or", Rule("count", ">", 0, "down"));
        private static readonly OrderedMap TestPolicyCritical = PolicyRule("critical", "and",
            Rule("count", ">", 0, "critical"), Rule("percent", "<", 50, "okay", "warning"));
        private static readonly OrderedMap TestPolicyWarning = PolicyRule("warning", "or",
            Rule("percent", "<", 50, "okay"), Rule("percent", ">", 30, "warning"));
        private static readonly OrderedMap TestPolicyOkay = Map(("status", "okay"));

        [Fact]
        public void A_policy_rule_reads_its_status_operator_and_conditions()
        {
            var rule = Parse(TestPolicyDown);
            Assert.Equal(McpHealthState.Down, rule.Status);
            Assert.Equal("or", rule.LogicalOperator);
            var condition = Assert.Single(rule.Conditions);
            Assert.Equal("count", condition.Function);
            Assert.Equal(new[] { McpHealthState.Down }, condition.Arguments);
            Assert.Equal(">", condition.RelationalOperator);
            Assert.Equal(0, condition.Threshold);
            Assert.False(rule.RequiresPercent);
        }

        [Fact]
        public void Okay_without_a_trigger_always_matches() => Assert.True(Parse(TestPolicyOkay).Evaluate(Facts(5, 0, 0, 0, 0)));

        [Fact]
        public void Warning_on_less_than_half_okay() => Assert.True(Parse(TestPolicyWarning).Evaluate(Facts(2, 2, 1, 0, 0))); // 40 % okay

        [Fact]
        public void Warning_on_more_than_30_percent_warning() => Assert.True(Parse(TestPolicyWarning).Evaluate(Facts(3, 2, 0, 0, 0))); // 40 % warning

        [Fact]
        public void Critical_needs_both_conditions() => Assert.True(Parse(TestPolicyCritical).Evaluate(Facts(1, 1, 0, 3, 0))); // 3 crit, 40 %

        [Fact]
        public void Critical_fails_on_the_first_condition_that_does_not_hold() =>
            Assert.False(Parse(TestPolicyCritical).Evaluate(Facts(3, 1, 0, 1, 0))); // 1 crit but 80 % okay or warning

        [Fact]
        public void Down_on_one_down() => Assert.True(Parse(TestPolicyDown).Evaluate(Facts(2, 2, 0, 0, 1)));

        [Fact]
        public void A_percent_of_no_groups_is_nan_which_only_differs()
        {
            var empty = new Dictionary<McpHealthState, int>();
            Assert.False(Parse(PolicyRule("down", "or", Rule("percent", ">=", 0, "down"))).Evaluate(empty));
            Assert.True(Parse(PolicyRule("down", "or", Rule("percent", "!=", 0, "down"))).Evaluate(empty));
        }

        // highest_severity, as StackLight's pillar defines it: the first status any group has,
        // from down to unknown.
        private static GsePolicy HighestSeverity() => GsePolicy.FromPillar("highest_severity", List(
            PolicyRule("down", "or", Rule("count", ">", 0, "down")),
            PolicyRule("critical", "or", Rule("count", ">", 0, "critical")),
            PolicyRule("warning", "or", Rule("count", ">", 0, "warning")),
            PolicyRule("okay", "or", Rule("count", ">", 0, "okay")),
            PolicyRule("unknown", "or", Rule("count", ">", 0, "unknown"))), "aggregator:policy:highest_severity");

        // majority_of_members and availability_of_members as StackLight's collectors were generated
        // with them (a deployment's gse_policies.lua, checked rule by rule); the tables are counted by
        // hand from these rules.
        private static GsePolicy MajorityOfMembers() => GsePolicy.FromPillar("majority_of_members", List(
            PolicyRule("down", "or", Rule("percent", ">", 50, "down")),
            PolicyRule("critical", "and", Rule("percent", ">", 20, "down", "critical"), Rule("percent", "<", 50, "okay")),
            PolicyRule("warning", "or", Rule("percent", "<", 50, "okay")),
            Map(("status", "okay"))), "aggregator:policy:majority_of_members");

        private static GsePolicy AvailabilityOfMembers() => GsePolicy.FromPillar("availability_of_members", List(
            PolicyRule("down", "or", Rule("count", "==", 0, "okay")),
            PolicyRule("critical", "and", Rule("count", "==", 1, "okay"), Rule("count", ">", 1, "critical", "down")),
            PolicyRule("warning", "or", Rule("percent", "<", 100, "okay")),
            PolicyRule("okay", "or", Rule("percent", "==", 100, "okay"))), "aggregator:policy:availability_of_members");

        // The built-in defaults (GseDefaultPolicies, as StackLight's collectors were generated with them)
        // agree with the definitions above, status for status, on every mix of up to three groups.
        [Theory]
        [InlineData("highest_severity")]
        [InlineData("majority_of_members")]
        [InlineData("availability_of_members")]
        public void The_built_in_policy_gives_what_its_pillar_definition_gives(string name)
        {
            var pillar = name == "highest_severity" ? HighestSeverity() : name == "majority_of_members" ? MajorityOfMembers() : AvailabilityOfMembers();
            var builtin = GseDefaultPolicies.All[name];
            for (var okay = 0; okay <= 3; okay++)
                for (var warn = 0; warn <= 3 - okay; warn++)
                    for (var unkw = 0; unkw <= 3 - okay - warn; unkw++)
                        for (var crit = 0; crit <= 3 - okay - warn - unkw; crit++)
                        {
                            var facts = Facts(okay, warn, unkw, crit, 3 - okay - warn - unkw - crit);
                            Assert.Equal(pillar.Evaluate(facts), builtin.Evaluate(facts));
                        }
        }

        [Theory]
        // okay, warn, unkw, crit, down -> status; counted by hand from the policy's rules
        [InlineData(3, 0, 0, 0, 0, "okay")]
        [InlineData(0, 0, 0, 0, 3, "down")]  // every node down
        [InlineData(1, 0, 0, 0, 1, "crit")]  // 50 % critical or down
        [InlineData(2, 0, 0, 1, 0, "warn")]  // 33.3 % critical: under half
        [InlineData(2, 0, 1, 0, 0, "warn")]  // any node not okay warns
        [InlineData(2, 1, 0, 0, 0, "warn")]
        [InlineData(0, 0, 0, 0, 0, "okay")]  // no nodes: every percent is NaN and fails; okay has no trigger
        public void Majority_of_node_members(int okay, int warn, int unkw, int crit, int down, string expected) =>
            Assert.Equal(expected, HealthStatuses.Label(GseDefaultPolicies.All["majority_of_node_members"].Evaluate(Facts(okay, warn, unkw, crit, down))));

        [Theory]
        [InlineData(3, 0, 0, 0, 0, "okay")]
        [InlineData(0, 0, 0, 0, 2, "down")]  // all down
        [InlineData(1, 0, 0, 1, 1, "crit")]  // at most one okay or warning, and some critical/down
        [InlineData(0, 1, 1, 0, 0, "crit")]  // unknown counts with critical and down here
        [InlineData(2, 0, 0, 1, 0, "warn")]  // two still fine: only a warning
        [InlineData(2, 1, 0, 0, 0, "warn")]  // not all okay
        [InlineData(0, 0, 0, 0, 0, "warn")]  // no members: 0/0 is NaN, and NaN != 100 holds
        public void Status_of_members(int okay, int warn, int unkw, int crit, int down, string expected) =>
            Assert.Equal(expected, HealthStatuses.Label(GseDefaultPolicies.All["status_of_members"].Evaluate(Facts(okay, warn, unkw, crit, down))));

        [Theory]
        // okay, warn, unkw, crit, down -> status
        [InlineData(3, 0, 0, 0, 0, "okay")]
        [InlineData(2, 1, 0, 0, 0, "warn")]
        [InlineData(2, 1, 0, 1, 0, "crit")]
        [InlineData(2, 1, 1, 1, 1, "down")]
        [InlineData(2, 0, 1, 0, 0, "okay")] // unknown ranks below okay
        [InlineData(0, 0, 2, 0, 0, "unkw")]
        [InlineData(0, 0, 0, 0, 0, "unkw")] // nothing matched
        public void Highest_severity(int okay, int warn, int unkw, int crit, int down, string expected) =>
            Assert.Equal(expected, HealthStatuses.Label(HighestSeverity().Evaluate(Facts(okay, warn, unkw, crit, down))));

        [Theory]
        [InlineData(3, 0, 0, 0, 0, "okay")]
        [InlineData(1, 0, 0, 0, 2, "down")]  // 66.7 % down
        [InlineData(2, 0, 0, 0, 2, "okay")]  // 50 % down is not more than half; 50 % okay is not less
        [InlineData(1, 0, 0, 1, 1, "crit")]  // 66.7 % down or critical, 33.3 % okay
        [InlineData(1, 2, 0, 0, 0, "warn")]  // 33.3 % okay, nothing down or critical
        [InlineData(4, 0, 0, 1, 0, "okay")]  // 20 % critical is not more than 20 %
        [InlineData(0, 0, 0, 0, 0, "okay")]  // no groups: every percent is NaN and fails; okay has no trigger and always matches
        public void Majority_of_members(int okay, int warn, int unkw, int crit, int down, string expected) =>
            Assert.Equal(expected, HealthStatuses.Label(MajorityOfMembers().Evaluate(Facts(okay, warn, unkw, crit, down))));

        [Theory]
        [InlineData(3, 0, 0, 0, 0, "okay")]
        [InlineData(0, 2, 0, 1, 0, "down")]  // no member okay
        [InlineData(1, 0, 0, 2, 0, "crit")]  // one okay, two critical or down
        [InlineData(1, 0, 0, 1, 0, "warn")]  // one okay, one critical
        [InlineData(2, 0, 1, 0, 0, "warn")]  // 66.7 % okay
        [InlineData(0, 0, 0, 0, 0, "down")]  // no member is okay: count 0
        public void Availability_of_members(int okay, int warn, int unkw, int crit, int down, string expected) =>
            Assert.Equal(expected, HealthStatuses.Label(AvailabilityOfMembers().Evaluate(Facts(okay, warn, unkw, crit, down))));

        [Fact]
        public void Nothing_matched_is_unknown()
        {
            var policy = GsePolicy.FromPillar("p", List(PolicyRule("down", "or", Rule("count", ">", 0, "down"))), "aggregator:policy:p");
            Assert.Equal(McpHealthState.Unknown, policy.Evaluate(Facts(3, 0, 0, 0, 0)));
        }

        [Theory]
        [InlineData("status", "fine", "aggregator:policy:p:0:status")]
        [InlineData("function", "ratio", "aggregator:policy:p:0:trigger:rules:0:function")]
        [InlineData("argument", "Down", "aggregator:policy:p:0:trigger:rules:0:arguments:0")] // lower case only, as gse_policy.lua
        [InlineData("argument", "warn", "aggregator:policy:p:0:trigger:rules:0:arguments:0")]
        [InlineData("operator", "xor", "aggregator:policy:p:0:trigger:logical_operator")]
        public void A_wrong_policy_value_is_named(string what, string value, string key)
        {
            var rule = Rule("count", ">", 0, what == "argument" ? value : "down");
            if (what == "function") rule["function"] = value;
            var policyRule = PolicyRule(what == "status" ? value : "down", what == "operator" ? value : "or", rule);
            var error = Assert.Throws<HealthDefinitionException>(() => GsePolicy.FromPillar("p", List(policyRule), "aggregator:policy:p"));
            Assert.Equal(key, error.Key);
        }
    }
}
