#nullable enable
using McpModule.Compare;
using Xunit;

namespace McpModule.Tests.Compare
{
    public class NodeRangesTests
    {
        [Theory]
        [InlineData(new[] { "cmp001.lab.local", "cmp002.lab.local", "cmp003.lab.local", "ctl01.lab.local" }, "cmp001–cmp003, ctl01")]
        [InlineData(new[] { "cmp001.lab.local", "cmp002.lab.local", "cmp004.lab.local" }, "cmp001, cmp002, cmp004")]
        [InlineData(new[] { "cmp9.a", "cmp10.a", "cmp11.a", "cmp12.a" }, "cmp9–cmp12")]
        [InlineData(new[] { "cfg01.a.local", "cfg01.b.local" }, "cfg01.a.local, cfg01.b.local")]
        [InlineData(new[] { "gateway", "cmp001.x", "cmp002.x", "cmp003.x", "cmp005.x" }, "cmp001–cmp003, cmp005, gateway")]
        public void Numbered_names_in_runs_of_three_or_more_collapse_and_short_names_are_used_when_unambiguous(string[] names, string expected) =>
            Assert.Equal(expected, NodeRanges.Collapse(names));
    }
}
