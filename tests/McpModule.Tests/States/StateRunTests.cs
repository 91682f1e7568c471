using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using McpModule.Execution;
using McpModule.States;
using McpModule.States.Formulas;
using McpModule.States.Journal;
using McpModule.States.Runs;
using McpModule.Tests.Execution;
using Xunit;

namespace McpModule.Tests.States
{
    /// The engine's state run over a fake transport (FakeTransport says why it is a mock: the
    /// real one needs sshd nodes; tests/Pester/States.Tests.ps1 runs the same code on lab nodes).
    public sealed class StateRunTests : IDisposable
    {
        private readonly string _model = Path.Combine(Path.GetTempPath(), "mcp-staterun-" + Guid.NewGuid().ToString("N"));
        private readonly ConcurrentQueue<McpRun> _journal = new ConcurrentQueue<McpRun>();

        public StateRunTests()
        {
            Directory.CreateDirectory(Path.Combine(_model, "formulas", "t"));
            File.WriteAllText(Path.Combine(_model, "formulas", "t", "init.yml"),
                "one:\n  cmd.run:\n    name: echo {{ pillar.secret | shell_quote }}\ntwo:\n  cmd.run:\n    name: 'true'\n");
        }

        public void Dispose() => Directory.Delete(_model, true);

        private NodePlan Plan(string node) =>
            new StatePlanner(new FormulaLibrary(_model)).Plan(new PlanInput(node, new Dictionary<string, object> { ["secret"] = "s3cret-" + node }), new[] { "t" });

        // What the executor prints for a plan of two resources.
        private static McpCommandResult Executor(SshTarget t, string first = "Changed", string comment = "ran")
        {
            var output = $"@@MCP@@ {{\"i\": 0, \"result\": \"{first}\", \"comment\": \"{comment}\", \"ms\": 3}}\n" +
                         "@@MCP@@ {\"i\": 1, \"result\": \"Unchanged\", \"ms\": 1}\n@@MCP-END@@\n";
            return new McpCommandResult(t.Name, t.Address, 0, output, "", TimeSpan.FromMilliseconds(5), null);
        }

        private StateRun<string> Run(FakeTransport transport, int nodes, int throttle = 4, IEnumerable<McpNodeRun> before = null, bool whatIf = false)
        {
            var work = Enumerable.Range(1, nodes).Select(i => (Plan("node" + i), SshTarget.FromName("node" + i), "input" + i)).ToList();
            var masker = new SecretMasker(work.Select(w => "s3cret-" + w.Item1.Node));
            var info = new StateRunInfo("20261203T120000Z-abcdef", DateTimeOffset.Now, _model, work.Select(w => w.Item1.Node).ToList(), new[] { "t" }, whatIf);
            return new StateRun<string>(info, before, work, transport, throttle, masker, r => { _journal.Enqueue(r); return "journal.json"; });
        }

        private sealed class Listener : IStateRunListener<string>
        {
            public int Started = -1;
            public List<(McpNodeRun Node, string Item, int Done, int Total)> Finished = new List<(McpNodeRun, string, int, int)>();
            public Action<McpNodeRun> OnNode;
            void IStateRunListener<string>.Started(int nodes) => Started = nodes;
            public void NodeFinished(McpNodeRun node, McpCommandResult result, string item, int done, int total)
            {
                Finished.Add((node, item, done, total));
                OnNode?.Invoke(node);
            }
        }

        [Fact]
        public void Every_node_gets_its_own_plan_and_reports_its_results_then_the_run_succeeds()
        {
            var transport = new FakeTransport { Answer = (t, c, i) => Executor(t) };
            using var run = Run(transport, 3);
            var listener = new Listener();
            var record = run.Run(listener);
            Assert.Equal(3, listener.Started);
            Assert.Equal(3, listener.Finished.Count);
            Assert.All(listener.Finished, f => Assert.Equal("input" + f.Node.Node.Substring(4), f.Item));
            Assert.All(listener.Finished, f => Assert.Equal(new[] { McpResourceResult.Changed, McpResourceResult.Unchanged }, f.Node.Results.Select(r => r.ResultValue)));
            Assert.All(transport.Calls, c => Assert.Equal(NodeScript.CommandLine, c.Command));
            Assert.Equal(McpRunStatus.Succeeded.ToString(), record.Status);
            Assert.Same(record, run.Result);
            Assert.Equal("journal.json", run.JournalPath);
        }

        [Fact]
        public void The_journal_is_written_before_any_node_starts_and_says_Interrupted_until_the_run_ends()
        {
            var transport = new FakeTransport { Answer = (t, c, i) => Executor(t) };
            transport.Hold("node2");
            using var run = Run(transport, 2);
            var listener = new Listener { OnNode = n => { if (n.Node == "node1") { Thread.Sleep(1100); } } };
            var releaser = new Thread(() => { while (listener.Finished.Count == 0) Thread.Sleep(5); Thread.Sleep(1300); transport.Release("node2"); });
            releaser.Start();
            var record = run.Run(listener);
            releaser.Join();
            var written = _journal.ToList();
            var first = written.First();
            Assert.Equal(McpRunStatus.Interrupted.ToString(), first.Status);
            Assert.All(first.Nodes, n => Assert.Contains("when this journal was written", n.Error));
            // as nodes finish: node1 done, node2 still running
            var middle = written.Skip(1).First(r => r != written.Last());
            Assert.Equal(McpRunStatus.Succeeded.ToString(), middle.Nodes.Single(n => n.Node == "node1").Status);
            Assert.Contains("node2: running", middle.Nodes.Single(n => n.Node == "node2").Error);
            Assert.Equal(McpRunStatus.Succeeded.ToString(), written.Last().Status);
            Assert.Equal(McpRunStatus.Succeeded.ToString(), record.Status);
        }

        [Fact]
        public void A_failed_resource_or_a_node_that_failed_to_plan_makes_the_run_Failed()
        {
            var transport = new FakeTransport { Answer = (t, c, i) => Executor(t, t.Name == "node2" ? "Failed" : "Changed") };
            using (var run = Run(transport, 2))
                Assert.Equal(McpRunStatus.Failed.ToString(), run.Run(new Listener()).Status);
            using (var run = Run(new FakeTransport { Answer = (t, c, i) => Executor(t) }, 1, before: new[] { new McpNodeRun("node9", McpRunStatus.Failed, null, "did not plan") }))
            {
                var record = run.Run(new Listener());
                Assert.Equal(McpRunStatus.Failed.ToString(), record.Status);
                Assert.Contains(record.Nodes, n => n.Node == "node9" && n.Error == "did not plan");
            }
        }

        [Fact]
        public void Stop_ends_the_run_Interrupted_with_each_node_where_it_was()
        {
            var transport = new FakeTransport { Answer = (t, c, i) => Executor(t) };
            foreach (var n in new[] { "node1", "node2", "node3" }) transport.Hold(n);
            using var run = Run(transport, 3, throttle: 2);
            var stopper = new Thread(() => { while (transport.Calls.Count < 2) Thread.Sleep(5); run.Stop(); });
            stopper.Start();
            var record = run.Run(new Listener());
            stopper.Join();
            Assert.Equal(McpRunStatus.Interrupted.ToString(), record.Status);
            Assert.Equal(2, record.Nodes.Count(n => n.Error.Contains("the run was stopped — before any resource reported")));
            // which two the throttle let in first is the scheduler's choice: the third never started
            var neverStarted = new[] { "node1", "node2", "node3" }.Except(transport.Calls.Select(c => c.Node)).Single();
            Assert.Equal(neverStarted, record.Nodes.Single(n => n.Error.Contains("stopped before it started")).Node);
            Assert.All(record.Nodes, n => Assert.Equal(McpRunStatus.Interrupted.ToString(), n.Status));
            Assert.Equal(McpRunStatus.Interrupted.ToString(), _journal.Last().Status);
        }

        [Fact]
        public void An_output_that_throws_stops_the_run_records_it_and_the_exception_comes_out()
        {
            var transport = new FakeTransport { Answer = (t, c, i) => Executor(t) };
            transport.Hold("node2");
            using var run = Run(transport, 2);
            var listener = new Listener { OnNode = n => throw new OperationCanceledException("pipeline stopped") };
            Assert.Throws<OperationCanceledException>(() => run.Run(listener));
            Assert.Equal(McpRunStatus.Interrupted.ToString(), run.Result.Status);
            Assert.Equal(2, run.Result.Nodes.Count);
            Assert.Equal(run.Result.Status, _journal.Last().Status);
        }

        [Fact]
        public void Pillar_secrets_never_reach_the_listener_or_the_journal()
        {
            var transport = new FakeTransport { Answer = (t, c, i) => Executor(t, comment: "echo s3cret-" + t.Name) };
            using var run = Run(transport, 2);
            var listener = new Listener();
            run.Run(listener);
            var results = listener.Finished.SelectMany(f => f.Node.Results).Concat(_journal.SelectMany(j => j.Nodes).SelectMany(n => n.Results)).ToList();
            Assert.NotEmpty(results);
            Assert.All(results, r => Assert.DoesNotContain("s3cret", r.Comment ?? ""));
            // the formula names its cmd.run resource after the command, secret and all
            Assert.Contains(results, r => r.Resource == "cmd:echo ********");
            Assert.All(results, r => Assert.DoesNotContain("s3cret", r.Resource));
            Assert.DoesNotContain("s3cret", JUnitReport.ToXml(run.Result));
        }

        [Fact]
        public void A_journal_that_cannot_be_written_is_said_and_the_run_still_ends()
        {
            var info = new StateRunInfo("20261203T120000Z-abcdef", DateTimeOffset.Now, _model, new[] { "node1" }, new[] { "t" }, false);
            using var run = new StateRun<string>(info, null, new[] { (Plan("node1"), SshTarget.FromName("node1"), "x") },
                new FakeTransport { Answer = (t, c, i) => Executor(t) }, 1, null, r => throw new IOException("disk full"));
            var record = run.Run(new Listener());
            Assert.Equal(McpRunStatus.Succeeded.ToString(), record.Status);
            Assert.IsType<IOException>(run.JournalError);
            Assert.Null(run.JournalPath);
        }

        [Fact]
        public void Planning_gives_each_node_its_applications_formulas_and_names_the_nodes_with_none()
        {
            var nodes = McpModule.Tests.Targeting.LabNodes.All.Where(n => n.ShortName == "ctl01" || n.ShortName == "cmp001").Select(n => (n, n.Name)).ToList();
            var planned = StateRunPlan<string>.Create(nodes, null, new FormulaLibrary(null));
            Assert.Equal(2, planned.Plans.Count);
            Assert.Contains("linux", planned.States);
            Assert.Empty(planned.Failed);
            Assert.Contains(planned.ClusterNodes, n => n.ShortName == "cfg01");
            var bad = StateRunPlan<string>.Create(nodes, new[] { "nosuch" }, new FormulaLibrary(null));
            Assert.Equal(2, bad.Failed.Count);
            Assert.All(bad.Failed, f => Assert.Equal("Mcp.State.FormulaNotFound", f.Error.ErrorId));
        }
    }
}
