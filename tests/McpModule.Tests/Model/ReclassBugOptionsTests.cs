using McpModule.Model;
using Xunit;

namespace McpModule.Tests.Model
{
    /// reclass 1.7 bugs are matched by default; each has an option that fixes it.
    public class ReclassBugOptionsTests
    {
        private const string MixedString = "parameters:\n  msg: x${l}\n  l: [\"${a}\", b]\n  a: 1\n";
        private const string ListIndex = "parameters:\n  l: [first, second]\n  r: ${l:1}\n";

        [Fact]
        public void A_mixed_string_over_a_list_shows_reclass_internals_by_default()
        {
            using var inv = new TempInventory(("nodes/n1.yml", MixedString));
            var p = ReclassModel.Open(inv.Root).Render("n1").Parameters;
            Assert.Equal("x[Value(RefItem([ScaItem('a')])), 'b']", p["msg"]);
        }

        [Fact]
        public void Render_nested_references_first_fixes_mixed_strings_over_lists()
        {
            using var inv = new TempInventory(("nodes/n1.yml", MixedString), ("reclass-config.yml", "render_nested_references_first: true\n"));
            var p = ReclassModel.Open(inv.Root).Render("n1").Parameters;
            Assert.Equal("x[1, 'b']", p["msg"]);
        }

        [Fact]
        public void A_reference_ending_in_a_list_index_fails_by_default()
        {
            using var inv = new TempInventory(("nodes/n1.yml", ListIndex));
            var e = Assert.Throws<ModelException>(() => ReclassModel.Open(inv.Root).Render("n1"));
            Assert.Equal(ModelErrorKind.MissingReference, e.Kind);
            Assert.Contains("${l:1}", e.Message);
        }

        [Fact]
        public void Resolve_list_index_references_fixes_references_into_lists()
        {
            using var inv = new TempInventory(("nodes/n1.yml", ListIndex), ("reclass-config.yml", "resolve_list_index_references: true\n"));
            Assert.Equal("second", ReclassModel.Open(inv.Root).Render("n1").Parameters["r"]);
        }
    }
}
