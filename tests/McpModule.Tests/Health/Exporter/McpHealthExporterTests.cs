using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using McpModule.Health;
using McpModule.Health.Exporter;
using Xunit;

namespace McpModule.Tests.Health.Exporter
{
    // The exporter's serving and collection loop over a real loopback listener; the collections are
    // given by the test (the SSH collection itself is Pester's and the lab's).
    public class McpHealthExporterTests
    {
        private static HealthExporterSample Sample(double value, int unreachable = 0) =>
            new HealthExporterSample(new[] { new McpMetric { Name = "ssh_check", Node = "n1", Value = value, Timestamp = DateTimeOffset.UtcNow } },
                new[] { new McpHealthStatus { Level = McpHealthLevel.Node, Entity = "n1", Status = value > 0 ? McpHealthState.Okay : McpHealthState.Down } },
                unreachable, DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(250));

        private static string Scrape(McpHealthExporter exporter)
        {
            using var http = new HttpClient();
            return http.GetStringAsync(exporter.Url).GetAwaiter().GetResult();
        }

        private static void WaitFor(Func<bool> condition)
        {
            var until = DateTime.UtcNow.AddSeconds(30);
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < until, "the condition did not come true within 30 s");
                Thread.Sleep(20);
            }
        }

        [Fact]
        public void Serves_the_first_collection_at_once_then_each_next_one()
        {
            using var firstScraped = new ManualResetEventSlim();
            using var exporter = new McpHealthExporter(new MetricsHttpServer(IPAddress.Loopback, 0), TimeSpan.FromMilliseconds(50), "/m", 1, Sample(1),
                cancel => { firstScraped.Wait(cancel); return Sample(0); }, null);
            Assert.Contains("mcp_ssh_check{node=\"n1\"} 1\n", Scrape(exporter));
            Assert.Equal(1, exporter.Collections);
            firstScraped.Set();
            WaitFor(() => exporter.Collections >= 2);
            var text = Scrape(exporter);
            Assert.Contains("mcp_ssh_check{node=\"n1\"} 0\n", text);
            Assert.Contains("mcp_health_status{level=\"node\",entity=\"n1\",node=\"\"} 4\n", text);
            Assert.Contains("mcp_exporter_last_collection_success 1\n", text);
            Assert.Contains("mcp_exporter_collection_duration_seconds 0.25\n", text);
            Assert.StartsWith("http://127.0.0.1:", exporter.Url);
        }

        [Fact]
        public void A_failed_collection_keeps_the_last_good_metrics_and_says_so()
        {
            var fail = 0;
            using var exporter = new McpHealthExporter(new MetricsHttpServer(IPAddress.Loopback, 0), TimeSpan.FromMilliseconds(50), "/m", 1, Sample(1, unreachable: 1),
                _ => { Interlocked.Exchange(ref fail, 1); throw new InvalidOperationException("history locked"); }, null);
            WaitFor(() => Volatile.Read(ref fail) == 1 && exporter.LastError.Length > 0);
            var text = Scrape(exporter);
            Assert.Contains("mcp_ssh_check{node=\"n1\"} 1\n", text);
            Assert.Contains("mcp_exporter_last_collection_success 0\n", text);
            Assert.Contains("mcp_exporter_unreachable_nodes 1\n", text);
            Assert.Equal("history locked", exporter.LastError);
        }

        [Fact]
        public void Stop_ends_a_collection_under_way_closes_what_it_owns_frees_the_port_and_leaves_the_list()
        {
            var owned = new Owned();
            using var started = new ManualResetEventSlim();
            var exporter = new McpHealthExporter(new MetricsHttpServer(IPAddress.Loopback, 0), TimeSpan.FromMilliseconds(10), "/m", 1, Sample(1),
                cancel => { started.Set(); cancel.WaitHandle.WaitOne(); cancel.ThrowIfCancellationRequested(); return Sample(1); }, owned);
            Assert.Contains(exporter, McpHealthExporter.GetRunning());
            Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
            exporter.Stop();
            Assert.False(exporter.Running);
            Assert.True(owned.Disposed);
            Assert.DoesNotContain(exporter, McpHealthExporter.GetRunning());
            using var again = new MetricsHttpServer(IPAddress.Loopback, exporter.ListenPort);
            exporter.Stop();   // a second stop does nothing
        }

        private sealed class Owned : IDisposable
        {
            public bool Disposed { get; private set; }
            public void Dispose() => Disposed = true;
        }
    }
}
