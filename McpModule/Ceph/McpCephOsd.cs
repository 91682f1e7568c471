#nullable enable

namespace McpModule.Ceph
{
    /// One OSD as the monitors see it (`ceph osd tree`, `osd df`, `osd metadata`, `osd dump`):
    /// Get-McpCephOsd and Add-McpCephOsd return these; Remove-McpCephOsd takes them.
    public sealed class McpCephOsd
    {
        public int Id { get; set; }
        /// osd.4
        public string Name => "osd." + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        /// The CRUSH host (the node's short name).
        public string Host { get; set; } = "";
        /// The model node of that host (cmn01.ceph.local); empty when the model has none.
        public string Node { get; set; } = "";
        /// The data device on its host (/dev/sdb), from the OSD's metadata.
        public string Device { get; set; } = "";
        /// The dedicated DB device, empty when the DB shares the data device.
        public string DbDevice { get; set; } = "";
        /// The dedicated WAL device, empty when none.
        public string WalDevice { get; set; } = "";
        /// The CRUSH device class (hdd, ssd, nvme).
        public string Class { get; set; } = "";
        /// The CRUSH weight (TiB by Ceph's convention).
        public double Weight { get; set; }
        public double Reweight { get; set; }
        public bool Up { get; set; }
        public bool In { get; set; }
        /// up, down or destroyed (a replaced disk's id kept for the new one).
        public string Status { get; set; } = "";
        /// Used space as a fraction (0.85 is 85 %).
        public double Utilization { get; set; }
        public long SizeBytes { get; set; }
        public long UsedBytes { get; set; }
        /// Placement groups on the OSD.
        public int PGs { get; set; }
        /// bluestore, filestore.
        public string ObjectStore { get; set; } = "";
        public string Version { get; set; } = "";
        /// The model repository it was read with (for Remove-McpCephOsd from the pipeline).
        public string ModelPath { get; set; } = "";

        public override string ToString() => Name;
    }
}
