#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Ceph.DriveGroups
{
    /// The devices of one host an OSD spec selects, by role (cephadm's DriveSelection result).
    internal sealed class HostDriveSelection
    {
        public HostDriveSelection(string node, IReadOnlyList<McpCephDevice> data, IReadOnlyList<McpCephDevice> wal, IReadOnlyList<McpCephDevice> db)
        {
            Node = node; Data = data; Wal = wal; Db = db;
        }
        public string Node { get; }
        public IReadOnlyList<McpCephDevice> Data { get; }
        public IReadOnlyList<McpCephDevice> Wal { get; }
        public IReadOnlyList<McpCephDevice> Db { get; }
        public bool IsEmpty => Data.Count == 0 && Wal.Count == 0 && Db.Count == 0;
    }

    /// cephadm's device selection (src/python-common/ceph/deployment/drive_selection/selector.py),
    /// ported: per host, the roles in the order data, wal, db; each role walks the host's devices
    /// sorted by path and
    ///   - skips a device that is not available, unless it holds an OSD (ceph_device) of no other
    ///     spec (its LVs' osdspec_affinity): cephadm keeps those, so the spec describes its OSDs;
    ///   - stops at the role's `limit` (devices that hold an OSD do not count, the host's existing
    ///     OSDs of the spec do);
    ///   - takes the device when its filters match (all of them, or any with filter_logic OR);
    /// a device one role took is out of reach of the later roles. A role given by `paths` takes
    /// exactly those paths: no filter, availability or limit, and nothing taken from the others.
    internal static class DriveSelector
    {
        /// One host's selection. <paramref name="existingDaemons"/> is the number of OSDs of this
        /// spec the host runs already (cephadm counts them towards each role's limit).
        internal static HostDriveSelection SelectHost(OsdSpec spec, string node, IEnumerable<McpCephDevice> devices, int existingDaemons = 0)
        {
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            if (devices == null) throw new ArgumentNullException(nameof(devices));
            // cephadm's Devices sorts the inventory by path; a path given twice counts once
            var pool = devices.Where(d => d != null && !string.IsNullOrEmpty(d.Path))
                .GroupBy(d => d.Path, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(d => d.Path, StringComparer.Ordinal).ToList();
            var all = pool.ToList();
            var data = Assign(spec, "data_devices", spec.DataDevices, pool, all, node, existingDaemons);
            var wal = Assign(spec, "wal_devices", spec.WalDevices, pool, all, node, existingDaemons);
            var db = Assign(spec, "db_devices", spec.DbDevices, pool, all, node, existingDaemons);
            return new HostDriveSelection(node, data, wal, db);
        }

        private static List<McpCephDevice> Assign(OsdSpec spec, string role, DeviceFilter? filter, List<McpCephDevice> pool,
            List<McpCephDevice> all, string node, int existingDaemons)
        {
            var taken = new List<McpCephDevice>();
            if (filter == null) return taken;
            if (filter.Paths.Count > 0)
                return filter.Paths.Select(p => all.FirstOrDefault(d => d.Path == p.Path) ?? new McpCephDevice { Node = node, Path = p.Path }).ToList();

            var matchers = filter.Matchers().ToList();
            foreach (var disk in pool)
            {
                if (!disk.Available && !disk.CephDevice) continue;
                if (!disk.Available && disk.CephDevice && disk.OsdSpecAffinity.Any(a => a != spec.ServiceId)) continue;
                if (filter.Limit > 0 && taken.Count(d => !d.CephDevice) + existingDaemons >= filter.Limit) break;
                if (taken.Contains(disk)) continue;
                bool match;
                try { match = spec.FilterLogic == "OR" ? matchers.Any(m => m(disk)) : matchers.All(m => m(disk)); }
                catch (FormatException e)
                {
                    throw new OsdSpecException(spec.Source, role + ".size", $"cannot compare {disk.Path} of {node}: {e.Message} (cephadm fails so too)");
                }
                if (match) taken.Add(disk);
            }
            foreach (var d in taken) pool.Remove(d);
            return taken.OrderBy(d => d.Path, StringComparer.Ordinal).ToList();
        }

        /// The selection across hosts: the devices grouped by node (in the order the nodes come),
        /// the nodes the spec's placement matches (its target expression against node names), and
        /// each node's selection as McpCephDeviceSelection objects, data then wal then db.
        /// <paramref name="nodeOf"/> gives the model node of a name (for pillar and role matchers in
        /// the host pattern); by default a node known by its name only.
        internal static List<McpCephDeviceSelection> Select(OsdSpec spec, IEnumerable<McpCephDevice> devices, Func<string, McpNode>? nodeOf = null)
        {
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            if (devices == null) throw new ArgumentNullException(nameof(devices));
            nodeOf ??= name => new McpNode(name);
            var result = new List<McpCephDeviceSelection>();
            foreach (var host in devices.Where(d => d != null).GroupBy(d => d.Node, StringComparer.OrdinalIgnoreCase))
            {
                if (!spec.Places(nodeOf(host.Key))) continue;
                var list = host.ToList();
                var selection = SelectHost(spec, host.Key, list, ExistingDaemons(spec, list));
                Add(result, spec, selection.Data, "Data", spec.DataDevices);
                Add(result, spec, selection.Wal, "Wal", spec.WalDevices);
                Add(result, spec, selection.Db, "Db", spec.DbDevices);
            }
            return result;
        }

        /// What cephadm reads from its daemon cache (the spec's OSDs on the host), offline: the host's
        /// devices that hold an OSD made for this spec.
        internal static int ExistingDaemons(OsdSpec spec, IEnumerable<McpCephDevice> devices) =>
            spec.ServiceId.Length == 0 ? 0 : devices.Count(d => d.CephDevice && d.OsdSpecAffinity.Contains(spec.ServiceId));

        private static void Add(List<McpCephDeviceSelection> result, OsdSpec spec, IReadOnlyList<McpCephDevice> devices, string role, DeviceFilter? filter)
        {
            foreach (var d in devices)
            {
                var byPath = filter != null && filter.Paths.Count > 0;
                var crush = byPath ? filter!.Paths.First(p => p.Path == d.Path).CrushDeviceClass : null;
                result.Add(new McpCephDeviceSelection
                {
                    Node = d.Node,
                    Path = d.Path,
                    Role = role,
                    Size = d.Size,
                    Rotational = d.Rotational,
                    Model = d.Model,
                    Spec = spec.DisplayName,
                    InUse = d.CephDevice,
                    ByPath = byPath,
                    CrushDeviceClass = crush ?? spec.CrushDeviceClass ?? "",
                    Device = d,
                });
            }
        }
    }
}
