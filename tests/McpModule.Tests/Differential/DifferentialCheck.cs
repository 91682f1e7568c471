using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using McpModule.Model;
using McpModule.Model.Data;

namespace McpModule.Tests.Differential
{
    /// Renders one inventory with our engine and holds it against reclass's answer.
    public static class DifferentialCheck
    {
        public static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(30);

        /// Every difference between our engine and reclass for the inventory; empty when
        /// they agree. Nodes reclass renders must render identically (nodeinfo JSON);
        /// nodes reclass fails on must throw ModelException.
        public static List<string> Check(string folder, OracleFolderResult expected)
        {
            var problems = new List<string>();

            ReclassModel model;
            try
            {
                model = ReclassModel.Open(folder);
            }
            catch (Exception e)
            {
                if (expected.ErrorType != null && e is ModelException) return problems;
                problems.Add(expected.ErrorType != null
                    ? $"reclass fails the whole inventory ({expected.ErrorType}), we fail it with {Describe(e)} instead of a ModelException"
                    : $"ReclassModel.Open failed but reclass renders the inventory: {Describe(e)}");
                return problems;
            }

            IReadOnlyList<string> ourNodes;
            try
            {
                ourNodes = model.NodeNames;
            }
            catch (Exception e)
            {
                if (expected.ErrorType != null && e is ModelException) return problems;
                problems.Add($"NodeNames failed: {Describe(e)}" +
                             (expected.ErrorType != null ? $" (reclass fails the inventory with {expected.ErrorType})" : ""));
                return problems;
            }

            if (expected.ErrorType != null)
            {
                // reclass rejects the inventory as a whole (e.g. DuplicateNodeNameError):
                // we may open it, but no node may render.
                if (ourNodes.Count == 0)
                    problems.Add($"reclass fails the whole inventory with {expected.ErrorType}: {FirstLines(expected.ErrorMessage)}; " +
                                 "we open it without error (and find no nodes)");
                foreach (var node in ourNodes)
                {
                    var (info, error) = RenderNode(model, node);
                    if (error is ModelException) continue;
                    problems.Add(error == null
                        ? $"node {node}: reclass fails the whole inventory with {expected.ErrorType}: {FirstLines(expected.ErrorMessage)}; we render the node"
                        : $"node {node}: reclass fails the whole inventory with {expected.ErrorType}; we throw {Describe(error)} instead of a ModelException");
                }
                return problems;
            }

            var theirs = expected.Nodes.Keys.ToList();
            var missing = theirs.Except(ourNodes, StringComparer.Ordinal).ToList();
            var extra = ourNodes.Except(theirs, StringComparer.Ordinal).ToList();
            if (missing.Count > 0 || extra.Count > 0)
                problems.Add($"node names differ: reclass [{string.Join(", ", theirs)}], ours [{string.Join(", ", ourNodes)}]" +
                             (missing.Count > 0 ? $"; missing in ours: {string.Join(", ", missing)}" : "") +
                             (extra.Count > 0 ? $"; extra in ours: {string.Join(", ", extra)}" : ""));

            foreach (var pair in expected.Nodes)
            {
                var node = pair.Key;
                var want = pair.Value;
                if (!ourNodes.Contains(node, StringComparer.Ordinal)) continue;
                var (info, error) = RenderNode(model, node);
                if (want.Ok)
                {
                    if (error != null)
                    {
                        problems.Add($"node {node}: reclass renders it, we throw {Describe(error)}");
                        continue;
                    }
                    JsonValue ours;
                    try
                    {
                        ours = JsonLite.Parse(ModelJson.Serialize(info));
                    }
                    catch (Exception e)
                    {
                        problems.Add($"node {node}: ModelJson.Serialize(ToNodeInfo()) is not valid JSON: {Describe(e)}");
                        continue;
                    }
                    var diff = JsonTreeComparer.Compare(want.NodeInfo, ours);
                    if (diff != null) problems.Add($"node {node}: nodeinfo differs {diff}");
                }
                else
                {
                    if (error == null)
                        problems.Add($"node {node}: reclass fails with {want.ErrorType}: {FirstLines(want.ErrorMessage)}\n      we render it: " +
                                     $"{Summarize(info)}");
                    else if (!(error is ModelException))
                        problems.Add($"node {node}: reclass fails with {want.ErrorType}; we throw {Describe(error)} instead of a ModelException");
                }
            }
            return problems;
        }

        private static (OrderedMap info, Exception error) RenderNode(ReclassModel model, string node)
        {
            var task = Task.Run(() => model.Render(node).ToNodeInfo());
            try
            {
                if (!task.Wait(RenderTimeout))
                    return (null, new TimeoutException($"Render('{node}') did not finish within {RenderTimeout.TotalSeconds:0}s"));
                return (task.Result, null);
            }
            catch (AggregateException e)
            {
                return (null, e.InnerException ?? e);
            }
        }

        private static string Summarize(OrderedMap info)
        {
            try
            {
                var p = info != null && info.TryGetValue("parameters", out var v) ? v : null;
                var json = ModelJson.Serialize(p);
                return json.Length > 400 ? json.Substring(0, 400) + "…" : json;
            }
            catch (Exception e)
            {
                return "<cannot serialize: " + e.Message + ">";
            }
        }

        internal static string Describe(Exception e)
        {
            var kind = e is ModelException me ? $"[{me.Kind}] " : "";
            var text = $"{e.GetType().Name}: {kind}{FirstLines(e.Message)}";
            if (!(e is ModelException) && e.StackTrace != null)
                text += "\n" + string.Join("\n", e.StackTrace.Split('\n').Take(6));
            return text;
        }

        internal static string FirstLines(string s, int lines = 4)
        {
            if (s == null) return "";
            var parts = s.Replace("\r", "").Split('\n');
            var text = string.Join(" | ", parts.Take(lines).Select(p => p.Trim()));
            return parts.Length > lines ? text + " | …" : text;
        }
    }
}
