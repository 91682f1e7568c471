using System;
using System.Globalization;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using McpModule.Model;
using McpModule.Model.Data;
using McpModule.Model.Yaml;
using Xunit;

namespace McpModule.Tests.Model
{
    /// The YAML reader holds every file to ModelLimits and says where a file breaks one.
    public sealed class YamlFileReaderTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "mcp-yaml-" + Guid.NewGuid().ToString("N"));

        public YamlFileReaderTests() => Directory.CreateDirectory(_dir);
        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private string Write(string text, string name = "f.yml")
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, text);
            return path;
        }

        private string WriteBytes(byte[] bytes, string name = "f.yml")
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        private static ModelException Refused(string path) => Assert.Throws<ModelException>(() => YamlFileReader.Read(path));

        private static string Nested(int lists) => "a: " + new string('[', lists) + new string(']', lists) + "\n";

        [Fact]
        public void Lists_and_mappings_nest_up_to_the_bound_and_one_level_more_is_an_error_naming_file_line_and_bound()
        {
            // The file's mapping is the first level.
            var deepest = YamlFileReader.Read(Write(Nested(ModelLimits.MaxNestingDepth - 1)));
            Assert.IsType<OrderedMap>(deepest);

            var path = Write("x: 1\n" + Nested(ModelLimits.MaxNestingDepth));
            var e = Refused(path);
            Assert.Equal(ModelErrorKind.LimitExceeded, e.Kind);
            Assert.Equal(path, e.File);
            Assert.Equal(2, e.Line);
            Assert.Contains(path, e.Message);
            Assert.Contains($"deeper than {ModelLimits.MaxNestingDepth} levels", e.Message);
            Assert.Contains("docs/bounds.md", e.Message);
        }

        [Fact]
        public void Twenty_thousand_nested_lists_are_an_error_not_a_stack_overflow()
        {
            var e = Refused(Write(Nested(20_000)));
            Assert.Equal(ModelErrorKind.LimitExceeded, e.Kind);
            Assert.Equal(1, e.Line);
        }

        [Fact]
        public void Mappings_nested_in_block_style_past_the_bound_are_an_error_at_the_line_that_passes_it()
        {
            var text = new StringBuilder();
            for (var i = 0; i < 1_000; i++) text.Append(' ', i).Append("k:\n");
            var e = Refused(Write(text.ToString()));
            Assert.Equal(ModelErrorKind.LimitExceeded, e.Kind);
            Assert.Equal(ModelLimits.MaxNestingDepth + 1, e.Line);   // the mapping on line n is level n
        }

        [Fact]
        public void The_billion_laughs_are_refused_at_once_naming_the_alias_that_passes_the_bound()
        {
            var text = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
            for (var c = 'b'; c <= 'i'; c++)
                text.Append(CultureInfo.InvariantCulture, $"{c}: &{c} [{string.Join(", ", Enumerable.Repeat("*" + (char)(c - 1), 9))}]\n");
            var path = Write(text.ToString());
            var clock = Stopwatch.StartNew();
            var e = Refused(path);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
            Assert.Equal(ModelErrorKind.LimitExceeded, e.Kind);
            Assert.Equal(path, e.File);
            Assert.Equal(7, e.Line);   // g: nine aliases of f (each 9^5 values and more) pass 1,000,000
            Assert.Contains("1,000,000 values", e.Message);
        }

        [Fact]
        public void More_aliases_than_the_bound_are_an_error()
        {
            var many = "x: &x 1\nl: [" + string.Join(", ", Enumerable.Repeat("*x", ModelLimits.MaxAliases + 1)) + "]\n";
            var e = Refused(Write(many));
            Assert.Equal(ModelErrorKind.LimitExceeded, e.Kind);
            Assert.Contains($"more than {ModelLimits.MaxAliases} aliases", e.Message);

            var enough = "x: &x 1\nl: [" + string.Join(", ", Enumerable.Repeat("*x", ModelLimits.MaxAliases)) + "]\n";
            var read = (OrderedMap)YamlFileReader.Read(Write(enough, "g.yml"));
            Assert.Equal(ModelLimits.MaxAliases, ((List<object>)read["l"]).Count);
        }

        [Fact]
        public void Aliases_within_the_bounds_read_as_PyYAML_reads_them()
        {
            var read = (OrderedMap)YamlFileReader.Read(Write("base: &b {port: 80, host: h}\nweb:\n  <<: *b\n  port: 8080\nlist: &l [1, 2]\nagain: *l\n"));
            var web = (OrderedMap)read["web"];
            Assert.Equal(8080L, web["port"]);
            Assert.Equal("h", web["host"]);
            Assert.Equal(new List<object> { 1L, 2L }, read["again"]);
        }

        [Fact]
        public void An_alias_inside_the_value_its_anchor_names_is_a_reference_loop_with_its_line()
        {
            var path = Write("ok: 1\nloop: &a\n  - 1\n  - *a\n");
            var e = Refused(path);
            Assert.Equal(ModelErrorKind.ReferenceLoop, e.Kind);
            Assert.Equal(4, e.Line);
            Assert.Contains("'*a'", e.Message);
            Assert.Contains("cannot contain itself", e.Message);
        }

        [Fact]
        public void A_tab_in_the_indentation_is_reported_on_its_own_line()
        {
            var e = Refused(Write("parameters:\n\ta: 1\n"));
            Assert.Equal(ModelErrorKind.YamlSyntax, e.Kind);
            Assert.Equal(2, e.Line);
            Assert.Equal(1, e.Column);
            Assert.Contains("line 2, column 1", e.Message);
        }

        [Fact]
        public void A_byte_that_is_not_UTF8_is_an_error_naming_the_file_its_offset_and_line()
        {
            var path = WriteBytes(new byte[] { (byte)'a', (byte)':', (byte)' ', (byte)'1', (byte)'\n', (byte)'b', (byte)':', (byte)' ', (byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'\n' });
            var e = Refused(path);
            Assert.Equal(ModelErrorKind.InvalidFile, e.Kind);
            Assert.Equal(path, e.File);
            Assert.Equal(2, e.Line);
            Assert.Contains("0xE9 at offset 11 (line 2)", e.Message);
            Assert.Contains("not UTF-8", e.Message);
        }

        [Fact]
        public void UTF8_text_and_its_byte_order_mark_read_as_text()
        {
            var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("name: café ✓\n")).ToArray();
            var read = (OrderedMap)YamlFileReader.Read(WriteBytes(bytes));
            Assert.Equal("café ✓", read["name"]);
        }

        [Fact]
        public void A_file_larger_than_the_bound_is_refused_before_it_is_read()
        {
            var path = Path.Combine(_dir, "huge.yml");
            using (var f = File.Create(path)) f.SetLength(ModelLimits.MaxFileBytes + 1L);   // sparse: nothing is written
            var e = Refused(path);
            Assert.Equal(ModelErrorKind.LimitExceeded, e.Kind);
            Assert.Equal(path, e.File);
            Assert.Contains("at most 8 MiB", e.Message);
        }

        [Fact]
        public async System.Threading.Tasks.Task A_FIFO_reads_as_an_empty_file_without_being_opened()
        {
            if (!OperatingSystem.IsLinux()) return;
            var path = Path.Combine(_dir, "fifo.yml");
            Posix.MakeFifo(path);
            var read = System.Threading.Tasks.Task.Run(() => YamlFileReader.Read(path));
            Assert.True(read == await System.Threading.Tasks.Task.WhenAny(read, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(10))), "reading a FIFO blocked");
            Assert.Null(await read);
        }

        [Fact]
        public void Scalars_as_text_are_what_YamlDotNet_gave_cookiecutter_contexts()
        {
            var read = (OrderedMap)YamlFileReader.Parse("a: 010\nb: true\nc:\nd: ~\ne: '1'\nf: 1.10\n", "ctx.yaml", scalarsAsText: true);
            Assert.Equal("010", read["a"]);
            Assert.Equal("true", read["b"]);
            Assert.Null(read["c"]);
            Assert.Null(read["d"]);
            Assert.Equal("1", read["e"]);
            Assert.Equal("1.10", read["f"]);
        }

        [Fact]
        public void A_cancelled_read_stops()
        {
            var text = new StringBuilder();
            for (var i = 0; i < 10_000; i++) text.Append('k').Append(i).Append(": v\n");
            using var cancelled = new System.Threading.CancellationTokenSource();
            cancelled.Cancel();
            Assert.Throws<OperationCanceledException>(() => YamlFileReader.Parse(text.ToString(), "big.yml", cancellation: cancelled.Token));
        }
    }
}
