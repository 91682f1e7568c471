#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Model;
using McpModule.Model.Yaml;

namespace McpModule.Ceph.Osd
{
    /// The model side of OSDs: the node's disks under ceph:osd:backend:bluestore:disks
    /// (salt-formula-ceph's shape), in the run's pillar and in the node's file.
    internal static class CephOsdModel
    {
        internal static readonly string[] DisksPath = { "ceph", "osd", "backend", "bluestore", "disks" };

        /// The node with a pillar whose disks are these plans alone (so the run makes exactly
        /// them) and whose mode is the plans' mode.
        internal static McpNode ForRun(McpNode node, IReadOnlyList<McpCephOsdPlan> plans)
        {
            var pillar = node.Pillar.ShallowCopy();
            var ceph = Level(pillar, "ceph");
            var osd = Level(ceph, "osd");
            osd["mode"] = plans.Count > 0 ? plans[0].Mode.ToLowerInvariant() : "lvm";
            if (!osd.ContainsKey("enabled")) osd["enabled"] = true;
            var bluestore = Level(Level(osd, "backend"), "bluestore");
            bluestore["disks"] = plans.Select(p => (object)Disk(p, forRun: true)).ToList();
            return node.WithPillar(pillar);
        }

        // A copy of the map at key (new when missing or not a map), put back in place.
        private static OrderedMap Level(OrderedMap parent, string key)
        {
            var copy = parent.TryGetValue(key, out var v) && v is OrderedMap m ? m.ShallowCopy() : new OrderedMap();
            parent[key] = copy;
            return copy;
        }

        private static OrderedMap Disk(McpCephOsdPlan p, bool forRun)
        {
            var d = new OrderedMap { ["dev"] = p.Device };
            if (p.DbDevice.Length > 0) d["db"] = p.DbDevice;
            if (p.WalDevice.Length > 0) d["wal"] = p.WalDevice;
            if (p.Encrypted) d["dmcrypt"] = true;
            if (forRun && p.ReuseId is int id) d["osd_id"] = (long)id;
            if (forRun && p.DbSlots > 1) d["db_slots"] = (long)p.DbSlots;
            return d;
        }

        /// The node file's new text with the devices added (nothing else changes).
        internal static string AddToFile(string text, string file, IReadOnlyList<McpCephOsdPlan> plans) =>
            YamlListAppend.Append(text, file, new[] { "parameters" }.Concat(DisksPath).ToList(),
                plans.Select(p => (IReadOnlyList<KeyValuePair<string, object>>)Disk(p, forRun: false).Select(kv => new KeyValuePair<string, object>(kv.Key, kv.Value!)).ToList()).ToList());

        /// The devices the node's pillar lists already.
        internal static IReadOnlyList<string> Listed(McpNode node) =>
            PillarKey.TrySelect(node.Pillar, string.Join(":", DisksPath), out var v, out _) && v is List<object> l
                ? l.OfType<OrderedMap>().Select(m => m.TryGetValue("dev", out var d) ? d as string : null).Where(d => d != null).Select(d => d!).ToList()
                : (IReadOnlyList<string>)Array.Empty<string>();
    }
}
