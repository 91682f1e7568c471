#nullable enable
namespace McpModule.Ceph
{
    /// One block device of a node as ceph-volume sees it (`ceph-volume inventory`): whether it
    /// can become an OSD and, when not, ceph-volume's own reasons. Get-McpCephDevice returns
    /// these; Select-McpCephDevice and Add-McpCephOsd take them from the pipeline.
    public sealed class McpCephDevice
    {
        /// The model's node name (cmn01.ceph.local); empty when read from a file without a host.
        public string Node { get; set; } = "";
        /// The device path on the node (/dev/sdb).
        public string Path { get; set; } = "";
        /// Bytes.
        public long Size { get; set; }
        public bool Rotational { get; set; }
        public string Model { get; set; } = "";
        public string Vendor { get; set; } = "";
        /// The kernel's device type: disk, loop, mpath, part.
        public string Type { get; set; } = "";
        public bool ReadOnly { get; set; }
        public bool Removable { get; set; }
        /// ceph-volume's verdict: true when nothing rejects it.
        public bool Available { get; set; }
        /// ceph-volume's reasons, as it words them ("Has partitions", "Insufficient space (<5GB)").
        public McpList<string> RejectedReasons { get; set; } = new McpList<string>();
        /// The OSD the device holds (from `ceph-volume lvm list`/`raw list`), null when none.
        public int? OsdId { get; set; }
        /// ceph-volume's stable id (vendor_model_serial), empty when the kernel gives none.
        public string DeviceId { get; set; } = "";
        /// ceph-volume's `ceph_device`: the device already holds a Ceph OSD (its LVs or a bluestore label).
        public bool CephDevice { get; set; }
        /// The OSD specs (service_id) the device's LVs were made for (their `osdspec_affinity`,
        /// the non-empty ones, each once). Device selection skips a used device of another spec.
        public McpList<string> OsdSpecAffinity { get; set; } = new McpList<string>();

        /// The model repository the node is in (for Add-McpCephOsd from the pipeline); empty when read from a file.
        public string ModelPath { get; set; } = "";

        /// "10.0 GiB", for tables.
        public string SizeText => CephSize.Format(Size);

        /// A copy that names another node (the piped device stays as it is).
        internal McpCephDevice WithNode(string node)
        {
            var copy = (McpCephDevice)MemberwiseClone();
            copy.Node = node;
            return copy;
        }

        public override string ToString() => string.IsNullOrEmpty(Node) ? Path : Node + ":" + Path;
    }
}
