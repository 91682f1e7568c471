#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using static McpModule.Ceph.CephJson;

namespace McpModule.Ceph.Osd
{
    /// Whether the pools keep their copies once some OSDs are gone: each replicated pool needs
    /// `size` failure domains of its CRUSH rule (host, rack, osd...) that still hold an OSD that
    /// is up and in. From `ceph osd tree`, `osd pool ls detail` and `osd crush rule dump` (JSON).
    internal static class CephPoolCheck
    {
        internal const string Marker = "=====mcp-ceph-pools=====";

        internal static string Command(int connectTimeout)
        {
            var t = connectTimeout.ToString(CultureInfo.InvariantCulture);
            return $"ceph --connect-timeout {t} osd tree --format json; echo {Marker}; ceph --connect-timeout {t} osd pool ls detail --format json; echo {Marker}; ceph --connect-timeout {t} osd crush rule dump --format json";
        }

        /// A sentence per pool that would lose copies without the OSDs removed, naming the pool.
        internal static List<string> Problems(string output, string source, ISet<int> removed)
        {
            var parts = output.Split(new[] { Marker }, StringSplitOptions.None);
            if (parts.Length != 3) throw new FormatException($"{source}: expected the output of ceph osd tree, pool ls detail and crush rule dump.");
            using var tree = JsonDocument.Parse(parts[0]);
            using var pools = JsonDocument.Parse(parts[1]);
            using var rules = JsonDocument.Parse(parts[2]);

            // every bucket and OSD: its type and parent
            var type = new Dictionary<int, string>();
            var parent = new Dictionary<int, int>();
            var live = new HashSet<int>();
            foreach (var n in Items(tree.RootElement, "nodes"))
            {
                var id = n.GetProperty("id").GetInt32();
                type[id] = Str(n, "type");
                foreach (var c in Items(n, "children")) parent[c.GetInt32()] = id;
                if (Str(n, "type") == "osd" && Str(n, "status") == "up" && n.TryGetProperty("reweight", out var rw) && rw.GetDouble() > 0 && !removed.Contains(id)) live.Add(id);
            }
            var domainOf = new Dictionary<int, string>();
            foreach (var r in rules.RootElement.EnumerateArray())
            {
                var domain = Items(r, "steps").Where(s => Str(s, "op").StartsWith("choose", StringComparison.Ordinal)).Select(s => Str(s, "type")).LastOrDefault();
                domainOf[r.GetProperty("rule_id").GetInt32()] = string.IsNullOrEmpty(domain) ? "osd" : domain!;
            }

            var problems = new List<string>();
            foreach (var p in pools.RootElement.EnumerateArray())
            {
                var size = p.GetProperty("size").GetInt32();
                var minSize = p.GetProperty("min_size").GetInt32();
                var erasure = p.TryGetProperty("type", out var t) && t.GetInt32() == 3;
                var domain = domainOf.TryGetValue(p.GetProperty("crush_rule").GetInt32(), out var d) ? d : "host";
                var left = live.Select(o => Ancestor(o, domain, type, parent)).Distinct().Count();
                var name = Str(p, "pool_name");
                if (left < minSize)
                    problems.Add($"pool '{name}' needs {minSize} {domain}s to stay writable (min_size {minSize}) and would have {left}");
                else if (left < size)
                    problems.Add($"pool '{name}' keeps {size} {(erasure ? "chunks" : "copies")} on separate {domain}s (size {size}) and would have {left} {domain}(s) with OSDs up and in");
            }
            return problems;
        }

        // The failure domain an OSD is in (the OSD itself for "osd").
        private static int Ancestor(int osd, string domain, Dictionary<int, string> type, Dictionary<int, int> parent)
        {
            var at = osd;
            for (var i = 0; i < 64; i++)
            {
                if (type.TryGetValue(at, out var ty) && ty == domain) return at;
                if (!parent.TryGetValue(at, out at)) break;
            }
            return osd;
        }
    }
}
