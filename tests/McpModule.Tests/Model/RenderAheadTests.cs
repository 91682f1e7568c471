using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Generator;
using McpModule.Model;
using McpModule.Model.Data;
using McpModule.Model.Rendering;
using McpModule.Templates;
using Xunit;

namespace McpModule.Tests.Model
{
    /// Nodes rendered on other threads while the caller renders them in order (RenderAhead,
    /// used by Get-McpNode): the same pillars as one thread alone, errors and cancellation
    /// still the caller's.
    public sealed class RenderAheadTests
    {
        private static string Rendered(ReclassModel model, string node) =>
            ModelJson.Serialize(model.Render(node).Parameters, indented: false);

        [Fact]
        public void Renders_on_many_threads_at_once_equal_renders_on_one()
        {
            var root = Path.Combine(Path.GetTempPath(), "mcp-ahead-" + Guid.NewGuid().ToString("N"));
            try
            {
                var spec = new McpClusterSpec { Name = "lab", Domain = "lab.local", Template = McpTemplateNames.OpenstackOvs, Ceph = true, StackLight = true, DriveTrain = true };
                McpModelWriter.Write(McpModelGenerator.Generate(McpClusterDesigner.Design(spec)), root, force: false);
                var alone = ReclassModel.Open(root);
                var names = alone.NodeNames.ToList();
                Assert.True(names.Count > 20);
                var expected = names.ToDictionary(n => n, n => Rendered(alone, n));
                for (var round = 0; round < 4; round++)
                {
                    // Every thread starts at once on a fresh model: parsing, merging and the
                    // shared parsed paths are all first used concurrently.
                    var model = ReclassModel.Open(root);
                    var got = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
                    using var start = new Barrier(4);
                    Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
                    {
                        start.SignalAndWait();
                        foreach (var n in t % 2 == 0 ? names : Enumerable.Reverse(names))
                            got[n] = Rendered(model, n);
                    });
                    foreach (var n in names) Assert.Equal(expected[n], got[n]);
                }
            }
            finally { Directory.Delete(root, true); }
        }

        [Fact]
        public void Inventory_queries_render_the_same_with_renders_ahead()
        {
            var fixture = Path.Combine(Differential.OracleRunner.RepoRoot, "tests", "fixtures", "inventories", "58-invquery-merge");
            var alone = ReclassModel.Open(fixture);
            var names = alone.NodeNames.ToList();
            var model = ReclassModel.Open(fixture);
            using (RenderAhead.Start(model, names, CancellationToken.None))
                foreach (var n in names) Assert.Equal(Rendered(alone, n), Rendered(model, n));
        }

        [Fact]
        public void A_failing_node_is_reported_by_the_callers_render_and_the_others_come_in_order()
        {
            var files = new List<(string, string)> { ("classes/base.yml", "parameters:\n  a: 1\n") };
            for (var i = 1; i <= 12; i++)
                files.Add(($"nodes/n{i:00}.yml", i == 7 ? "classes:\n- missing\n" : $"classes:\n- base\nparameters:\n  n: {i}\n"));
            using var inventory = new TempInventory(files.ToArray());
            var cluster = McpClusterCatalog.Discover(inventory.Root).Single();
            var nodes = McpClusterCatalog.GetNodes(cluster, out var errors);
            Assert.Equal(Enumerable.Range(1, 12).Where(i => i != 7).Select(i => $"n{i:00}"), nodes.Select(n => n.Name));
            Assert.Equal(ModelErrorKind.ClassNotFound, Assert.Single(errors).Kind);
            Assert.Equal("n07", errors[0].Node);
        }

        [Fact]
        public void A_cancelled_caller_stops_the_renders_ahead()
        {
            var files = new List<(string, string)> { ("classes/base.yml", "parameters:\n  a: 1\n") };
            for (var i = 1; i <= 40; i++) files.Add(($"nodes/n{i:00}.yml", "classes:\n- base\n"));
            using var inventory = new TempInventory(files.ToArray());
            var cluster = McpClusterCatalog.Discover(inventory.Root).Single();
            using var cancel = new CancellationTokenSource();
            // Cancelled at the fifth node; GetNodes returns (with the exception) only once the
            // renders ahead have stopped, so nothing renders into the model after it.
            Assert.ThrowsAny<OperationCanceledException>(() => McpClusterCatalog.GetNodes(cluster, out _,
                progress: (done, all) => { if (done == 4) cancel.Cancel(); }, cancellation: cancel.Token));
            var model = cluster.Model;
            var rendered = model.NodeNames.Count(model.HasRendered);
            Thread.Sleep(200);
            Assert.Equal(rendered, model.NodeNames.Count(model.HasRendered));
        }

        [Fact]
        public void No_worker_starts_for_nodes_the_model_has_rendered_already()
        {
            // This machine's two cores give one worker when there are nodes to share.
            if (Environment.ProcessorCount < 2) return;
            var files = new List<(string, string)> { ("classes/base.yml", "parameters:\n  a: 1\n") };
            for (var i = 1; i <= 6; i++) files.Add(($"nodes/n{i:00}.yml", "classes:\n- base\n"));
            using var inventory = new TempInventory(files.ToArray());
            var model = ReclassModel.Open(inventory.Root);
            var names = model.NodeNames.ToList();
            using (var ahead = RenderAhead.Start(model, names, CancellationToken.None)) Assert.NotNull(ahead);
            foreach (var n in names.Skip(1)) model.Render(n);
            // One node left: nothing to share; none left (renders from the render cache): no thread at all.
            Assert.Null(RenderAhead.Start(model, names, CancellationToken.None));
            model.Render(names[0]);
            Assert.Null(RenderAhead.Start(model, names, CancellationToken.None));
        }
    }
}
