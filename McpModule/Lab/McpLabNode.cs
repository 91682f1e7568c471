using System;
using McpModule.Model.Data;

namespace McpModule.Lab
{
    public enum McpLabNodeState { Running, Starting, Stopped }

    /// A node of a running lab as cmdlets return it.
    public sealed class McpLabNode
    {
        public string Cluster { get; internal set; }
        public string Name { get; internal set; }
        public string FullName { get; internal set; }
        public string Address { get; internal set; }
        /// Running, Starting or Stopped: an McpLabNodeState by name, so that it exports as one.
        public string State { get; internal set; }
        /// The node's init (systemd) as a host PID; 0 when stopped.
        public int Pid { get; internal set; }
        /// Memory in use by the node's cgroup (less inactive file cache), MB.
        public double? MemoryMB { get; internal set; }
        /// The node's disks (Start-McpLab -DiskCount): loop devices, the same path on the node.
        public McpList<string> Disks { get; internal set; } = new McpList<string>();
        public override string ToString() => Name;
    }

    /// Disks every node started gets (Start-McpLab -DiskCount, -DiskSize).
    internal sealed class LabDiskRequest
    {
        public static readonly LabDiskRequest None = new LabDiskRequest(0, 0);
        public LabDiskRequest(int count, long size)
        {
            if (count < 0 || count > LabDisks.MaxCount) throw new ArgumentOutOfRangeException(nameof(count), $"A lab node has 0 to {LabDisks.MaxCount} disks.");
            if (count > 0 && (size < LabDisks.MinSize || size > LabDisks.MaxSize)) throw new ArgumentOutOfRangeException(nameof(size), "A lab disk is 1 GiB to 1 TiB (sparse).");
            Count = count; Size = size;
        }
        public int Count { get; }
        public long Size { get; }
    }

    /// A model node to start in a lab: names and rendered parameters.
    internal sealed class McpLabNodeRequest
    {
        public McpLabNodeRequest(string name, string fullName, OrderedMap parameters)
        {
            Name = name; FullName = fullName; Parameters = parameters;
        }
        public string Name { get; }
        public string FullName { get; }
        public OrderedMap Parameters { get; }
    }
}
