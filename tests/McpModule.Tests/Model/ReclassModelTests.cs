using System;
using System.Globalization;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Model;
using McpModule.Model.Data;
using Xunit;

namespace McpModule.Tests.Model
{
    /// Rendering stops when cancelled, and what a model can make it recurse through
    /// (reference chains, nested references, class chains) is bounded: an error, never a
    /// stack overflow, whatever the thread's stack.
    public sealed class ReclassModelTests
    {
        /// A model whose node "q" queries every other node: rendering q renders all of them,
        /// each through a chain of `links` references (about 30 s for 200 nodes and 20,000 links).
        private static TempInventory LargeModel(int nodes, int links)
        {
            var big = new StringBuilder("parameters:\n  p0: start\n");
            for (var i = 1; i < links; i++) big.Append(CultureInfo.InvariantCulture, $"  p{i}: ${{p{i - 1}}}\n");
            var files = Enumerable.Range(1, nodes)
                .Select(n => ($"nodes/n{n}.yml", $"classes: [big]\nexports:\n  v: ${{p{links - 1}}}\n"))
                .Append(("classes/big.yml", big.ToString()))
                .Append(("nodes/q.yml", "parameters:\n  all: $[ exports:v ]\n"))
                .ToArray();
            return new TempInventory(files);
        }

        [Fact]
        public void A_token_cancelled_mid_render_of_a_large_model_stops_it_promptly_and_leaves_the_model_usable()
        {
            using var inv = LargeModel(nodes: 200, links: 20_000);
            var model = ReclassModel.Open(inv.Root);
            using var cancel = new CancellationTokenSource();
            var render = Task.Run(() => model.Render("q", cancel.Token));
            Thread.Sleep(500);
            Assert.False(render.IsCompleted, "the render was meant to take long");
            var clock = Stopwatch.StartNew();
            cancel.Cancel();
            var stopped = Assert.ThrowsAny<OperationCanceledException>(() => render.GetAwaiter().GetResult());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"stopped {clock.Elapsed} after the cancel");
            Assert.Equal(cancel.Token, stopped.CancellationToken);

            // Nothing cancelled was kept: a node renders, and q is tried afresh (and cancelled afresh).
            Assert.Equal("start", model.Render("n1").Exports["v"]);
            Assert.ThrowsAny<OperationCanceledException>(() => model.Render("q", cancel.Token));
        }

        [Fact]
        public void Validate_stops_when_cancelled()
        {
            using var inv = LargeModel(nodes: 20, links: 100);
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => ReclassModel.Open(inv.Root).Validate(cancel.Token));
        }

        [Fact]
        public async Task A_render_another_caller_cancelled_is_done_again_for_a_caller_that_did_not_cancel()
        {
            using var inv = LargeModel(nodes: 30, links: 2_000);
            var model = ReclassModel.Open(inv.Root);
            using var cancel = new CancellationTokenSource();
            var first = Task.Run(() => model.Render("q", cancel.Token));
            var second = Task.Run(() => model.Render("q"));
            Thread.Sleep(100);
            cancel.Cancel();
            Assert.Equal(30, ((OrderedMap)(await second).Parameters["all"]).Count);
            try { await first; } catch (OperationCanceledException) { }   // either way
        }

        private static string Chain(int links, bool backwards)
        {
            var text = new StringBuilder("parameters:\n");
            for (var i = 0; i < links; i++)
                text.Append(backwards ? $"  p{i}: ${{p{i + 1}}}\n" : $"  p{i + 1}: ${{p{i}}}\n");
            text.Append(backwards ? $"  p{links}: end\n" : "  p0: end\n");
            return text.ToString();
        }

        [Fact]
        public void A_chain_of_references_longer_than_the_bound_is_an_error_not_a_stack_overflow()
        {
            using var inv = new TempInventory(("nodes/long.yml", Chain(20_000, backwards: true)),
                                              ("nodes/ok.yml", Chain(ModelLimits.MaxReferenceDepth - 1, backwards: true)));
            var model = ReclassModel.Open(inv.Root);
            var e = Assert.Throws<ModelException>(() => model.Render("long"));
            Assert.Equal(ModelErrorKind.LimitExceeded, e.Kind);
            Assert.Contains($"more than {ModelLimits.MaxReferenceDepth} references", e.Message);
            Assert.Equal(inv.File("nodes/long.yml"), e.File);
            Assert.Equal("end", model.Render("ok").Parameters["p0"]);
        }

        [Fact]
        public void References_nested_in_one_string_past_the_bound_are_an_error_at_once()
        {
            string Nested(int n) => "parameters:\n  x: y\n  a: \"" + string.Concat(Enumerable.Repeat("${", n)) + "x" + new string('}', n) + "\"\n";
            using var inv = new TempInventory(("nodes/deep.yml", Nested(20_000)), ("nodes/two.yml", "parameters:\n  x: y\n  y: z\n  a: ${${x}}\n"));
            var model = ReclassModel.Open(inv.Root);
            var clock = Stopwatch.StartNew();
            var e = Assert.Throws<ModelException>(() => model.Render("deep"));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
            Assert.Equal(ModelErrorKind.LimitExceeded, e.Kind);
            Assert.Contains($"nests more than {ModelLimits.MaxReferenceNesting} references", e.Message);
            Assert.Contains("(60001 characters)", e.Message);
            Assert.Equal("z", model.Render("two").Parameters["a"]);
        }

        [Fact]
        public void A_chain_of_classes_longer_than_the_bound_is_an_error_naming_both_ends()
        {
            var count = ModelLimits.MaxClassDepth + 1;
            var files = Enumerable.Range(0, count)
                .Select(i => ($"classes/c{i}.yml", $"classes: [c{i + 1}]\n"))
                .Append(($"classes/c{count}.yml", "parameters: {end: 1}\n"))
                .Append(("nodes/n1.yml", "classes: [c0]\n"))
                .Append(("nodes/n2.yml", $"classes: [c{count - ModelLimits.MaxClassDepth + 1}]\n"))
                .ToArray();
            using var inv = new TempInventory(files);
            var model = ReclassModel.Open(inv.Root);
            var e = Assert.Throws<ModelException>(() => model.Render("n1"));
            Assert.Equal(ModelErrorKind.LimitExceeded, e.Kind);
            Assert.Contains($"more than {ModelLimits.MaxClassDepth} classes deep", e.Message);
            Assert.Contains("node 'n1' -> class 'c0' -> ...", e.Message);
            Assert.Equal(1L, model.Render("n2").Parameters["end"]);
        }

        [Fact]
        public void A_thread_with_a_small_stack_gets_an_error_not_a_crash()
        {
            var deep = "parameters:\n  d: " + new string('[', 398) + new string(']', 398) + "\n  r: ${d}\n";
            using var inv = new TempInventory(("nodes/n1.yml", deep));
            Exception failure = null;
            var thread = new Thread(() =>
            {
                try { ReclassModel.Open(inv.Root).Render("n1"); }
                catch (Exception e) { failure = e; }
            }, 256 * 1024);
            thread.Start();
            thread.Join();
            var error = Assert.IsType<ModelException>(failure);
            Assert.Equal(ModelErrorKind.LimitExceeded, error.Kind);
            Assert.Contains("stack", error.Message);
        }
    }
}
