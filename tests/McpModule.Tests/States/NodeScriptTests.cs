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
            var executor = File.ReadAllText(Path.Combine(OracleRunner.RepoRoot, "McpModule", "States", "Executor", "mcp_state.py"));
            Assert.StartsWith(executor + "\nimport json\nPLAN = json.loads(", program);
            Assert.EndsWith("\nmain(PLAN)\n", program);
            // the input: the executor's deflate stream (the same for every plan), then the plan's
            // the input, as python's zlib reads it: the executor's deflate stream (the same bytes
            // for every plan), then the plan's, and nothing after
            var input = NodeScript.Input(Plan(), false);
            var other = NodeScript.Input(Plan(), true, new NodeRunInfo("r2", "ops", "ci01"));
            var parts = DeflateStreams(input);
            Assert.Equal(new[] { executor + "\n", program.Substring(executor.Length + 1) }, parts.Texts);
            Assert.Equal(0, parts.Left);
            Assert.Equal(input.Take(parts.FirstLength), other.Take(parts.FirstLength));
            Assert.NotEqual(input.Skip(parts.FirstLength), other.Skip(parts.FirstLength));
        }

        // The raw deflate streams of data, one after another, read by python3's zlib (what the
        // node reads them with): their texts, the length of the first, and the bytes left over.
        private static (string[] Texts, int FirstLength, int Left) DeflateStreams(byte[] data)
        {
            var texts = new System.Collections.Generic.List<string>();
            var offset = 0;
            var firstLength = -1;
            while (offset < data.Length)
            {
                var (text, used) = InflateFirst(data.Skip(offset).ToArray());
                texts.Add(text);
                if (firstLength < 0) firstLength = used;
                offset += used;
                if (used == 0) break;
            }
            return (texts.ToArray(), firstLength, data.Length - offset);
        }

        // python3 inflates the first raw deflate stream of data: its text and how many bytes it took.
        private static (string Text, int Used) InflateFirst(byte[] data)
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("import sys,zlib,json;b=sys.stdin.buffer.read();d=zlib.decompressobj(-15);t=d.decompress(b).decode();" +
                                   "print(json.dumps([t, len(b)-len(d.unused_data) if d.eof else 0]))");
            using (var p = Process.Start(start))
            {
                p.StandardInput.BaseStream.Write(data, 0, data.Length);
                p.StandardInput.Close();
                var output = p.StandardOutput.ReadToEnd();
                Assert.True(p.WaitForExit(60000), "python3 did not finish");
                using (var doc = JsonDocument.Parse(output))
                    return (doc.RootElement[0].GetString(), doc.RootElement[1].GetInt32());
            }
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
