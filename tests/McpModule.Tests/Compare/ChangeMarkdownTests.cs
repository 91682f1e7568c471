#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Compare;
using McpModule.Model.Data;
using Xunit;

namespace McpModule.Tests.Compare
{
    public class ChangeMarkdownTests
    {
        private static McpModelChange Change(string node, string key, object? before, object? after) =>
            new McpModelChange(node, McpModelChangeKind.ValueChanged, key, before, after, "main", "working tree");

        [Fact]
        public void A_long_comment_stops_within_its_length_and_counts_what_it_left_out()
        {
            var changes = Enumerable.Range(0, 300).SelectMany(k => new[] { Change("cmp001.lab.local", $"service{k:000}:key", 1L, 2L), Change("cmp002.lab.local", $"service{k:000}:key", 1L, 2L) }).ToList();

            var text = ChangeMarkdown.Write(changes, 4000);

            Assert.True(text.Length <= 4000, $"{text.Length} characters");
            var rows = text.Split('\n').Count(l => l.StartsWith("| ValueChanged", StringComparison.Ordinal));
            Assert.InRange(rows, 10, 299);
            Assert.Contains($"… and {300 - rows} more rows ({2 * (300 - rows)} changes) left out", text, StringComparison.Ordinal);
            Assert.Contains("600 changes on 2 nodes, 300 distinct.", text, StringComparison.Ordinal);
        }

        [Fact]
        public void Model_values_cannot_become_markup_links_or_mentions()
        {
            var text = ChangeMarkdown.Write(new List<McpModelChange> { Change("ctl01.lab.local", "a:b", "x | <script>alert(1)</script> [link](http://e) @team `code`", "y") }, 60000);

            Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
            Assert.DoesNotContain("[link]", text, StringComparison.Ordinal);
            Assert.DoesNotContain("@team", text, StringComparison.Ordinal);
            Assert.DoesNotContain("`code`", text, StringComparison.Ordinal);
            var row = text.Split('\n').Single(l => l.StartsWith("| ValueChanged", StringComparison.Ordinal));
            Assert.Equal(6, row.Count(c => c == '|'));   // the value's '|' does not split the row
        }

        [Fact]
        public void Values_that_differ_between_nodes_say_varies_and_no_change_says_so()
        {
            var text = ChangeMarkdown.Write(new List<McpModelChange> { Change("a1", "k", 1L, 2L), Change("a2", "k", 1L, 3L) }, 60000);
            Assert.Contains("| 2: a1, a2 | <i>varies</i> | <i>varies</i> |", text, StringComparison.Ordinal);
            Assert.Contains("No node changes.", ChangeMarkdown.Write(new List<McpModelChange>(), 60000), StringComparison.Ordinal);
        }

        [Fact]
        public void Json_keeps_numbers_and_lists_as_the_model_has_them()
        {
            var json = ChangeJson.Write(new List<McpModelChange> { Change("a1", "k", 1L, new List<object> { "x", 2L }) });
            Assert.Contains("\"before\": 1,", json, StringComparison.Ordinal);
            Assert.Contains("\"x\",", json, StringComparison.Ordinal);
            Assert.Contains("\"reference\": \"main\"", json, StringComparison.Ordinal);
        }
    }
}
