#nullable enable
using System.Collections.Generic;
using System.Linq;
using McpModule.Targeting;

namespace McpModule.Ceph.DriveGroups
{
    /// An OSD spec: cephadm's DriveGroupSpec (src/python-common/ceph/deployment/drive_group.py),
    /// read from a pillar (`ceph:osd`), a YAML or JSON file, or a hashtable by OsdSpecReader.
    /// Which hosts it places OSDs on (`placement.host_pattern`, a target expression such as
    /// `osd*` or `L@osd01,osd02`, or `placement.hosts`), which devices take which role on each
    /// (`data_devices`, `wal_devices`, `db_devices`) and how the OSDs are made.
    public sealed class OsdSpec
    {
        internal OsdSpec() { }

        /// The spec's name (service_id); empty when it has none (cephadm's "&lt;unnamed&gt;").
        public string ServiceId { get; internal set; } = "";
        /// Where it was read from: a file, a pillar key.
        public string Source { get; internal set; } = "";
        /// The target expression of `placement.host_pattern`; null when the spec names no pattern.
        public string? HostPattern { get; internal set; }
        /// `placement.hosts`: node names (full or short).
        public IReadOnlyList<string> Hosts { get; internal set; } = new List<string>();
        internal McpTarget? Target { get; set; }

        public DeviceFilter DataDevices { get; internal set; } = new DeviceFilter();
        public DeviceFilter? DbDevices { get; internal set; }
        public DeviceFilter? WalDevices { get; internal set; }

        /// AND (every filter of a role matches a device) or OR (any does).
        public string FilterLogic { get; internal set; } = "AND";
        public bool Encrypted { get; internal set; }
        public int? OsdsPerDevice { get; internal set; }
        public string Objectstore { get; internal set; } = "bluestore";
        public int? DbSlots { get; internal set; }
        public int? WalSlots { get; internal set; }
        /// As written (bytes, or a size such as 500M), for `ceph-volume lvm batch --block-db-size`.
        public string? BlockDbSize { get; internal set; }
        public string? BlockWalSize { get; internal set; }
        public string? CrushDeviceClass { get; internal set; }
        /// lvm or raw; null for ceph-volume's default (lvm).
        public string? Method { get; internal set; }
        public bool Unmanaged { get; internal set; }
        /// The other cephadm keys the spec gave (osd_id_claims, data_allocate_fraction, config,
        /// extra_container_args, ...), as read; device selection does not use them.
        public IReadOnlyDictionary<string, object?> Options { get; internal set; } = new Dictionary<string, object?>();

        /// The name shown for the spec in output and messages.
        public string DisplayName => ServiceId.Length > 0 ? ServiceId : "<unnamed>";

        /// Whether the spec places OSDs on a node: its host pattern or host list matches the node's
        /// full or short name (a spec without placement places on every node it is given).
        internal bool Places(McpNode node)
        {
            if (Target != null) return Target.IsMatch(node);
            if (Hosts.Count > 0)
                return Hosts.Any(h => string.Equals(h, node.Name, System.StringComparison.OrdinalIgnoreCase)
                    || string.Equals(h, node.ShortName, System.StringComparison.OrdinalIgnoreCase));
            return true;
        }

        public override string ToString() => "osd." + DisplayName;
    }
}
