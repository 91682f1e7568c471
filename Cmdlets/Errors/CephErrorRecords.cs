using System;
using System.Management.Automation;
using McpModule.Ceph.DriveGroups;

namespace McpModule.Cmdlets
{
    /// The error records of the Ceph cmdlets, with stable ErrorIds.
    internal static class CephErrorRecords
    {
        /// An OSD spec that cannot be read or used: the message names the key at fault.
        public static ErrorRecord InvalidSpec(OsdSpecException e, object target) =>
            new ErrorRecord(e, "Mcp.Ceph.InvalidOsdSpec", ErrorCategory.InvalidData, target);

        /// A spec that selects no device of those given (Add-McpCephOsd refuses such a spec).
        public static ErrorRecord SelectsNothing(OsdSpec spec, int devices, int nodes, int placed) =>
            new ErrorRecord(new ItemNotFoundException(
                $"The OSD spec '{spec.DisplayName}' ({spec.Source}) selects no device: of {devices} devices on {nodes} nodes, " +
                (placed == 0 ? "its placement matches no node." : $"its placement matches {placed} node{(placed == 1 ? "" : "s")} and no available device there passes its filters.")),
                "Mcp.Ceph.SpecSelectsNothing", ErrorCategory.ObjectNotFound, spec);

        /// An inventory file that cannot be read or is not ceph-volume's JSON.
        public static ErrorRecord InvalidInventory(Exception e, string file) =>
            new ErrorRecord(e, e is System.IO.FileNotFoundException || e is System.IO.DirectoryNotFoundException ? "Mcp.Ceph.InventoryNotFound" : "Mcp.Ceph.InvalidInventory",
                e is FormatException ? ErrorCategory.InvalidData : ErrorCategory.ReadError, file);
    }
}
