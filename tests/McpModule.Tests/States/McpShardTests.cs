using System;
using System.Linq;
using McpModule.States;
using Xunit;

namespace McpModule.Tests.States
{
    public sealed class McpShardTests
    {
        // Values computed outside .NET (python3: int.from_bytes(sha256(name.lower().encode()).digest()[:8], 'big') % n + 1):
        // the shard of a node does not depend on this runtime, process or machine.
        [Theory]
        [InlineData("ctl01.lab.local", 8, 5)]
        [InlineData("cmp001.lab.local", 8, 7)]
        [InlineData("kvm03.lab.local", 4, 1)]
        [InlineData("cfg01.lab.local", 3, 2)]
        [InlineData("node0999", 1000, 633)]
        public void A_node_lands_in_the_shard_the_SHA256_of_its_name_gives_on_any_platform(string node, int count, int expected)
        {
            Assert.Equal(expected, McpShard.IndexOf(node, count));
        }

        [Fact]
        public void The_shard_of_a_name_ignores_its_case()
        {
            Assert.Equal(McpShard.IndexOf("ctl01.lab.local", 8), McpShard.IndexOf("CTL01.Lab.Local", 8));
        }

        [Fact]
        public void A_thousand_node_names_spread_evenly_over_8_shards_and_each_lands_in_exactly_one()
        {
            var names = Enumerable.Range(1, 1000).Select(i => $"cmp{i:D4}.lab.local").ToList();
            var shards = Enumerable.Range(1, 8).Select(k => new McpShard(k, 8)).ToList();
            foreach (var name in names) Assert.Single(shards, s => s.Contains(name));
            var sizes = shards.Select(s => names.Count(s.Contains)).ToList();
            Assert.Equal(1000, sizes.Sum());
            // 125 expected per shard; a binomial spread keeps each within 125 +- 35 (over 3 standard deviations)
            Assert.All(sizes, size => Assert.InRange(size, 90, 160));
        }

        [Fact]
        public void Every_node_is_in_shard_1_of_1()
        {
            Assert.All(new[] { "a", "ctl01.lab.local", "x" }, n => Assert.True(new McpShard(1, 1).Contains(n)));
        }

        [Theory]
        [InlineData("2/8", 2, 8)]
        [InlineData("1/1", 1, 1)]
        [InlineData("8/8", 8, 8)]
        [InlineData(" 3/4 ", 3, 4)]
        [InlineData("1000/1000", 1000, 1000)]
        public void A_shard_is_written_k_of_n(string text, int index, int count)
        {
            var shard = McpShard.Parse(text);
            Assert.Equal(index, shard.Index);
            Assert.Equal(count, shard.Count);
            Assert.Equal($"{index}/{count}", shard.ToString());
        }

        [Theory]
        [InlineData("0/8", "numbered 1 to 8")]
        [InlineData("9/8", "numbered 1 to 8")]
        [InlineData("2/0", "number of shards is 0")]
        [InlineData("1/1001", "number of shards is 1001")]
        [InlineData("x/y", "write k/n")]
        [InlineData("2", "write k/n")]
        [InlineData("-1/8", "write k/n")]
        [InlineData("2/8/1", "write k/n")]
        [InlineData("٢/٨", "write k/n")]      // Arabic-Indic digits are not shard numbers
        [InlineData("", "write k/n")]
        [InlineData(null, "write k/n")]
        public void A_shard_that_does_not_exist_is_refused_saying_why(string text, string why)
        {
            Assert.False(McpShard.TryParse(text, out var shard, out var problem));
            Assert.Null(shard);
            Assert.Contains(why, problem);
            Assert.Contains($"'{text}'", problem);
            Assert.Throws<FormatException>(() => McpShard.Parse(text));
        }

        [Fact]
        public void A_shard_made_in_code_is_checked_too()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new McpShard(0, 8));
            Assert.Throws<ArgumentOutOfRangeException>(() => new McpShard(3, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => McpShard.IndexOf("a", 0));
        }

        [Fact]
        public void Shards_are_equal_by_index_and_count()
        {
            Assert.Equal(new McpShard(2, 8), McpShard.Parse("2/8"));
            Assert.NotEqual(new McpShard(2, 8), new McpShard(2, 4));
        }
    }
}
