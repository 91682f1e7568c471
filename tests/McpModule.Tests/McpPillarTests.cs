using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Tests.Targeting;
using Xunit;

namespace McpModule.Tests
{
    public class McpPillarTests
    {
        private static OrderedMap Pillar() => new OrderedMap
        {
            ["linux"] = new OrderedMap { ["system"] = new OrderedMap { ["name"] = "ctl01", ["kernel"] = new List<object> { "kvm", 1L } } },
            ["keepalived"] = new OrderedMap { ["enabled"] = true },
        };

        [Fact]
        public void A_pillar_becomes_nested_ordered_dictionaries_and_arrays_in_the_models_order()
        {
            var pillar = McpPillar.From(Pillar(), "ctl01.lab.local");
            Assert.Equal(new object[] { "linux", "keepalived" }, pillar.Keys.Cast<object>());
            var system = Assert.IsType<OrderedDictionary>(((OrderedDictionary)pillar["linux"])["system"]);
            Assert.Equal("ctl01", system["name"]);
            Assert.Equal(new object[] { "kvm", 1L }, Assert.IsType<object[]>(system["kernel"]));
        }

        [Fact]
        public void It_says_which_node_and_key_it_is_of()
        {
            var whole = McpPillar.From(Pillar(), "ctl01.lab.local");
            Assert.Equal("ctl01.lab.local", whole.Node);
            Assert.Null(whole.Key);
            Assert.Equal("ctl01.lab.local: {linux, keepalived}", whole.ToString());
            var part = McpPillar.From((OrderedMap)Pillar()["linux"], "ctl01.lab.local", "linux");
            Assert.Equal("linux", part.Key);
            Assert.Equal("ctl01.lab.local linux: {system}", part.ToString());
        }

        [Fact]
        public void Keys_compare_ignoring_case_unless_two_differ_only_by_case()
        {
            var pillar = McpPillar.From(Pillar(), "n");
            Assert.Same(pillar["linux"], pillar["LINUX"]);
            var both = McpPillar.From(new OrderedMap { ["Name"] = 1L, ["name"] = 2L }, "n");
            Assert.Equal(1L, both["Name"]);
            Assert.Equal(2L, both["name"]);
            Assert.Null(both["NAME"]);
        }

        [Theory]
        [InlineData(3)]
        [InlineData(40)]
        public void Case_twins_are_found_in_small_and_large_maps_alike(int size)
        {
            var map = new OrderedMap();
            for (var i = 0; i < size; i++) map["key" + i] = (long)i;
            Assert.Same(McpPillar.From(map, "n")["key1"], McpPillar.From(map, "n")["KEY1"]);
            map["KEY" + (size - 1)] = -1L;
            var both = McpPillar.From(map, "n");
            Assert.Equal((long)(size - 1), both["key" + (size - 1)]);
            Assert.Equal(-1L, both["KEY" + (size - 1)]);
        }

        [Fact]
        public void It_is_a_copy_that_leaves_the_rendered_pillar_alone()
        {
            var rendered = Pillar();
            var pillar = McpPillar.From(rendered, "n");
            ((OrderedDictionary)((OrderedDictionary)pillar["linux"])["system"])["name"] = "changed";
            pillar.Add("nova", 1L);
            Assert.Equal("ctl01", ((OrderedMap)((OrderedMap)rendered["linux"])["system"])["name"]);
            Assert.False(rendered.ContainsKey("nova"));
        }

        [Fact]
        public void A_nodes_Parameters_is_its_pillar_as_an_McpPillar_made_once()
        {
            var node = LabNodes.Node("ctl01");
            Assert.Equal("ctl01.lab.local", node.Parameters.Node);
            Assert.Same(node.Parameters, node.Parameters);
            Assert.Equal(103L, ((OrderedDictionary)((OrderedDictionary)((OrderedDictionary)((OrderedDictionary)node.Parameters["keepalived"])["cluster"])["instance"])["VIP"])["priority"]);
            Assert.Equal(node.Pillar.Keys, node.Parameters.Keys.Cast<string>());
        }

        [Fact]
        public void Scalars_stay_as_they_are()
        {
            Assert.Equal("a", McpPillar.Plain("a"));
            Assert.Equal(1L, McpPillar.Plain(1L));
            Assert.Null(McpPillar.Plain(null));
            Assert.Equal(true, McpPillar.Plain(true));
        }
    }
}
