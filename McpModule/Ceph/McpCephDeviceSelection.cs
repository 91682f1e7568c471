#nullable enable
namespace McpModule.Ceph
{
    /// One device an OSD spec selects on a node, and the role it takes there: Data (the OSD's
    /// block device), Wal or Db (shared by the node's OSDs). Select-McpCephDevice returns these;
    /// Add-McpCephOsd deploys them.
    public sealed class McpCephDeviceSelection
    {
        public string Node { get; set; } = "";
        public string Path { get; set; } = "";
        /// Data, Wal or Db.
        public string Role { get; set; } = "";
        /// Bytes (0 for a device given by path that the node's inventory does not list).
        public long Size { get; set; }
        public bool Rotational { get; set; }
        public string Model { get; set; } = "";
        /// The spec's name (service_id), "&lt;unnamed&gt;" when it has none.
        public string Spec { get; set; } = "";
        /// The device holds an OSD already (ceph-volume's ceph_device): cephadm keeps such a device
        /// of the same spec in the selection, and ceph-volume leaves it as it is.
        public bool InUse { get; set; }
        /// Given by path in the spec (`paths`): no filter, availability or limit applied.
        public bool ByPath { get; set; }
        /// The crush device class a `paths` entry or the spec gives, else empty.
        public string CrushDeviceClass { get; set; } = "";
        /// The device as the inventory gives it.
        public McpCephDevice Device { get; set; } = new McpCephDevice();

        /// "10.0 GiB", for tables.
        public string SizeText => CephSize.Format(Size);

        public override string ToString() => $"{Node}:{Path} ({Role})";
    }
}
