using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule
{
    /// The words a model's rendered nodes use, as a user types them: the values of Get-McpNode's
    /// filters, the roles R@ and the sites D@ match, and pillar key paths (I@, Get-McpPillar -Key).
    /// Tab completion offers them; each list is sorted (ordinal) and has no duplicates.
    internal static class McpModelVocabulary
    {
        private static readonly string[] LayerPrefixes = { "service.", "system." };

        /// Every application of the nodes.
        public static IReadOnlyList<string> Applications(IEnumerable<McpNode> nodes) =>
            Sorted(Each(nodes).SelectMany(n => n.Applications ?? Array.Empty<string>()));

        /// Every class of the nodes, those included indirectly too.
        public static IReadOnlyList<string> Classes(IEnumerable<McpNode> nodes) =>
            Sorted(Each(nodes).SelectMany(n => n.Classes ?? Array.Empty<string>()));

        /// Every reclass environment of the nodes.
        public static IReadOnlyList<string> Environments(IEnumerable<McpNode> nodes) =>
            Sorted(Each(nodes).Select(n => n.Environment));

        /// Every site of the nodes (_param:site or _param:cluster_site).
        public static IReadOnlyList<string> Sites(IEnumerable<McpNode> nodes) =>
            Sorted(Each(nodes).Select(n => n.Site));

        /// The words R@ matches as a whole (see Targeting.RoleMatch): each application and class,
        /// a service./system. class without that first word, and every dotted prefix of these
        /// (ceph.osd gives ceph and ceph.osd).
        public static IReadOnlyList<string> Roles(IEnumerable<McpNode> nodes)
        {
            var names = new List<string>();
            foreach (var node in Each(nodes))
            {
                names.AddRange(node.Applications ?? Array.Empty<string>());
                foreach (var name in node.Classes ?? Array.Empty<string>())
                {
                    names.Add(name);
                    foreach (var prefix in LayerPrefixes)
                        if (name != null && name.StartsWith(prefix, StringComparison.Ordinal)) names.Add(name.Substring(prefix.Length));
                }
            }
            var roles = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (string.IsNullOrEmpty(name)) continue;
                for (var end = name.Length; end > 0; end = name.LastIndexOf('.', end - 1))
                {
                    roles.Add(name.Substring(0, end));
                    if (end == 0) break;
                }
            }
            return Sorted(roles);
        }

        /// The pillar key paths that continue what is typed, one level at a time, as
        /// "a:b:c" (Salt's separator): "keystone:ser" gives keystone:server of the nodes that
        /// have it, "keystone:" every key under keystone, "" every top-level key. The part
        /// after the last ':' matches the start of a key, ignoring case. Only maps are entered.
        public static IReadOnlyList<string> PillarKeys(IEnumerable<McpNode> nodes, string typed)
        {
            typed = typed ?? "";
            var cut = typed.LastIndexOf(':');
            var path = cut < 0 ? Array.Empty<string>() : typed.Substring(0, cut).Split(':');
            var partial = typed.Substring(cut + 1);
            var head = cut < 0 ? "" : typed.Substring(0, cut + 1);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in Each(nodes))
            {
                if (!(Find(node.Pillar, path) is IDictionary<string, object> map)) continue;
                foreach (var key in map.Keys)
                    if (key != null && key.StartsWith(partial, StringComparison.OrdinalIgnoreCase)) keys.Add(head + key);
            }
            return Sorted(keys);
        }

        // The map at a key path (keys compared as the pillar compares them), or null.
        private static object Find(IDictionary<string, object> pillar, string[] path)
        {
            object found = pillar;
            foreach (var part in path)
            {
                if (!(found is IDictionary<string, object> map)) return null;
                if (!map.TryGetValue(part, out found))
                {
                    var key = map.Keys.FirstOrDefault(k => string.Equals(k, part, StringComparison.OrdinalIgnoreCase));
                    if (key == null) return null;
                    found = map[key];
                }
            }
            return found;
        }

        private static IEnumerable<McpNode> Each(IEnumerable<McpNode> nodes) => (nodes ?? Enumerable.Empty<McpNode>()).Where(n => n != null);

        private static IReadOnlyList<string> Sorted(IEnumerable<string> values) =>
            values.Where(v => !string.IsNullOrEmpty(v)).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToList();
    }
}
