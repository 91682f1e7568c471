#nullable enable
using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using McpModule.Health;
using McpModule.Health.History;
using Xunit;

namespace McpModule.Tests.Health.History
{
    public sealed class HealthHistoryTests : IDisposable
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "mcp-history-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        }

        private string File => Path.Combine(_dir, ".mcp", "health", "history.jsonl");

        private static HealthHistoryEntry Entry(DateTimeOffset t, string node, double value, string? counters = null)
        {
            var m = new McpMetric { Name = "fs_space_percent_free", Node = node, Value = value, Timestamp = t };
            m.Dimensions["fs"] = "/srv/a b";
            return new HealthHistoryEntry(t, node, new[] { m }, counters);
        }

        [Fact]
        public void Entries_come_back_as_they_were_written_oldest_first()
        {
            var history = new HealthHistory(File, TimeSpan.FromHours(1), 1 << 20);
            history.Append(new[] { Entry(T0.AddSeconds(60), "ctl01", 12.5, "{\"cpu\":[1,2]}"), Entry(T0.AddSeconds(60), "", double.NaN) }, T0.AddSeconds(60));
            history.Append(new[] { Entry(T0, "ctl02", 1) }, T0.AddSeconds(61));
            var (entries, unreadable) = history.Read(T0.AddSeconds(120));
            Assert.Equal(0, unreadable);
            Assert.Equal(new[] { "ctl02", "ctl01", "" }, entries.Select(e => e.Node));
            var m = entries[1].Metrics.Single();
            Assert.Equal(12.5, m.Value);
            Assert.Equal("ctl01", m.Node);
            Assert.Equal("/srv/a b", m.Dimensions["fs"]);
            Assert.Equal(T0.AddSeconds(60), m.Timestamp);
            Assert.Equal("{\"cpu\":[1,2]}", entries[1].Counters);
            Assert.True(double.IsNaN(entries[2].Metrics.Single().Value));
        }

        [Fact]
        public void Entries_older_than_the_age_limit_are_not_read_and_are_trimmed_away()
        {
            var history = new HealthHistory(File, TimeSpan.FromMinutes(10), 1 << 20);
            history.Append(new[] { Entry(T0, "old", 1) }, T0);
            history.Append(new[] { Entry(T0.AddMinutes(11), "new", 2) }, T0.AddMinutes(11));
            Assert.Equal(new[] { "new" }, history.Read(T0.AddMinutes(11)).Entries.Select(e => e.Node));
            // the first entry is past 10 + 2.5 minutes at 13: the file is rewritten without it
            history.Append(new[] { Entry(T0.AddMinutes(13), "newer", 3) }, T0.AddMinutes(13));
            Assert.DoesNotContain("\"old\"", System.IO.File.ReadAllText(File));
            Assert.Equal(2, System.IO.File.ReadAllLines(File).Length);
        }

        [Fact]
        public void Past_its_size_the_oldest_entries_go_until_half_the_size()
        {
            var history = new HealthHistory(File, TimeSpan.FromDays(1), 2000);
            for (int i = 0; i < 40; i++) history.Append(new[] { Entry(T0.AddSeconds(i), "n" + i, i) }, T0.AddSeconds(i));
            Assert.True(new FileInfo(File).Length <= 2000);
            var nodes = history.Read(T0.AddSeconds(40)).Entries.Select(e => e.Node).ToList();
            Assert.Equal("n39", nodes.Last());
            Assert.DoesNotContain("n0", nodes);
        }

        [Fact]
        public void A_line_cut_short_spoils_only_itself()
        {
            var history = new HealthHistory(File, TimeSpan.FromHours(1), 1 << 20);
            history.Append(new[] { Entry(T0, "a", 1) }, T0);
            System.IO.File.AppendAllText(File, "{\"v\":1,\"t\":\"2026-12-03T12:00:0");
            history.Append(new[] { Entry(T0.AddSeconds(1), "b", 2) }, T0.AddSeconds(1));
            var (entries, unreadable) = history.Read(T0.AddSeconds(2));
            Assert.Equal(new[] { "a", "b" }, entries.Select(e => e.Node));
            Assert.Equal(1, unreadable);
        }

        [Fact]
        public void Writers_at_once_take_turns_and_every_line_is_whole()
        {
            var history = new HealthHistory(File, TimeSpan.FromHours(1), 1 << 24);
            Parallel.For(0, 8, i =>
            {
                for (int j = 0; j < 20; j++)
                    new HealthHistory(File, TimeSpan.FromHours(1), 1 << 24).Append(new[] { Entry(T0.AddSeconds(j), "w" + i, j) }, T0.AddSeconds(j));
            });
            var (entries, unreadable) = history.Read(T0.AddMinutes(1));
            Assert.Equal(0, unreadable);
            Assert.Equal(160, entries.Count);
        }

        [Fact]
        public void A_history_folder_that_leads_out_of_the_model_is_refused()
        {
            Directory.CreateDirectory(_dir);
            var outside = Path.Combine(Path.GetTempPath(), "mcp-outside-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(outside);
            try
            {
                Directory.CreateSymbolicLink(Path.Combine(_dir, ".mcp"), outside);
                Assert.ThrowsAny<Exception>(() => HealthHistory.PathOf(_dir));
            }
            finally { Directory.Delete(outside, true); }
        }
    }
}
