using System;
using System.Linq;
using System.Threading.Tasks;
using McpModule.Model.Data;
using Xunit;

namespace McpModule.Tests.Model
{
    public sealed class OrderedMapTests
    {
        private static OrderedMap Numbered(int count)
        {
            var map = new OrderedMap(count);
            for (var i = 0; i < count; i++) map.AddDistinct("k" + i, (long)i);
            return map;
        }

        [Theory]
        [InlineData(3)]
        [InlineData(9)]
        [InlineData(500)]
        public void Keys_are_found_after_any_change_whether_searched_by_index_or_in_order(int count)
        {
            var map = Numbered(count);
            for (var i = 0; i < count; i++) Assert.Equal((long)i, map["k" + i]);
            Assert.False(map.ContainsKey("missing"));
            map["k0"] = "first";                       // replaced in place
            map["new"] = "last";                       // appended after the index was made
            Assert.Equal("first", map.EntryAt(0).Value);
            Assert.Equal("new", map.EntryAt(count).Key);
            Assert.True(map.Remove("k1"));
            Assert.Equal("last", map["new"]);
            if (count > 2) Assert.Equal(2L, map["k2"]);
            Assert.Throws<ArgumentException>(() => map.Add("new", 1));
            Assert.Equal(new[] { "k0" }.Concat(Enumerable.Range(2, count - 2).Select(i => "k" + i)).Append("new"), map.Keys);
        }

        [Fact]
        public void Threads_that_search_one_shared_map_first_all_find_every_key()
        {
            // A render cache's maps are shared between nodes and searched first by whichever
            // thread comes: the index each makes is whole before any of them uses one.
            for (var round = 0; round < 50; round++)
            {
                var map = Numbered(200);
                var found = new int[8];
                Parallel.For(0, 8, t =>
                {
                    for (var i = 199; i >= 0; i--) if (map.TryGetValue("k" + i, out var v) && (long)v == i) found[t]++;
                });
                Assert.All(found, n => Assert.Equal(200, n));
            }
        }
    }
}
