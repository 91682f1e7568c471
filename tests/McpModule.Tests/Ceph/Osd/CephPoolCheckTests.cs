using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpModule.Ceph.Osd;
using Xunit;
using static McpModule.Tests.Ceph.CephOsdStatusTests;

namespace McpModule.Tests.Ceph.Osd
{
    /// Remove-McpCephOsd asks CephPoolCheck whether the pools keep their copies without the OSDs
    /// it is to remove. The fixtures: the lab's 3 hosts with one OSD each, two pools of size 3 and
    /// min_size 2 on the default rule (chooseleaf host).
    public sealed class CephPoolCheckTests
    {
        private static string Output(string tree, string pools = null, string rules = null) =>
            string.Join("\n" + CephPoolCheck.Marker + "\n",
                tree.TrimEnd('\n'), (pools ?? Fixture("osd-pools.json")).TrimEnd('\n'), (rules ?? Fixture("osd-crush-rules.json")).TrimEnd('\n')) + "\n";

        private static JsonNode Tree3() => JsonNode.Parse(Fixture("osd-tree-3hosts.json"))!;

        private static JsonObject Osd(int id, string status = "up", double reweight = 1) => new JsonObject
        {
            ["id"] = id, ["device_class"] = "hdd", ["name"] = "osd." + id, ["type"] = "osd", ["type_id"] = 0,
            ["crush_weight"] = 0.0098, ["exists"] = 1, ["status"] = status, ["reweight"] = reweight,
        };

        /// The 3-host tree with a 4th OSD (osd.3) on cmn01.
        private static string Tree4()
        {
            var tree = Tree3();
            var nodes = tree["nodes"]!.AsArray();
            nodes.Single(n => (string)n!["name"]! == "cmn01")!["children"]!.AsArray().Add(3);
            nodes.Add(Osd(3));
            return tree.ToJsonString();
        }

        private static string TreeWith(int id, string status, double reweight)
        {
            var tree = Tree3();
            var osd = tree["nodes"]!.AsArray().Single(n => (string)n!["type"]! == "osd" && (int)n!["id"]! == id)!;
            osd["status"] = status;
            osd["reweight"] = reweight;
            return tree.ToJsonString();
        }

        private static List<string> Problems(string output, params int[] removed) => CephPoolCheck.Problems(output, "cmn01.ceph.local", new HashSet<int>(removed));

        [Fact]
        public void The_command_reads_the_tree_the_pools_and_the_rules_with_the_marker_between()
        {
            Assert.Equal(
                "ceph --connect-timeout 5 osd tree --format json; echo " + CephPoolCheck.Marker + "; " +
                "ceph --connect-timeout 5 osd pool ls detail --format json; echo " + CephPoolCheck.Marker + "; " +
                "ceph --connect-timeout 5 osd crush rule dump --format json",
                CephPoolCheck.Command(5));
        }

        [Fact]
        public void Nothing_removed_is_no_problem()
        {
            Assert.Empty(Problems(Output(Fixture("osd-tree-3hosts.json"))));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        public void Removing_any_one_osd_of_three_hosts_breaks_size_3_of_both_pools(int osd)
        {
            var problems = Problems(Output(Fixture("osd-tree-3hosts.json")), osd);
            Assert.Equal(new[]
            {
                "pool 'device_health_metrics' keeps 3 copies on separate hosts (size 3) and would have 2 host(s) with OSDs up and in",
                "pool 'rbd' keeps 3 copies on separate hosts (size 3) and would have 2 host(s) with OSDs up and in",
            }, problems);
        }

        [Fact]
        public void Removing_two_of_three_breaks_min_size_naming_both_pools()
        {
            Assert.Equal(new[]
            {
                "pool 'device_health_metrics' needs 2 hosts to stay writable (min_size 2) and would have 1",
                "pool 'rbd' needs 2 hosts to stay writable (min_size 2) and would have 1",
            }, Problems(Output(Fixture("osd-tree-3hosts.json")), 0, 2));
        }

        [Theory]
        [InlineData(3)]
        [InlineData(0)]
        public void A_host_with_a_second_osd_loses_one_of_them_without_a_problem(int osd)
        {
            Assert.Empty(Problems(Output(Tree4()), osd));
        }

        [Fact]
        public void Removing_both_osds_of_the_host_with_two_is_a_problem_again()
        {
            Assert.Equal(2, Problems(Output(Tree4()), 0, 3).Count);
        }

        [Fact]
        public void A_rule_that_chooses_osds_counts_osds_not_hosts()
        {
            var rules = Fixture("osd-crush-rules.json").Replace(@"""type"":""host""", @"""type"":""osd""", StringComparison.Ordinal);
            Assert.Equal(new[]
            {
                "pool 'device_health_metrics' keeps 3 copies on separate osds (size 3) and would have 2 osd(s) with OSDs up and in",
                "pool 'rbd' keeps 3 copies on separate osds (size 3) and would have 2 osd(s) with OSDs up and in",
            }, Problems(Output(Fixture("osd-tree-3hosts.json"), rules: rules), 1));
            // two OSDs of one host are two failure domains under an osd rule
            Assert.Empty(Problems(Output(Tree4(), rules: rules), 3));
            Assert.Empty(Problems(Output(Tree4(), rules: rules), 1));
        }

        [Fact]
        public void A_rule_without_a_choose_step_is_an_osd_rule()
        {
            const string rules = @"[{""rule_id"":0,""rule_name"":""flat"",""steps"":[{""op"":""take"",""item"":-1},{""op"":""emit""}]}]";
            Assert.Empty(Problems(Output(Tree4(), rules: rules), 0));
        }

        [Fact]
        public void A_pool_whose_rule_is_not_listed_is_checked_by_host()
        {
            var pools = Fixture("osd-pools.json").Replace(@"""crush_rule"":0", @"""crush_rule"":9", StringComparison.Ordinal);
            Assert.Equal(2, Problems(Output(Fixture("osd-tree-3hosts.json"), pools: pools), 2).Count);
        }

        [Theory]
        [InlineData("down", 1.0)]
        [InlineData("up", 0.0)]
        [InlineData("destroyed", 0.0)]
        public void An_osd_already_down_or_out_does_not_count_as_live(string status, double reweight)
        {
            // osd.2 already gone in effect: removing osd.0 leaves one host, below min_size
            var problems = Problems(Output(TreeWith(2, status, reweight)), 0);
            Assert.Equal(new[]
            {
                "pool 'device_health_metrics' needs 2 hosts to stay writable (min_size 2) and would have 1",
                "pool 'rbd' needs 2 hosts to stay writable (min_size 2) and would have 1",
            }, problems);
            // and with nothing removed the pools already miss a copy
            Assert.Equal(2, Problems(Output(TreeWith(2, status, reweight))).Count);
        }

        [Fact]
        public void An_erasure_coded_pool_speaks_of_chunks()
        {
            var pools = JsonNode.Parse(Fixture("osd-pools.json"))!.AsArray();
            pools[1]!["type"] = 3;
            Assert.EndsWith("keeps 3 chunks on separate hosts (size 3) and would have 2 host(s) with OSDs up and in",
                Problems(Output(Fixture("osd-tree-3hosts.json"), pools: pools.ToJsonString()), 0)[1], StringComparison.Ordinal);
        }

        [Fact]
        public void No_pools_no_problems()
        {
            Assert.Empty(Problems(Output(Fixture("osd-tree-3hosts.json"), pools: "[]"), 0, 1, 2));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(4)]
        public void A_wrong_number_of_parts_is_a_format_error_naming_the_source(int parts)
        {
            var output = string.Join("\n" + CephPoolCheck.Marker + "\n", Enumerable.Repeat("[]", parts));
            var e = Assert.Throws<FormatException>(() => Problems(output, 0));
            Assert.Equal("cmn01.ceph.local: expected the output of ceph osd tree, pool ls detail and crush rule dump.", e.Message);
        }

        [Fact]
        public void A_part_that_is_not_json_is_an_error_the_cmdlet_catches()
        {
            // Remove-McpCephOsd catches FormatException, JsonException, InvalidOperationException and KeyNotFoundException
            var e = Record.Exception(() => Problems(Output("Error EACCES: access denied"), 0));
            Assert.True(e is FormatException || e is JsonException || e is InvalidOperationException || e is KeyNotFoundException, e?.GetType().Name);
        }
    }
}
