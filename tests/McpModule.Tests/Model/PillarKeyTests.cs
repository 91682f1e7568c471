using System.Collections.Generic;
using McpModule.Model.Data;
using Xunit;

namespace McpModule.Tests.Model
{
    public class PillarKeyTests
    {
        private static readonly OrderedMap Pillar = new OrderedMap
        {
            ["keystone"] = new OrderedMap { ["server"] = new OrderedMap { ["hosts"] = new List<object> { "a", "b" } } },
        };

        [Fact]
        public void A_key_path_walks_maps_and_list_positions()
        {
            Assert.True(PillarKey.TrySelect(Pillar, "keystone:server:hosts:1", out var value, out _));
            Assert.Equal("b", value);
        }

        [Fact]
        public void A_missing_key_names_the_part_that_was_missing()
        {
            Assert.False(PillarKey.TrySelect(Pillar, "keystone:client:x", out _, out var missingAt));
            Assert.Equal("keystone:client", missingAt);
        }

        [Fact]
        public void Yaml_output_reads_back_the_same_scalars()
        {
            var yaml = ModelYaml.Serialize(new OrderedMap { ["on"] = "yes", ["n"] = 1L, ["l"] = new List<object> { true, null } });
            Assert.Equal("'on': 'yes'\n'n': 1\nl:\n- true\n- null\n", yaml);
        }
    }
}
