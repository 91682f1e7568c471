using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Model.Values;

namespace McpModule.Lab
{
    /// What a lab needs of a node's pillar that production does not, as a layer merged over the
    /// rendered pillar for a run on the lab's nodes; the model on disk is never changed. The same
    /// few things for every model: the lab connects as root with its own key (sshd must keep root
    /// login), systemd-nspawn nodes cannot set the clock, and nodes reach no APT mirror but the
    /// lab's repository. A model adds its own under mcp:lab:pillar (merged last, in labs only).
    internal static class LabOverlay
    {
        /// Where a model keeps what its nodes need in a lab beyond the built-in overrides.
        public static readonly string[] ModelKey = { "mcp", "lab", "pillar" };

        /// The overlay for one node of the lab: only keys whose parent the node's pillar has (a
        /// node without openssh gets no openssh key), then the model's mcp:lab:pillar.
        public static OrderedMap For(OrderedMap pillar, McpLabInfo lab)
        {
            var overlay = new OrderedMap();
            if (PillarKey.Get(pillar, "openssh", "server") is OrderedMap)
                Set(overlay, true, "openssh", "server", "permit_root_login");
            if (PillarKey.Get(pillar, "ntp", "client") is OrderedMap)
                Set(overlay, false, "ntp", "client", "control_clock");
            if (PillarKey.Get(pillar, "linux", "system") is OrderedMap)
            {
                if (PillarKey.Get(pillar, "linux", "system", "repo") is OrderedMap repos)
                    foreach (var name in repos.Keys.ToList())
                        if (name != "mcplab") Set(overlay, false, "linux", "system", "repo", name, "enabled");
                if (lab?.Repository?.Url is string url)
                    Set(overlay, $"deb [trusted=yes] {url.TrimEnd('/')}/ ./", "linux", "system", "repo", "mcplab", "source");
            }
            if (PillarKey.Get(pillar, ModelKey) is OrderedMap own) Merge(overlay, own);
            return overlay;
        }

        /// The nodes as a run sees them: each node of a running lab of its cluster with the lab's
        /// overlay over its pillar; the others as they are. overrides: "node: a:b:c = value" for
        /// each value the overlays set, for the run's record.
        public static List<(McpNode Node, T Item)> ForRun<T>(IEnumerable<(McpNode Node, T Item)> nodes, out List<string> overrides)
        {
            var labs = new Dictionary<string, McpLabInfo>(StringComparer.OrdinalIgnoreCase);
            var result = new List<(McpNode, T)>();
            overrides = new List<string>();
            foreach (var (node, item) in nodes)
            {
                var lab = LabOf(node, labs);
                if (lab == null) { result.Add((node, item)); continue; }
                var overlay = For(node.Pillar, lab);
                result.Add((node.WithPillar(Apply(node.Pillar, overlay)), item));
                overrides.AddRange(Describe(overlay).Select(line => node.Name + ": " + line));
            }
            return result;
        }

        /// The running lab that has the node, or null (labs: read once per cluster).
        public static McpLabInfo LabOf(McpNode node, Dictionary<string, McpLabInfo> labs = null)
        {
            labs = labs ?? new Dictionary<string, McpLabInfo>(StringComparer.OrdinalIgnoreCase);
            var cluster = node.Cluster ?? "";
            if (!labs.TryGetValue(cluster, out var lab)) labs[cluster] = lab = LabRegistry.TryGet(cluster, out var found) ? found : null;
            return lab?.FindNode(node.Name) != null ? lab : null;
        }

        /// The running lab started from the model at modelPath that has the node, or null.
        public static McpLabInfo LabOfModel(string modelPath, string node) =>
            LabRegistry.GetAll().FirstOrDefault(l => SamePath(l.ModelPath, modelPath) && l.FindNode(node) != null);

        private static bool SamePath(string a, string b) =>
            a != null && b != null && string.Equals(System.IO.Path.GetFullPath(a).TrimEnd('/', '\\'), System.IO.Path.GetFullPath(b).TrimEnd('/', '\\'),
                System.IO.Path.DirectorySeparatorChar == '/' ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

        /// A copy of the pillar with the overlay merged over it: maps key by key, anything else
        /// (a value, a list) replaced. The pillar given is left as it was.
        public static OrderedMap Apply(OrderedMap pillar, OrderedMap overlay)
        {
            var copy = (OrderedMap)DeepCopy.Of(pillar);
            Merge(copy, overlay);
            return copy;
        }

        /// The overlay's values as "a:b:c = value" lines, for the run journal and -Verbose.
        public static List<string> Describe(OrderedMap overlay)
        {
            var lines = new List<string>();
            void Walk(OrderedMap map, string prefix)
            {
                foreach (var pair in map)
                {
                    var key = prefix.Length == 0 ? pair.Key : prefix + ":" + pair.Key;
                    if (pair.Value is OrderedMap inner && inner.Count > 0) Walk(inner, key);
                    else lines.Add(key + " = " + Text(pair.Value));
                }
            }
            Walk(overlay, "");
            return lines;
        }

        private static string Text(object value) =>
            value is bool b ? (b ? "true" : "false") : value is IList<object> list ? "[" + string.Join(", ", list.Select(Text)) + "]" : value?.ToString() ?? "null";

        private static void Set(OrderedMap root, object value, params string[] path)
        {
            var map = root;
            for (var i = 0; i < path.Length - 1; i++)
            {
                if (!(map.TryGetValue(path[i], out var next) && next is OrderedMap inner))
                {
                    inner = new OrderedMap();
                    map[path[i]] = inner;
                }
                map = inner;
            }
            map[path[path.Length - 1]] = value;
        }

        private static void Merge(OrderedMap target, OrderedMap layer)
        {
            foreach (var pair in layer)
            {
                if (pair.Value is OrderedMap inner && target.TryGetValue(pair.Key, out var had) && had is OrderedMap existing)
                    Merge(existing, inner);
                else target[pair.Key] = DeepCopy.Of(pair.Value);
            }
        }
    }
}
