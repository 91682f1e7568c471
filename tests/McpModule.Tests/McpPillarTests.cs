using System.Collections;
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
            Assert.Same(pillar["linux"], pillar[0]);
            var system = Assert.IsType<McpPillar>(((IDictionary)pillar["linux"])["system"]);
            Assert.Equal("ctl01", system["name"]);
            Assert.Equal(new object[] { "kvm", 1L }, Assert.IsType<object[]>(system["kernel"]));
            Assert.Equal(new[] { "linux", "keepalived" }, pillar.Cast<DictionaryEntry>().Select(e => (string)e.Key));
        }

        [Fact]
        public void Each_map_inside_says_where_it_is()
        {
            var pillar = McpPillar.From(new OrderedMap
            {
                ["rabbitmq"] = new OrderedMap { ["members"] = new List<object> { new OrderedMap { ["name"] = "ctl01" }, new List<object> { new OrderedMap() } } },
            }, "ctl01.lab.local");
            var rabbitmq = (McpPillar)pillar["rabbitmq"];
            Assert.Equal(("ctl01.lab.local", "rabbitmq"), (rabbitmq.Node, rabbitmq.Key));
            var members = (object[])rabbitmq["members"];
            Assert.Equal("rabbitmq:members:0", ((McpPillar)members[0]).Key);
            Assert.Equal("rabbitmq:members:1:0", ((McpPillar)((object[])members[1])[0]).Key);
            Assert.Equal("ctl01.lab.local rabbitmq:members:0: {name}", members[0].ToString());
            Assert.Equal("{}", McpPillar.From(new OrderedMap(), null).ToString());
        }

        [Fact]
        public void A_map_is_copied_when_it_is_first_read_and_then_stays_that_copy()
        {
            var rendered = Pillar();
            var pillar = McpPillar.From(rendered, "n");
            Assert.Equal(2, pillar.Count);
            var linux = (McpPillar)pillar["linux"];
            Assert.Same(linux, pillar["LINUX"]);
            linux["added"] = 1L;
            Assert.Equal(2, linux.Count);
            Assert.Same(linux, pillar["linux"]);
            Assert.False(((OrderedMap)rendered["linux"]).ContainsKey("added"));
        }

        [Fact]
        public void It_can_be_changed_as_an_ordered_dictionary_can()
        {
            var pillar = McpPillar.From(Pillar(), "n");
            pillar.Insert(0, "first", 1L);
            pillar.Add("last", 2L);
            Assert.Equal(new object[] { "first", "linux", "keepalived", "last" }, pillar.Keys.Cast<object>());
            Assert.Equal(1L, pillar[0]);
            pillar.RemoveAt(0);
            pillar.Remove("last");
            Assert.Equal(new object[] { "linux", "keepalived" }, pillar.Keys.Cast<object>());
            var copy = new DictionaryEntry[2];
            pillar.CopyTo(copy, 0);
            Assert.Equal(new object[] { "keepalived", "linux" }, copy.Select(e => e.Key).OrderBy(k => k));
            pillar.Clear();
            Assert.Empty(pillar);
            Assert.Equal(2, McpPillar.From(Pillar(), "n").Count);
        }

        [Fact]
        public void Threads_reading_a_map_first_at_once_see_one_copy()
        {
            for (var round = 0; round < 50; round++)
            {
                var pillar = McpPillar.From(Pillar(), "n");
                var seen = new object[8];
                System.Threading.Tasks.Parallel.For(0, seen.Length, i => seen[i] = pillar["linux"]);
                Assert.All(seen, s => Assert.Same(seen[0], s));
            }
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
            ((IDictionary)((IDictionary)pillar["linux"])["system"])["name"] = "changed";
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
            Assert.Equal(103L, ((IDictionary)((IDictionary)((IDictionary)((IDictionary)node.Parameters["keepalived"])["cluster"])["instance"])["VIP"])["priority"]);
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
