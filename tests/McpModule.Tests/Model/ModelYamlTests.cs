using McpModule.Model.Data;
using Xunit;

namespace McpModule.Tests.Model
{
    public class ModelYamlTests
    {
        // Strings YAML would read as something else (null, booleans, numbers, dates, merge keys) are
        // quoted; each first character that can start one is here, \d's other Unicode digits included.
        [Theory]
        [InlineData("~")]
        [InlineData("=")]
        [InlineData("<<")]
        [InlineData("null")]
        [InlineData("NULL")]
        [InlineData("n")]
        [InlineData("No")]
        [InlineData("true")]
        [InlineData("TRUE")]
        [InlineData("false")]
        [InlineData("Y")]
        [InlineData("yes")]
        [InlineData("on")]
        [InlineData("OFF")]
        [InlineData("+1")]
        [InlineData(".5")]
        [InlineData("+.inf")]
        [InlineData(".NaN")]
        [InlineData("0x1F")]
        [InlineData("1_000")]
        [InlineData("1e3")]
        [InlineData("12:30:00")]
        [InlineData("2026-12-04")]
        [InlineData("\u0663")]
        [InlineData("\u0663\u0664")]
        public void A_string_YAML_would_read_as_another_type_is_quoted(string text)
        {
            Assert.Equal("'" + text + "'\n", ModelYaml.Serialize(text));
        }

        [Theory]
        [InlineData("nova")]
        [InlineData("nullable")]
        [InlineData("trusted")]
        [InlineData("yesterday")]
        [InlineData("online")]
        [InlineData("10.11.0.10")]
        [InlineData("1.2.3")]
        [InlineData("=x")]
        [InlineData("<x")]
        [InlineData("~x")]
        [InlineData("ctl01.lab.local")]
        public void A_string_that_only_starts_like_another_type_stays_plain(string text)
        {
            Assert.Equal(text + "\n", ModelYaml.Serialize(text));
        }

        // A subtree several pillars hold (as pillars read from the render cache do) is written from
        // what was kept the second time it was met: the text is the same as written in full, at
        // every indent and under every lead (a list item's map starts after its "- ").
        [Fact]
        public void Shared_subtrees_are_written_as_in_full()
        {
            var leaf = new OrderedMap { ["host"] = "10.0.0.1", ["port"] = 3306L, ["text"] = "a\nb\n", ["empty"] = new OrderedMap() };
            var list = new System.Collections.Generic.List<object> { leaf, "x", new System.Collections.Generic.List<object> { leaf } };
            var shared = new OrderedMap { ["db"] = leaf, ["members"] = list, ["nested"] = new OrderedMap { ["db"] = leaf, ["members"] = list } };
            var pillars = new[]
            {
                new OrderedMap { ["a"] = shared, ["b"] = leaf },
                new OrderedMap { ["a"] = shared, ["c"] = new OrderedMap { ["deeper"] = shared }, ["l"] = list },
                new OrderedMap { ["b"] = leaf, ["a"] = shared, ["c"] = new OrderedMap { ["deeper"] = shared } },
            };
            var output = new YamlOutput();
            foreach (var round in new[] { 1, 2 })
                foreach (var p in pillars)
                    Assert.Equal(ModelYaml.Serialize(p), ModelYaml.Serialize(p, output));
        }

        // Read back by a YAML parser, every string is the string written: line breaks (a last one
        // too: "abc\n" was once written plain and came back as "abc"), tabs, indicators, blanks.
        [Theory]
        [InlineData("abc\n")]
        [InlineData("x\ny\n")]
        [InlineData("x\ny")]
        [InlineData("two\n\n")]
        [InlineData("\nfirst")]
        [InlineData("line\r\n")]
        [InlineData("a\rb")]
        [InlineData("a\tb")]
        [InlineData("\tb")]
        [InlineData("true\n")]
        [InlineData("- item")]
        [InlineData("key: value")]
        [InlineData("a #b")]
        [InlineData("trailing ")]
        [InlineData(" leading")]
        [InlineData("\u00a0nbsp")]
        [InlineData("'quoted'")]
        [InlineData("@at")]
        [InlineData("`tick")]
        [InlineData("%pct")]
        [InlineData("ends:")]
        [InlineData("plain text, with commas")]
        public void A_string_reads_back_as_written(string text)
        {
            var map = new OrderedMap { ["k"] = text, ["list"] = new System.Collections.Generic.List<object> { text } };
            var yaml = new YamlDotNet.RepresentationModel.YamlStream();
            yaml.Load(new System.IO.StringReader(ModelYaml.Serialize(map)));
            var root = (YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode;
            Assert.Equal(text, ((YamlDotNet.RepresentationModel.YamlScalarNode)root.Children["k"]).Value);
            var list = (YamlDotNet.RepresentationModel.YamlSequenceNode)root.Children["list"];
            Assert.Equal(text, ((YamlDotNet.RepresentationModel.YamlScalarNode)list.Children[0]).Value);
        }
    }
}
