using System;
using System.IO;
using System.Linq;
using Xunit;

namespace McpModule.Tests.Differential
{
    /// The harness itself: a comparer that finds no difference is only worth something
    /// if it does find real ones.
    /// Compares with Debian\'s reclass 1.7 (the oracle): filter with Category!=Oracle where it is not installed.
    [Trait("Category", "Oracle")]
    public sealed class DifferentialSelfTests
    {
        private static JsonTreeComparer.Difference Diff(string expected, string actual) =>
            JsonTreeComparer.Compare(JsonLite.Parse(expected), JsonLite.Parse(actual));

        [Fact]
        public void Object_key_order_is_ignored() =>
            Assert.Null(Diff("{\"a\": 1, \"b\": {\"x\": [1, 2], \"y\": null}}", "{\"b\": {\"y\": null, \"x\": [1, 2]}, \"a\": 1}"));

        [Fact]
        public void List_order_matters()
        {
            var d = Diff("{\"l\": [1, 2]}", "{\"l\": [2, 1]}");
            Assert.NotNull(d);
            Assert.Equal("$.l[0]", d.Path);
        }

        [Fact]
        public void Int_and_float_differ_but_compare_by_value()
        {
            Assert.NotNull(Diff("[1]", "[1.0]"));
            Assert.Null(Diff("[1.0, 1e+16, 0.1]", "[1.00, 1E16, 0.1000]"));
            Assert.Null(Diff("[123456789012345678901234567890]", "[123456789012345678901234567890]"));
            Assert.NotNull(Diff("[123456789012345678901234567890]", "[123456789012345678901234567891]"));
            Assert.NotNull(Diff("[true]", "[1]"));
        }

        [Fact]
        public void Non_finite_floats_parse_and_compare()
        {
            Assert.Null(Diff("[NaN, Infinity, -Infinity]", "[NaN, Infinity, -Infinity]"));
            Assert.NotNull(Diff("[Infinity]", "[-Infinity]"));
        }

        [Fact]
        public void Missing_and_extra_keys_are_reported()
        {
            Assert.Equal("key missing in ours", Diff("{\"a\": 1, \"b\": 2}", "{\"a\": 1}").What);
            Assert.Equal("extra key in ours", Diff("{\"a\": 1}", "{\"a\": 1, \"b\": 2}").What);
        }

        [Fact]
        public void Reclass_timestamp_is_ignored() =>
            Assert.Null(Diff("{\"__reclass__\": {\"node\": \"n\", \"timestamp\": \"Mon Jan 1 00:00:00 2024\"}}",
                             "{\"__reclass__\": {\"node\": \"n\"}}"));

        [Fact]
        public void Strings_are_compared_exactly() =>
            Assert.NotNull(Diff("[\"h\\u00e9llo\"]", "[\"he\\u0301llo\"]"));

        /// End to end: reclass's answer for a copy of fixture 01-basic, then the copy is
        /// changed; our render of the changed copy must be reported as different.
        [Fact]
        public void Check_reports_a_changed_inventory()
        {
            var source = FixtureDifferentialTests.FolderOf("01-basic");
            var copy = Path.Combine(Path.GetTempPath(), $"mcp-diff-self-{Environment.ProcessId}-{Guid.NewGuid():N}");
            try
            {
                CopyDirectory(source, copy);
                var expected = OracleRunner.Run(new[] { copy }).Single().Value;
                Assert.True(expected.Nodes["node1"].Ok, "reclass should render 01-basic/node1");
                Assert.Empty(DifferentialCheck.Check(copy, expected));

                File.AppendAllText(Path.Combine(copy, "nodes", "node1.yml"), "  port: 124\n");
                var problems = DifferentialCheck.Check(copy, expected);
                Assert.Single(problems);
                Assert.Contains("$.parameters.port", problems[0]);

                File.WriteAllText(Path.Combine(copy, "nodes", "node1.yml"), "classes:\n  - missing\n");
                problems = DifferentialCheck.Check(copy, expected);
                Assert.Single(problems);
                Assert.Contains("reclass renders it, we throw", problems[0]);
            }
            finally
            {
                if (Directory.Exists(copy)) Directory.Delete(copy, true);
            }
        }

        private static void CopyDirectory(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target));
                File.Copy(file, target);
            }
        }
    }
}
