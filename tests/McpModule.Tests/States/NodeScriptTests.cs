using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using McpModule.States;
using McpModule.States.Formulas;
using McpModule.Tests.Differential;
using Xunit;

namespace McpModule.Tests.States
{
    /// The controller's side of the protocol with the node executor: tests/Executor/protocol.json
    /// (test_mcp_state.py holds the executor to the same file), and the whole program run by the
    /// machine's python3 as a node runs it, without SSH.
    public sealed class NodeScriptTests : IDisposable
    {
        private readonly string _model = Path.Combine(Path.GetTempPath(), "mcp-nodescript-" + Guid.NewGuid().ToString("N"));
        private readonly string _node;

        public NodeScriptTests()
        {
            _node = Path.Combine(_model, "node");
            Directory.CreateDirectory(Path.Combine(_model, "formulas", "probe"));
            Directory.CreateDirectory(_node);
            File.WriteAllText(Path.Combine(_model, "formulas", "probe", "init.yml"),
                "probe_file:\n  file.managed:\n    name: " + _node + "/written\n    contents: \"probe\\n\"\n" +
                "probe_fails:\n  cmd.run:\n    name: echo broken >&2; exit 3\n    require: [probe_file]\n" +
                "probe_after:\n  cmd.run:\n    name: touch " + _node + "/after\n    require: [probe_fails]\n");
        }

        public void Dispose() => Directory.Delete(_model, true);

        private static JsonElement Golden
        {
            get
            {
                using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(OracleRunner.RepoRoot, "tests", "Executor", "protocol.json"))))
                    return doc.RootElement.Clone();
            }
        }

        private static string[] GoldenList(string name) => Golden.GetProperty(name).EnumerateArray().Select(e => e.GetString()).ToArray();

        private NodePlan Plan() => new StatePlanner(new FormulaLibrary(_model)).Plan(new PlanInput("cmp001.lab.local", null), new[] { "probe" });

        [Fact]
        public void The_marks_are_the_protocols()
        {
            string resultMark = NodeScript.ResultMark, endMark = NodeScript.EndMark;   // the executor's side: test_mcp_state.py
            Assert.Equal(Golden.GetProperty("resultMark").GetString(), resultMark);
            Assert.Equal(Golden.GetProperty("endMark").GetString(), endMark);
            string busyMark = NodeScript.BusyMark, noteMark = NodeScript.NoteMark;
            Assert.Equal(Golden.GetProperty("busyMark").GetString(), busyMark);
            Assert.Equal(Golden.GetProperty("noteMark").GetString(), noteMark);
        }

        [Fact]
        public void The_result_names_are_the_protocols()
        {
            Assert.Equal(GoldenList("results"), Enum.GetNames<McpResourceResult>());
        }

        [Fact]
        public void The_planner_knows_the_functions_the_executor_applies()
        {
            Assert.Equal(GoldenList("functions"), ResourceTypes.Names.ToArray());
        }

        [Fact]
        public void The_plan_sent_has_the_protocols_keys_and_no_others()
        {
            using (var doc = JsonDocument.Parse(NodeScript.PlanJson(Plan(), true, new NodeRunInfo("r1", "ops", "ci01"))))
            {
                Assert.Equal(GoldenList("planKeys"), doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
                Assert.Equal(GoldenList("runKeys"), doc.RootElement.GetProperty("run").EnumerateObject().Select(p => p.Name).ToArray());
                Assert.Equal("r1", doc.RootElement.GetProperty("run").GetProperty("id").GetString());
                var resources = doc.RootElement.GetProperty("resources").EnumerateArray().ToList();
                Assert.Equal(3, resources.Count);
                foreach (var r in resources)
                    Assert.Equal(GoldenList("resourceKeys"), r.EnumerateObject().Select(p => p.Name).ToArray());
                Assert.True(doc.RootElement.GetProperty("whatif").GetBoolean());
            }
        }

        [Fact]
        public void A_result_line_of_the_protocols_keys_is_read_whole_and_the_end_mark_completes_the_output()
        {
            var keys = GoldenList("resultKeys");
            Assert.Equal(new[] { "i", "result", "changes", "comment", "ms" }, keys);
            var line = Golden.GetProperty("resultMark").GetString() + "{\"" + keys[0] + "\": 1, \"" + keys[1] + "\": \"Failed\", \"" + keys[2] +
                       "\": \"c\", \"" + keys[3] + "\": \"why\", \"" + keys[4] + "\": 1500}";
            var results = NodeScript.Parse(Plan(), "log line\n" + line + "\n", out var complete);
            Assert.False(complete);
            var r = Assert.Single(results);
            Assert.Equal(("probe_fails", McpResourceResult.Failed, "c", "why", TimeSpan.FromMilliseconds(1500)), (r.StateId, r.ResultValue, r.Changes, r.Comment, r.Elapsed));
            NodeScript.Parse(Plan(), line + "\r\n" + Golden.GetProperty("endMark").GetString() + "\r\n", out complete);
            Assert.True(complete);
        }

        [Fact]
        public void Only_the_protocols_lines_are_kept_out_of_the_node_log()
        {
            Assert.True(NodeScript.IsProtocolLine(NodeScript.ResultMark + "{}"));
            Assert.True(NodeScript.IsProtocolLine(NodeScript.EndMark + "\r"));
            Assert.False(NodeScript.IsProtocolLine("@@MCP@@"));
            Assert.False(NodeScript.IsProtocolLine("Reading package lists..."));
        }

        [Fact]
        public void The_program_is_the_plan_the_executor_and_the_call_of_main()
        {
            var program = NodeScript.Program(Plan(), false);
            Assert.StartsWith("import json\nPLAN = json.loads(", program);
            Assert.EndsWith("\nmain(PLAN)\n", program);
            var executor = File.ReadAllText(Path.Combine(OracleRunner.RepoRoot, "McpModule", "States", "Executor", "mcp_state.py"));
            Assert.Contains(executor, program);
            using (var inflate = new DeflateStream(new MemoryStream(NodeScript.Input(Plan(), false)), CompressionMode.Decompress))
            using (var reader = new StreamReader(inflate, Encoding.UTF8))
                Assert.Equal(program, reader.ReadToEnd());
        }

        [Fact]
        public async System.Threading.Tasks.Task The_command_line_runs_the_input_with_python3_and_its_output_parses_into_results()
        {
            // The node's side without SSH: /bin/sh runs CommandLine with Input on standard input.
            var plan = Plan();
            var start = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(NodeScript.CommandLine);
            string stdout, stderr;
            using (var p = Process.Start(start))
            {
                var input = NodeScript.Input(plan, false);
                p.StandardInput.BaseStream.Write(input, 0, input.Length);
                p.StandardInput.Close();
                var err = p.StandardError.ReadToEndAsync();
                stdout = await p.StandardOutput.ReadToEndAsync();
                stderr = await err;
                Assert.True(p.WaitForExit(60000), "python3 did not finish");
                Assert.True(p.ExitCode == 0, "exit code " + p.ExitCode + ": " + stderr);
            }
            var results = NodeScript.Parse(plan, stdout, out var complete);
            Assert.True(complete, stdout + stderr);
            Assert.Equal(new[] { "probe_file", "probe_fails", "probe_after" }, results.Select(r => r.StateId));
            Assert.Equal(new[] { McpResourceResult.Changed, McpResourceResult.Failed, McpResourceResult.Skipped }, results.Select(r => r.ResultValue));
            Assert.Equal("exited with 3: broken", results[1].Comment);
            Assert.Equal("requisite failed: probe_fails", results[2].Comment);
            Assert.Equal("probe\n", File.ReadAllText(Path.Combine(_node, "written")));
            Assert.False(File.Exists(Path.Combine(_node, "after")));
            Assert.Equal(new[] { "written" }, Directory.GetFileSystemEntries(_node).Select(Path.GetFileName));
        }

        [Fact]
        public void A_node_another_run_holds_fails_naming_the_holder_and_nothing_of_it_is_a_result()
        {
            var stdout = NodeScript.BusyMark + "{\"id\": \"20261203T1\", \"user\": \"ops\", \"host\": \"ci01\", \"pid\": 77, \"started\": \"2026-12-03T12:00:00Z\"}\n";
            Assert.Equal("run 20261203T1 of ops@ci01 (pid 77, since 2026-12-03T12:00:00Z)", NodeScript.Holder(stdout));
            var run = StateRunSupport.NodeRun(Plan(), new McpModule.Execution.McpCommandResult("web01", "web01", 0, stdout, "", TimeSpan.Zero, null));
            Assert.Equal(McpRunStatus.Failed, run.StatusValue);
            Assert.Empty(run.Results);
            Assert.Contains("held by run 20261203T1 of ops@ci01", run.Error);
            Assert.Null(NodeScript.Holder("@@MCP-END@@\n"));
        }

        [Fact]
        public void A_note_goes_into_the_log_and_is_no_result()
        {
            var stdout = NodeScript.NoteMark + "the run x ended without letting go\n" + NodeScript.EndMark + "\n";
            Assert.Equal(new[] { "the run x ended without letting go" }, NodeScript.Notes(stdout));
            var run = StateRunSupport.NodeRun(Plan(), new McpModule.Execution.McpCommandResult("web01", "web01", 0, stdout, "", TimeSpan.Zero, null));
            Assert.Equal("note: the run x ended without letting go", run.Log);
        }
    }
}
