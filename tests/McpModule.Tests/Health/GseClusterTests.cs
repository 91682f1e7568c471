using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Health;
using McpModule.Model.Data;
using Xunit;
using static McpModule.Tests.Health.HealthPillar;

namespace McpModule.Tests.Health
{
    /// gse_cluster.lua's semantics: grouping, the worst status per group, the policy over the counts.
    public sealed class GseClusterTests
    {
        private static GsePolicy HighestSeverity() => new GsePolicy("highest_severity", new[]
        {
            Count(McpHealthState.Down), Count(McpHealthState.Critical), Count(McpHealthState.Warn),
            Count(McpHealthState.Okay), Count(McpHealthState.Unknown),
        });

        private static GsePolicyRule Count(McpHealthState status) =>
            new GsePolicyRule(status, new[] { new GsePolicyCondition("count", new[] { status }, ">", 0) });

        private static GseCluster Cluster(GseGroupBy groupBy, GsePolicy policy = null) =>
            new GseCluster("c", policy ?? HighestSeverity(), new[] { "a", "b" }, groupBy);

        [Fact]
        public void No_facts_is_unknown()
        {
            Assert.Equal(McpHealthState.Unknown, Cluster(GseGroupBy.Member).Evaluate().Status);
        }

        [Fact]
        public void Group_by_member_keeps_one_fact_per_member_the_latest()
        {
            var cluster = Cluster(GseGroupBy.Member);
            cluster.UpdateFact("a", "n1", McpHealthState.Critical);
            cluster.UpdateFact("a", "n2", McpHealthState.Okay); // replaces n1's: the member's host does not count
            cluster.UpdateFact("b", "n1", McpHealthState.Okay);
            Assert.Equal(new Dictionary<McpHealthState, int> { [McpHealthState.Okay] = 2 }, cluster.StatusBreakdown());
            Assert.Equal(McpHealthState.Okay, cluster.Evaluate().Status);
        }

        [Fact]
        public void Without_group_by_a_member_is_the_worst_of_its_hosts()
        {
            var cluster = Cluster(GseGroupBy.None);
            cluster.UpdateFact("a", "n1", McpHealthState.Critical);
            cluster.UpdateFact("a", "n2", McpHealthState.Okay);
            cluster.UpdateFact("b", "n1", McpHealthState.Okay);
            Assert.Equal(new Dictionary<McpHealthState, int> { [McpHealthState.Critical] = 1, [McpHealthState.Okay] = 1 }, cluster.StatusBreakdown());
            Assert.Equal(McpHealthState.Critical, cluster.Evaluate().Status);
        }

        [Fact]
        public void Group_by_hostname_counts_hosts_each_the_worst_of_its_members()
        {
            var cluster = Cluster(GseGroupBy.Hostname);
            cluster.UpdateFact("a", "n1", McpHealthState.Okay);
            cluster.UpdateFact("b", "n1", McpHealthState.Warn);
            cluster.UpdateFact("a", "n2", McpHealthState.Okay);
            cluster.UpdateFact("b", "n2", McpHealthState.Okay);
            cluster.UpdateFact("a", "n3", McpHealthState.Down);
            Assert.Equal(new Dictionary<McpHealthState, int>
            {
                [McpHealthState.Warn] = 1, [McpHealthState.Okay] = 1, [McpHealthState.Down] = 1,
            }, cluster.StatusBreakdown());
        }

        [Fact]
        public void Unknown_loses_to_okay_within_a_group()
        {
            var cluster = Cluster(GseGroupBy.Hostname);
            cluster.UpdateFact("a", "n1", McpHealthState.Unknown);
            cluster.UpdateFact("b", "n1", McpHealthState.Okay);
            Assert.Equal(new Dictionary<McpHealthState, int> { [McpHealthState.Okay] = 1 }, cluster.StatusBreakdown());
        }

        [Fact]
        public void A_host_of_unknowns_only_is_unknown()
        {
            var cluster = Cluster(GseGroupBy.Hostname);
            cluster.UpdateFact("a", "n1", McpHealthState.Unknown);
            Assert.Equal(McpHealthState.Unknown, cluster.Evaluate().Status);
        }

        [Fact]
        public void The_causes_are_the_facts_not_okay_in_key_order_and_none_when_okay()
        {
            var cluster = Cluster(GseGroupBy.None);
            cluster.UpdateFact("b", "n2", McpHealthState.Warn);
            cluster.UpdateFact("a", "n1", McpHealthState.Okay);
            cluster.UpdateFact("b", "n1", McpHealthState.Down);
            var (status, causes) = cluster.Evaluate();
            Assert.Equal(McpHealthState.Down, status);
            Assert.Equal(new[] { "b/n1", "b/n2" }, causes.Select(f => f.Member + "/" + f.Hostname));

            var okay = Cluster(GseGroupBy.None, new GsePolicy("always_okay", new[] { new GsePolicyRule(McpHealthState.Okay) }));
            okay.UpdateFact("a", "n1", McpHealthState.Critical);
            Assert.Empty(okay.Evaluate().Causes);
        }

        [Fact]
        public void A_cluster_reads_from_the_pillar()
        {
            var policies = new Dictionary<string, GsePolicy> { ["highest_severity"] = HighestSeverity() };
            var cluster = GseCluster.FromPillar("nova_control", Map(("policy", "highest_severity"), ("group_by", "hostname"),
                ("match", Map(("service", "nova-control"))), ("members", List("nova_api", "nova_scheduler")),
                ("dependencies", List("rabbitmq"))), "aggregator:alarm_cluster:nova_control", policies);
            Assert.Equal(GseGroupBy.Hostname, cluster.GroupBy);
            Assert.Equal(new[] { "nova_api", "nova_scheduler" }, cluster.Members);
            Assert.Equal(new[] { new KeyValuePair<string, string>("service", "nova-control") }, cluster.Match);
            Assert.Equal(new[] { "rabbitmq" }, cluster.Dependencies);
            Assert.True(cluster.HasMember("nova_api"));
        }

        [Theory]
        [InlineData("policy", "lowest_severity", "aggregator:alarm_cluster:c:policy")]
        [InlineData("group_by", "service", "aggregator:alarm_cluster:c:group_by")]
        [InlineData("members", "nova_api", "aggregator:alarm_cluster:c:members")]
        public void A_wrong_cluster_value_is_named(string name, string value, string key)
        {
            var policies = new Dictionary<string, GsePolicy> { ["highest_severity"] = HighestSeverity() };
            var map = Map(("policy", "highest_severity"), ("members", List("a")));
            map[name] = value;
            var error = Assert.Throws<HealthDefinitionException>(() => GseCluster.FromPillar("c", map, "aggregator:alarm_cluster:c", policies));
            Assert.Equal(key, error.Key);
        }
    }
}
