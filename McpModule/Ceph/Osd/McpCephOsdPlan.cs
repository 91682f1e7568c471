#nullable enable

namespace McpModule.Ceph.Osd
{
    /// One OSD Add-McpCephOsd is to make: which device of which node, with which DB/WAL device,
    /// how, and the id it takes over (a destroyed OSD of that host, as cephadm reuses them).
    /// -WhatIf shows these; the run journal records each as a step.
    internal sealed class McpCephOsdPlan
    {
        public string Node { get; set; } = "";
        public string Device { get; set; } = "";
        public string DbDevice { get; set; } = "";
        public string WalDevice { get; set; } = "";
        /// Lvm or Raw.
        public string Mode { get; set; } = "";
        public bool Encrypted { get; set; }
        /// The destroyed OSD id this device takes over; null for a new id.
        public int? ReuseId { get; set; }
        /// How many OSDs of the node share its DB device (Lvm: ceph-volume lvm batch --block-db-slots).
        internal int DbSlots { get; set; } = 1;
        /// The state id of its step in the run (ceph_osd_loop0).
        public string StateId { get; set; } = "";

        public override string ToString() =>
            $"{Device} → {(ReuseId is int id ? "osd." + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + " again" : "a new OSD")} ({Mode.ToLowerInvariant()}" +
            (DbDevice.Length > 0 ? ", DB " + DbDevice : "") + (WalDevice.Length > 0 ? ", WAL " + WalDevice : "") + (Encrypted ? ", encrypted" : "") + ")";
    }
}
