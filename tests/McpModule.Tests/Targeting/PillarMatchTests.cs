using System.Collections.Generic;
using McpModule.Model.Data;
using McpModule.Targeting;
using Xunit;

namespace McpModule.Tests.Targeting
{
    public sealed class PillarMatchTests
    {
        private static OrderedMap Map(params (string Key, object Value)[] entries)
        {
            var map = new OrderedMap();
            foreach (var (key, value) in entries) map.Add(key, value);
            return map;
        }

        private static readonly OrderedMap Pillar = Map(
            ("linux", Map(
                ("system", Map(
                    ("name", "ctl01"),
                    ("site", "dc1"),
                    ("enabled", true),
                    ("swap", null),
                    ("port", 22L),
                    ("ratio", 1.5),
                    ("repos", new List<object> { "main", "updates" }),
                    ("users", new List<object> { Map(("name", "root"), ("shell", "/bin/bash")), Map(("name", "admin")) }),
                    ("empty", new OrderedMap()))))),
            ("ceph", Map(("osd", Map(("enabled", true))))),
            ("keystone", Map(("url", "http://10.11.0.10:5000/v3"))),
            ("role", "Controller"));

        [Theory]
        [InlineData("ceph:osd")]
        [InlineData("ceph:osd:enabled")]
        [InlineData("linux:system:users")]
        public void A_key_of_a_map_matches(string expression) =>
            Assert.True(PillarMatch.IsMatch(Pillar, expression));

        [Theory]
        [InlineData("ceph:mon")]
        [InlineData("ceph:osd:disabled")]
        [InlineData("nova:compute")]
        public void A_missing_key_does_not_match(string expression) =>
            Assert.False(PillarMatch.IsMatch(Pillar, expression));

        [Theory]
        [InlineData("linux:system:name:ctl01", true)]
        [InlineData("linux:system:name:ctl*", true)]
        [InlineData("linux:system:name:ctl0[2-9]", false)]
        [InlineData("linux:system:site:dc1", true)]
        [InlineData("linux:system:site:dc2", false)]
        [InlineData("role:controller", true)]
        [InlineData("role:CONTROLLER", true)]
        public void The_last_part_is_a_glob_on_the_value_with_case_ignored(string expression, bool expected) =>
            Assert.Equal(expected, PillarMatch.IsMatch(Pillar, expression));

        [Theory]
        [InlineData("linux:system:enabled:true", true)]
        [InlineData("linux:system:enabled:True", true)]
        [InlineData("linux:system:enabled:false", false)]
        [InlineData("linux:system:swap:none", true)]
        [InlineData("linux:system:port:22", true)]
        [InlineData("linux:system:port:2?", true)]
        [InlineData("linux:system:port:23", false)]
        [InlineData("linux:system:ratio:1.5", true)]
        public void Scalars_compare_as_the_text_python_writes_for_them(string expression, bool expected) =>
            Assert.Equal(expected, PillarMatch.IsMatch(Pillar, expression));

        [Theory]
        [InlineData("linux:system:repos:updates", true)]
        [InlineData("linux:system:repos:upd*", true)]
        [InlineData("linux:system:repos:backports", false)]
        public void A_list_matches_when_a_member_matches(string expression, bool expected) =>
            Assert.Equal(expected, PillarMatch.IsMatch(Pillar, expression));

        [Theory]
        [InlineData("linux:system:users:0:name:root", true)]
        [InlineData("linux:system:users:1:name:root", false)]
        [InlineData("linux:system:users:-1:name:admin", true)]
        [InlineData("linux:system:users:5:name:root", false)]
        [InlineData("linux:system:users:shell:/bin/bash", true)]
        [InlineData("linux:system:users:name", true)]
        public void A_key_path_goes_through_lists_by_index_or_by_the_key_of_a_map_inside(string expression, bool expected) =>
            Assert.Equal(expected, PillarMatch.IsMatch(Pillar, expression));

        [Fact]
        public void A_value_with_colons_matches_when_the_key_path_is_shorter() =>
            Assert.True(PillarMatch.IsMatch(Pillar, "keystone:url:http://10.11.0.10:5000/*"));

        [Fact]
        public void A_star_tests_that_a_key_exists()
        {
            Assert.True(PillarMatch.IsMatch(Pillar, "ceph:*"));
            Assert.True(PillarMatch.IsMatch(Pillar, "linux:system:name:*"));
            Assert.False(PillarMatch.IsMatch(Pillar, "nova:*"));
        }

        [Fact]
        public void An_empty_map_counts_as_not_found_as_in_salt() =>
            Assert.False(PillarMatch.IsMatch(Pillar, "linux:system:empty:*"));

        [Fact]
        public void A_star_colon_prefix_searches_the_values_one_level_below_a_key()
        {
            Assert.True(PillarMatch.IsMatch(Pillar, "linux:system:*:dc1"));
            Assert.True(PillarMatch.IsMatch(Pillar, "linux:system:*:updates"));
            Assert.False(PillarMatch.IsMatch(Pillar, "linux:system:*:dc9"));
            Assert.False(PillarMatch.IsMatch(Pillar, "linux:*:dc1"));   // two levels down: Salt does not look there
        }

        [Fact]
        public void A_single_part_never_matches_as_in_salt() =>
            Assert.False(PillarMatch.IsMatch(Pillar, "ceph"));

        [Fact]
        public void A_key_path_through_a_scalar_does_not_match() =>
            Assert.False(PillarMatch.IsMatch(Pillar, "role:controller:x"));

        [Fact]
        public void An_invalid_glob_set_matches_nothing() =>
            Assert.False(PillarMatch.IsMatch(Pillar, "role:[z-a]"));

        [Fact]
        public void The_lab_controllers_have_a_keepalived_cluster_and_the_computes_do_not()
        {
            Assert.True(PillarMatch.IsMatch(LabNodes.Node("ctl01").Pillar, "keepalived:cluster"));
            Assert.False(PillarMatch.IsMatch(LabNodes.Node("cmp001").Pillar, "keepalived:cluster"));
        }

        [Fact]
        public void The_lab_pillar_matches_an_interface_address_by_glob()
        {
            Assert.True(PillarMatch.IsMatch(LabNodes.Node("cmp001").Pillar, "linux:network:interface:ens3:address:10.11.0.10*"));
            Assert.False(PillarMatch.IsMatch(LabNodes.Node("cmp001").Pillar, "linux:network:interface:ens3:address:10.12.*"));
        }
    }
}
