#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using static McpModule.Ceph.CephJson;

namespace McpModule.Ceph
{
    /// The OSDs of a cluster from one round trip to a monitor node: `ceph osd tree`, `osd df`,
    /// `osd metadata` and `osd dump`, JSON each, between marker lines.
    internal static class CephOsdStatus
    {
        internal const string Marker = "=====mcp-ceph-osd-status=====";

        /// The command for the monitor node (the admin keyring there), bounded by connectTimeout.
        /// The four queries run at once on the node (each ceph CLI call is mostly its own start-up),
        /// printed in order.
        internal static string Command(int connectTimeout)
        {
            var t = connectTimeout.ToString(CultureInfo.InvariantCulture);
            var parts = new[] { "tree", "df", "metadata", "dump" };
            // (";" after the set-up: an "&&" chain ending in "&" would put $d in the background too)
            return "d=$(mktemp -d) || exit 1; trap 'rm -rf \"$d\"' EXIT; " +
                string.Join(" ", parts.Select(c => $"ceph --connect-timeout {t} osd {c} --format json > \"$d/{c}\" 2>\"$d/{c}.err\" &")) + " wait; " +
                // an empty answer is a failed query: the exit code says so, its error goes to stderr
                "rc=0; for c in " + string.Join(" ", parts) + "; do [ -s \"$d/$c\" ] || rc=1; done; " +
                string.Join($"; echo {Marker}; ", parts.Select(c => $"cat \"$d/{c}\"")) + "; echo; cat \"$d\"/*.err >&2; exit $rc";
        }

        /// The OSDs, by id. hostToNode maps a CRUSH host to its model node (empty when none).
        internal static List<McpCephOsd> Parse(string output, string source, Func<string, string> hostToNode)
        {
            var parts = output.Split(new[] { Marker }, StringSplitOptions.None);
            if (parts.Length != 4) throw new FormatException($"{source}: expected the output of ceph osd tree, df, metadata and dump; got {parts.Length} part(s): {Tail(output)}");
            using var tree = Open(parts[0], source, "ceph osd tree");
            using var df = Open(parts[1], source, "ceph osd df");
            using var metadata = Open(parts[2], source, "ceph osd metadata");
            using var dump = Open(parts[3], source, "ceph osd dump");

            var osds = new SortedDictionary<int, McpCephOsd>();
            McpCephOsd Get(int id) => osds.TryGetValue(id, out var o) ? o : osds[id] = new McpCephOsd { Id = id };

            // tree: hosts' children and each OSD's class, weight, status
            var hostOf = new Dictionary<int, string>();
            foreach (var n in Items(tree.RootElement, "nodes"))
            {
                var type = Str(n, "type");
                if (type == "host")
                    foreach (var c in Items(n, "children")) if (c.TryGetInt32(out var child)) hostOf[child] = Str(n, "name");
            }
            foreach (var n in Items(tree.RootElement, "nodes").Concat(Items(tree.RootElement, "stray")))
            {
                if (Str(n, "type") != "osd" || !Int(n, "id", out var id)) continue;
                var o = Get(id);
                o.Class = Str(n, "device_class");
                o.Weight = Dbl(n, "crush_weight");
                o.Reweight = Dbl(n, "reweight");
                o.Status = Str(n, "status");
                if (hostOf.TryGetValue(id, out var h)) o.Host = h;
            }
            foreach (var n in Items(df.RootElement, "nodes"))
            {
                if (!Int(n, "id", out var id)) continue;
                var o = Get(id);
                o.Utilization = Math.Round(Dbl(n, "utilization") / 100.0, 6);
                o.SizeBytes = (long)Dbl(n, "kb") * 1024;
                o.UsedBytes = (long)Dbl(n, "kb_used") * 1024;
                o.PGs = Int(n, "pgs", out var pgs) ? pgs : 0;
            }
            foreach (var m in metadata.RootElement.ValueKind == JsonValueKind.Array ? metadata.RootElement.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                if (!Int(m, "id", out var id)) continue;
                var o = Get(id);
                o.Device = First(Str(m, "bluestore_bdev_dev_node"), Str(m, "bluestore_bdev_partition_path"), Dev(Str(m, "devices")));
                if (Str(m, "bluefs_dedicated_db") == "1") o.DbDevice = First(Str(m, "bluefs_db_dev_node"), Str(m, "bluefs_db_partition_path"));
                if (Str(m, "bluefs_dedicated_wal") == "1") o.WalDevice = First(Str(m, "bluefs_wal_dev_node"), Str(m, "bluefs_wal_partition_path"));
                o.ObjectStore = Str(m, "osd_objectstore");
                o.Version = Str(m, "ceph_version_short");
                if (o.Host.Length == 0) o.Host = Str(m, "hostname");
            }
            foreach (var d in Items(dump.RootElement, "osds"))
            {
                if (!Int(d, "osd", out var id)) continue;
                var o = Get(id);
                o.Up = Int(d, "up", out var up) && up == 1;
                o.In = Int(d, "in", out var inn) && inn == 1;
                var states = Items(d, "state").Select(s => s.ValueKind == JsonValueKind.String ? s.GetString() : null).ToList();
                if (states.Contains("destroyed")) o.Status = "destroyed";
                else if (o.Status.Length == 0) o.Status = o.Up ? "up" : "down";
            }
            foreach (var o in osds.Values) o.Node = o.Host.Length == 0 ? "" : hostToNode(o.Host) ?? "";
            return osds.Values.ToList();
        }

        private static string Dev(string devices) => devices.Length == 0 || devices.Contains(',') ? "" : "/dev/" + devices;

        private static string First(params string[] values) => values.FirstOrDefault(v => v.Length > 0) ?? "";
    }
}
