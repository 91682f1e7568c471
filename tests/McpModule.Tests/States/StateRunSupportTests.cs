using System;
using System.IO;
using System.Linq;
using McpModule.Execution;
using McpModule.States;
using McpModule.States.Formulas;
using Xunit;

namespace McpModule.Tests.States
{
    public sealed class StateRunSupportTests : IDisposable
    {
        private readonly string _model = Path.Combine(Path.GetTempPath(), "mcp-runsupport-" + Guid.NewGuid().ToString("N"));

        public StateRunSupportTests()
        {
            Directory.CreateDirectory(Path.Combine(_model, "formulas", "slow"));
            File.WriteAllText(Path.Combine(_model, "formulas", "slow", "init.yml"),
                "slow_start:\n  file.managed:\n    name: /root/a\n    contents: x\nslow_work:\n  cmd.run:\n    name: sleep 600\nslow_done:\n  file.managed:\n    name: /root/b\n    contents: y\n");
        }

        public void Dispose() => Directory.Delete(_model, true);

        private NodePlan Plan() => new StatePlanner(new FormulaLibrary(_model)).Plan(new PlanInput("ctl02.lab.local", null), new[] { "slow" });

        private const string FirstDone = "@@MCP@@ {\"i\": 0, \"result\": \"Changed\", \"changes\": \"x\", \"comment\": \"written\", \"ms\": 3}\n";

        [Fact]
        public void A_node_lost_mid_run_names_the_state_id_it_was_at_and_keeps_what_it_finished()
        {
            var lost = new McpCommandResult("ctl02.lab.local", "10.11.0.12", null, FirstDone, "", TimeSpan.FromSeconds(4),
                new McpTransportError(McpTransportErrorKind.Unreachable, "ctl02.lab.local: the connection to 10.11.0.12 was lost during the command"));
            var run = StateRunSupport.NodeRun(Plan(), lost);
            Assert.Equal(McpRunStatus.Failed, run.StatusValue);
            Assert.Equal("ctl02.lab.local: the connection to 10.11.0.12 was lost during the command — at 'slow_work', after 1 of 3 resources (last done: slow_start)", run.Error);
            Assert.Equal(new[] { "slow_start" }, run.Results.Select(r => r.StateId));
        }

        [Fact]
        public void A_stopped_node_is_interrupted_and_one_that_never_started_says_so()
        {
            var stopped = StateRunSupport.NodeRun(Plan(), new McpCommandResult("ctl02.lab.local", "10.11.0.12", null, null, null, TimeSpan.Zero,
                new McpTransportError(McpTransportErrorKind.Cancelled, "ctl02.lab.local: the run was stopped before it started")));
            Assert.Equal(McpRunStatus.Interrupted, stopped.StatusValue);
            Assert.Equal("ctl02.lab.local: the run was stopped before it started — before any resource reported", stopped.Error);
            Assert.Empty(stopped.Results);
        }
    }
}
