using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Model;

namespace McpModule.Generator
{
    /// A problem the generated model would have, with the context keys behind it.
    internal sealed class McpModelCheckProblem
    {
        public McpModelCheckProblem(string message, IReadOnlyList<string> contextKeys, bool fromPlan)
        {
            Message = message; ContextKeys = contextKeys; FromPlan = fromPlan;
        }
        public string Message { get; }
        /// A network plan check (the model renders; Test-McpModel would report it), not a render error.
        public bool FromPlan { get; }
        /// The context keys whose values the problem names (empty when it names none).
        public IReadOnlyList<string> ContextKeys { get; }
        public override string ToString() =>
            ContextKeys.Count == 0 ? Message : $"{Message} (context: {string.Join(", ", ContextKeys)})";
    }

    /// Renders a generated model before it is written: in a folder of its own under the temp
    /// folder, every node with the engine, then the network plan's checks — what Test-McpModel
    /// would find in it. New-McpCluster writes nothing when this finds a problem.
    internal static class McpModelCheck
    {
        public static IReadOnlyList<McpModelCheckProblem> Check(McpGeneratedModel model, McpClusterDesign design)
        {
            var context = design.Spec.ContextValues;
            var problems = new List<McpModelCheckProblem>();
            var dir = Path.Combine(Path.GetTempPath(), "mcp-check-" + Guid.NewGuid().ToString("N"));
            try
            {
                foreach (var file in model.Files)
                {
                    var path = Path.Combine(dir, file.Key.Replace('/', Path.DirectorySeparatorChar));
                    Directory.CreateDirectory(Path.GetDirectoryName(path));
                    File.WriteAllText(path, file.Value);
                }
                IReadOnlyList<ModelException> errors;
                try { errors = ReclassModel.Open(dir).Validate(); }
                catch (ModelException e) { errors = new[] { e }; }
                foreach (var e in errors)
                {
                    // the files are the model's: say where they would be, not where they were checked
                    var message = e.Message.Replace(dir + Path.DirectorySeparatorChar, "").Replace(dir, ".");
                    problems.Add(new McpModelCheckProblem(message, KeysIn(message, context), false));
                }
            }
            finally
            {
                try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            foreach (var p in design.Plan.Check())
                problems.Add(new McpModelCheckProblem(p.Message, KeysIn(p.Message, context), true));
            return problems;
        }

        // The keys whose values the message names (an address, a subnet, a host name); values of
        // fewer than three characters ('2', 'True') would match anything.
        private static IReadOnlyList<string> KeysIn(string message, IDictionary<string, string> context) =>
            context.Where(kv => kv.Value != null && kv.Value.Length >= 3 && Names(message, kv.Value))
                   .Select(kv => kv.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();

        // The value as a whole word of the message: 10.167.4 is not named by 10.167.4.11.
        private static bool Names(string message, string value) =>
            System.Text.RegularExpressions.Regex.IsMatch(message, @"(?<![\w.])" + System.Text.RegularExpressions.Regex.Escape(value) + @"(?!\w|\.\w)");
    }
}
