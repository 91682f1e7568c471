#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Ceph.DriveGroups;
using McpModule.Model;

namespace McpModule.Ceph.Osd
{
    /// The devices a node's own OSD spec (ceph:osd:spec, cephadm's drive group) selects from its
    /// fresh inventory, as requests: each data device with a DB/WAL device of the spec's, shared in
    /// turn (ceph-volume lvm batch shares them the same way).
    internal static class CephOsdSpecRequests
    {
        internal const string PillarKey = "ceph:osd:spec";

        internal static List<CephOsdRequest> For(McpNode node, IReadOnlyList<McpCephDevice> devices, List<CephOsdProblem> problems, out bool encrypted)
        {
            encrypted = false;
            var requests = new List<CephOsdRequest>();
            if (!Model.Data.PillarKey.TrySelect(node.Pillar, PillarKey, out var value, out _) || value == null)
            {
                problems.Add(new CephOsdProblem("Mcp.Ceph.NoSpec", node.Name, "", $"{node.Name}: give -Device, or an OSD spec under {PillarKey} in the model (docs/ceph.md)"));
                return requests;
            }
            IReadOnlyList<OsdSpec> specs;
            try { specs = OsdSpecReader.Parse(value, $"{node.Name} {PillarKey}"); }
            catch (OsdSpecException e)
            {
                problems.Add(new CephOsdProblem("Mcp.Ceph.InvalidOsdSpec", node.Name, "", e.Message));
                return requests;
            }
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var spec in specs.Where(s => s.Places(node)))
            {
                var selection = DriveSelector.SelectHost(spec, node.Name, devices.Where(d => !taken.Contains(d.Path)), DriveSelector.ExistingDaemons(spec, devices));
                var data = selection.Data.Where(d => d.OsdId == null && !d.CephDevice).ToList();
                for (var i = 0; i < data.Count; i++)
                    requests.Add(new CephOsdRequest(node, data[i].Path,
                        selection.Db.Count == 0 ? null : selection.Db[i % selection.Db.Count].Path,
                        selection.Wal.Count == 0 ? null : selection.Wal[i % selection.Wal.Count].Path));
                foreach (var d in selection.Data.Concat(selection.Db).Concat(selection.Wal)) taken.Add(d.Path);
                encrypted |= spec.Encrypted && data.Count > 0;
            }
            if (requests.Count == 0)
                problems.Add(new CephOsdProblem("Mcp.Ceph.SpecSelectsNothing", node.Name, "",
                    $"{node.Name}: the OSD spec under {PillarKey} selects no device that is free to become an OSD (ceph-volume sees {(devices.Count == 0 ? "none" : string.Join(", ", devices.Select(d => d.Path + (d.Available ? "" : " (not available)"))))})"));
            return requests;
        }
    }
}
