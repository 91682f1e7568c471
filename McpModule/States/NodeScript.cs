using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using McpModule.Execution;
using McpModule.States.Formulas;

namespace McpModule.States
{
    /// A node's whole plan as one command (the python3 executor with the plan inside, compressed),
    /// and the executor's output read back into McpStateResult objects.
    public static class NodeScript
    {
        /// What one command line may carry (Linux: 128 KiB per argument).
        public const int MaxCommandLength = 120 * 1024;
        private static readonly Lazy<string> Executor = new Lazy<string>(() =>
        {
            var assembly = typeof(NodeScript).GetTypeInfo().Assembly;
            using (var s = assembly.GetManifestResourceStream("executor/mcp_state.py"))
            using (var r = new StreamReader(s)) return r.ReadToEnd();
        });

        /// The plan as the executor reads it (JSON).
        public static string PlanJson(NodePlan plan, bool whatIf)
        {
            var resources = plan.Resources.Select(r => new Dictionary<string, object>
            {
                ["i"] = r.Index, ["id"] = r.StateId, ["type"] = r.Type, ["fn"] = r.Function.Substring(r.Type.Length + 1),
                ["name"] = r.Name, ["args"] = r.Arguments, ["require"] = r.Require, ["watch"] = r.Watch, ["onchanges"] = r.OnChanges,
            }).ToList();
            return JsonSerializer.Serialize(new Dictionary<string, object> { ["whatif"] = whatIf, ["resources"] = resources });
        }

        /// The command that runs the plan on the node: one python3 process, nothing left behind.
        public static string Command(NodePlan plan, bool whatIf)
        {
            var program = "import json\nPLAN = json.loads(" + JsonSerializer.Serialize(PlanJson(plan, whatIf)) + ")\n" + Executor.Value;
            string payload;
            using (var buffer = new MemoryStream())
            {
                using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, true))
                {
                    var bytes = Encoding.UTF8.GetBytes(program);
                    deflate.Write(bytes, 0, bytes.Length);
                }
                payload = Convert.ToBase64String(buffer.ToArray());
            }
            var command = "exec python3 -c " + ShellQuote.Quote("import base64,zlib;exec(zlib.decompress(base64.b64decode('" + payload + "'),-15).decode())");
            if (command.Length > MaxCommandLength)
                throw new FormulaException("Mcp.State.PlanTooLarge",
                    $"the plan of {plan.Node} is {command.Length} bytes compressed, more than one command may carry ({MaxCommandLength}); split the states over runs.");
            return command;
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
                if (line == "@@MCP-END@@") { complete = true; continue; }
                if (!line.StartsWith("@@MCP@@ ", StringComparison.Ordinal)) continue;
                using (var doc = JsonDocument.Parse(line.Substring(8)))
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
}
