using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace McpModule.Lab
{
    /// A lab node's disks: sparse files in the node's folder, attached as loop devices on the
    /// host and bound into the node (systemd-nspawn --bind), so that ceph-volume on the node sees
    /// real block devices. The kernel here has no device-mapper (docs/lab.md), so they serve
    /// raw-mode OSDs; a disk is the node's own, no other node sees it.
    internal static class LabDisks
    {
        internal const int MaxCount = 8;
        internal const long MinSize = 1L << 30;
        internal const long MaxSize = 1L << 40;

        private static string Folder(McpLabNodeInfo node) => Path.Combine(node.Directory, "disks");

        /// Makes and attaches the node's disks (count of size bytes each, sparse): their loop
        /// devices are recorded on the node. Partition scanning is on, so a partition table the
        /// node writes shows as partitions, as on a real disk.
        internal static void Attach(McpLabNodeInfo node, int count, long size)
        {
            if (count <= 0) return;
            Directory.CreateDirectory(Folder(node));
            for (var k = 1; k <= count; k++)
            {
                var file = Path.Combine(Folder(node), "disk" + k.ToString(CultureInfo.InvariantCulture) + ".img");
                using (var f = new FileStream(file, FileMode.Create, FileAccess.Write)) f.SetLength(size);
                var device = LabHost.Check("losetup", "--find", "--show", "--partscan", file).Trim();
                if (!device.StartsWith("/dev/loop", StringComparison.Ordinal))
                    throw new LabException($"Node '{node.Name}': losetup gave '{device}' for {file}, not a loop device.", node.Name);
                node.Disks.Add(device);
            }
        }

        /// nspawn's --bind arguments for the supervisor: "-" when none.
        internal static string BindArgument(McpLabNodeInfo node) => node.Disks.Count == 0 ? "-" : string.Join(",", node.Disks);

        /// Detaches every loop device backed by one of the node's disk files (found by file, so a
        /// device attached but not recorded when a start was killed goes too), only for files under
        /// the node's own folder; the files go with the folder.
        internal static void Detach(McpLabNodeInfo node, string nodeDirectory)
        {
            var folder = Path.Combine(nodeDirectory, "disks");
            if (!Directory.Exists(folder)) return;
            foreach (var file in Directory.GetFiles(folder, "disk*.img"))
            {
                var attached = LabHost.Run("losetup", "--noheadings", "--output", "NAME", "--associated", file);
                foreach (var device in attached.StdOut.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(d => d.Trim()))
                    if (device.StartsWith("/dev/loop", StringComparison.Ordinal)) LabHost.Run("losetup", "--detach", device);
            }
            node.Disks.Clear();
        }
    }
}
