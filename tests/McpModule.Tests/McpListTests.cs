using System.Collections.Generic;
using Xunit;

namespace McpModule.Tests
{
    public class McpListTests
    {
        [Fact]
        public void As_text_it_joins_its_items_as_a_person_reads_them()
        {
            Assert.Equal("salt, linux, ntp", McpList.Of(new[] { "salt", "linux", "ntp" }).ToString());
            Assert.Equal("", McpList.Of<string>(null).ToString());
            Assert.Equal("a, , c", McpList.Of(new[] { "a", null, "c" }).ToString());
        }

        [Fact]
        public void It_keeps_the_arrays_Length_for_scripts_written_against_them()
        {
            var list = McpList.Of(new[] { "a", "b" });
            Assert.Equal(2, list.Length);
            Assert.Equal("b", list[1]);
        }

        [Fact]
        public void A_list_that_is_one_already_is_not_copied()
        {
            var list = McpList.Of(new List<int> { 1, 2 });
            Assert.Same(list, McpList.Of(list));
        }
    }
}
