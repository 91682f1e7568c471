using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using McpModule.States.Formulas;

namespace McpModule.States
{
    /// A node's whole plan as one command (python3 reading the executor with the plan inside,
    /// compressed, from its standard input), and the executor's output read back into
    /// McpStateResult objects.
    internal static class NodeScript
    {
        /// The command line is always this; the program comes on standard input, so a plan has
        /// no size limit (a command-line argument has 128 KiB on Linux), and whatever the
        /// executor starts (apt-get, systemctl, cmd.run) finds its input at end of file, never
        /// waiting for a terminal. -S: the executor needs the standard library only, and the site
        /// module's path set-up is a third of python3's start on a node, paid by every run. The
        /// input is two raw deflate streams, the executor's then the plan's (see Input).
        public const string CommandLine =
            "exec python3 -S -c 'import sys,zlib;d=zlib.decompressobj(-15);x=d.decompress(sys.stdin.buffer.read());exec((x+zlib.decompress(d.unused_data,-15)).decode())'";

        // The protocol is shared with mcp_state.py (RESULT_MARK, END_MARK, RESULTS, RESULT_KEYS,
        // PLAN_KEYS, RESOURCE_KEYS, HANDLERS): tests/Executor/protocol.json holds both sides to it
        // (NodeScriptTests here, test_mcp_state.py there), and so does a run of Program through python3.

        /// The start of each result line: the mark, then one JSON object (i, result, changes, comment, ms).
        public const string ResultMark = "@@MCP@@ ";

        /// The executor's last line: every resource reported.
        public const string EndMark = "@@MCP-END@@";

        /// The executor's only line when another run holds the node: the mark, then the holder
        /// (id, user, host, pid, started) as one JSON object. Nothing ran.
        public const string BusyMark = "@@MCP-BUSY@@ ";

        /// A line for the operator, not a result (a lock a dead run left, taken over).
        public const string NoteMark = "@@MCP-NOTE@@ ";

        /// A line of the protocol, not of the log (anything else the executor's commands print).
        public static bool IsProtocolLine(string line)
        {
            line = (line ?? "").TrimEnd('\r');
            return line == EndMark || line.StartsWith(ResultMark, StringComparison.Ordinal) ||
                   line.StartsWith(BusyMark, StringComparison.Ordinal) || line.StartsWith(NoteMark, StringComparison.Ordinal);
        }

        /// Who holds the node, when the executor found it held ("run X of user@host, pid N, since T"); null otherwise.
        public static string Holder(string stdOut)
        {
            var line = Lines(stdOut).FirstOrDefault(l => l.StartsWith(BusyMark, StringComparison.Ordinal));
            if (line == null) return null;
            try
            {
                using (var doc = JsonDocument.Parse(line.Substring(BusyMark.Length)))
                {
                    string Field(string name) => doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "?";
                    return $"run {Field("id")} of {Field("user")}@{Field("host")} (pid {Field("pid")}, since {Field("started")})";
                }
            }
            catch (JsonException) { return "another run (its lock file does not say which)"; }
        }

        /// The executor's notes for the operator, in order.
        public static IReadOnlyList<string> Notes(string stdOut) =>
            Lines(stdOut).Where(l => l.StartsWith(NoteMark, StringComparison.Ordinal)).Select(l => l.Substring(NoteMark.Length)).ToList();

        private static IEnumerable<string> Lines(string text) => (text ?? "").Split('\n').Select(l => l.TrimEnd('\r'));

        private static readonly Lazy<string> Executor = new Lazy<string>(() =>
        {
            var assembly = typeof(NodeScript).GetTypeInfo().Assembly;
            using (var s = assembly.GetManifestResourceStream("executor/mcp_state.py"))
            using (var r = new StreamReader(s)) return r.ReadToEnd();
        });

        // The executor's 50 KB, deflated once a process instead of once a node.
        private static readonly Lazy<byte[]> ExecutorDeflated = new Lazy<byte[]>(() => Deflate(Executor.Value + "\n"));

        /// Deflates the executor now (StateRunWarmUp), not when the first node's input is made.
        public static void Prepare() => _ = ExecutorDeflated.Value;

        /// The plan as the executor reads it (JSON).
        public static string PlanJson(NodePlan plan, bool whatIf, NodeRunInfo run = null) => States.PlanJson.Of(plan, whatIf, run);

        /// The program the node runs: the executor (which runs nothing by itself), the plan, and
        /// the call of its main function.
        public static string Program(NodePlan plan, bool whatIf, NodeRunInfo run = null) => Executor.Value + "\n" + Call(plan, whatIf, run);

        private static string Call(NodePlan plan, bool whatIf, NodeRunInfo run) =>
            "import json\nPLAN = json.loads(" + States.PlanJson.Literal(PlanJson(plan, whatIf, run)) + ")\nmain(PLAN)\n";

        /// What CommandLine reads on the node: Program as two raw deflate streams, the executor
        /// (the same bytes for every node of a run) and then the plan with the call of main.
        public static byte[] Input(NodePlan plan, bool whatIf, NodeRunInfo run = null)
        {
            var executor = ExecutorDeflated.Value;
            var call = Deflate(Call(plan, whatIf, run));
            var input = new byte[executor.Length + call.Length];
            Buffer.BlockCopy(executor, 0, input, 0, executor.Length);
            Buffer.BlockCopy(call, 0, input, executor.Length, call.Length);
            return input;
        }

        private static byte[] Deflate(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            using (var buffer = new MemoryStream())
            {
                using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, true))
                    deflate.Write(bytes, 0, bytes.Length);
                return buffer.ToArray();
            }
        }

        /// The results the executor printed, in plan order; complete is false when the output
        /// stops before the executor's end mark (node lost, executor crashed).
        public static IReadOnlyList<McpStateResult> Parse(NodePlan plan, string stdOut, out bool complete)
        {
            var results = new List<McpStateResult>();
            complete = false;
            foreach (var raw in (stdOut ?? "").Split('\n'))
            {
                var line = raw.TrimEnd('\r');
                if (line == EndMark) { complete = true; continue; }
                if (!line.StartsWith(ResultMark, StringComparison.Ordinal)) continue;
                using (var doc = JsonDocument.Parse(line.Substring(ResultMark.Length)))
                {
                    var e = doc.RootElement;
                    var i = e.GetProperty("i").GetInt32();
                    if (i < 0 || i >= plan.Resources.Count) continue;
                    var r = plan.Resources[i];
                    var result = (McpResourceResult)Enum.Parse(typeof(McpResourceResult), e.GetProperty("result").GetString());
                    results.Add(new McpStateResult(plan.Node, r.StateId, r.Resource, result,
                        Text(e, "changes"), Text(e, "comment"), TimeSpan.FromMilliseconds(e.GetProperty("ms").GetInt64())));
                }
            }
            return results;
        }

        private static string Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    /// Who runs a plan on a node: the run id, the user and the controller's host.
    internal sealed class NodeRunInfo
    {
        public NodeRunInfo(string runId, string user, string host) { RunId = runId; User = user; Host = host; }
        public string RunId { get; }
        public string User { get; }
        public string Host { get; }
    }
}
