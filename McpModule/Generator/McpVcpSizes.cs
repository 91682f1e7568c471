using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Planning;
using static McpModule.Generator.McpPillar;

namespace McpModule.Generator
{
    /// The salt:control sizes of a designed cluster's VCP VMs, in salt-formula-salt's shape
    /// (salt:control:size:&lt;name&gt;: cpu, ram in MB, disk_profile, net_profile) with a virt:disk
    /// profile per size for its system disk. The figures are the compact-cloud table of the
    /// reference architecture (McpVcpReference); a size the table has no figure for gets no
    /// definition at all rather than an invented one, and is reported (WithoutFigures).
    internal static class McpVcpSizes
    {
        /// Size name → the VMs that use it, in the order the VMs come in the design.
        private static List<KeyValuePair<string, List<string>>> Used(McpClusterDesign design)
        {
            var used = new List<KeyValuePair<string, List<string>>>();
            foreach (var vm in design.Nodes.Where(n => n.Virtual))
            {
                var size = vm.RoleList[0].VmSize;
                var entry = used.FindIndex(u => u.Key == size);
                if (entry < 0) used.Add(new KeyValuePair<string, List<string>>(size, new List<string> { vm.Name }));
                else used[entry].Value.Add(vm.Name);
            }
            return used;
        }

        /// The sizes the design's VMs use that the reference table has no figures for, with their VMs.
        public static IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> WithoutFigures(McpClusterDesign design) =>
            Used(design).Where(u => McpVcpReference.Find(u.Key) == null)
                .Select(u => new KeyValuePair<string, IReadOnlyList<string>>(u.Key, u.Value)).ToList();

        /// salt:control:size for the sized VMs: size name → {cpu, ram (MB), disk_profile, net_profile}.
        internal static OrderedMap SaltControlSizes(McpClusterDesign design)
        {
            var sizes = new OrderedMap();
            foreach (var row in Sized(design))
                sizes[row.SizeName] = M("cpu", (long)row.VcpuPerInstance.Value, "ram", (long)row.RamGbPerInstance.Value * 1024L,
                                        "disk_profile", row.SizeName, "net_profile", "default");
            return sizes;
        }

        /// virt:disk profiles, one per sized VM size (named after it): the system disk in MB.
        internal static OrderedMap DiskProfiles(McpClusterDesign design)
        {
            var disks = new OrderedMap();
            foreach (var row in Sized(design))
                disks[row.SizeName] = L(M("system", M("size", (long)row.DiskGbPerInstance.Value * 1024L)));
            return disks;
        }

        private static IEnumerable<McpVcpRoleSize> Sized(McpClusterDesign design) =>
            Used(design).Select(u => McpVcpReference.Find(u.Key)).Where(r => r != null);
    }
}
