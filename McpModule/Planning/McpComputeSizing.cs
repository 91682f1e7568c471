#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;

namespace McpModule.Planning
{
    /// What a cloud needs to hold: how many instances of what size, on hosts of what size,
    /// with which overcommit and reserve. Nova's defaults for the allocation ratios.
    public sealed class McpComputeDemand
    {
        public int Instances { get; set; }
        public double VcpuPerInstance { get; set; }
        public double RamGbPerInstance { get; set; }
        public double DiskGbPerInstance { get; set; }
        public double CpuAllocationRatio { get; set; } = 16.0;
        public double RamAllocationRatio { get; set; } = 1.5;
        public double DiskAllocationRatio { get; set; } = 1.0;
        public int HostCores { get; set; }
        public double HostRamGb { get; set; }
        public double HostDiskGb { get; set; }
        public int ReservedHostCores { get; set; }
        public double ReservedHostRamGb { get; set; }
        public double ReservedHostDiskGb { get; set; }
        /// Hosts kept spare so the cloud still holds every instance after this many fail (N+1 = 1).
        public int SpareHosts { get; set; } = 1;

        /// "500 instances of 2 vCPU, 4 GB RAM, 0 GB disk on hosts of 48 cores, 256 GB RAM, 0 GB disk".
        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} instances of {1} vCPU, {2} GB RAM, {3} GB disk on hosts of {4} cores, {5} GB RAM, {6} GB disk",
                Instances, VcpuPerInstance, RamGbPerInstance, DiskGbPerInstance, HostCores, HostRamGb, HostDiskGb);
    }

    /// How many compute nodes a demand needs, and which resource sets that number.
    public sealed class McpComputeSizing
    {
        internal McpComputeSizing(McpComputeDemand demand, int byCpu, int byRam, int byDisk)
        {
            Demand = demand;
            NodesForCpu = byCpu;
            NodesForRam = byRam;
            NodesForDisk = byDisk;
            var needed = Math.Max(byCpu, Math.Max(byRam, byDisk));
            LimitingResource = needed == byRam ? "RAM" : needed == byCpu ? "CPU" : "Disk";
            WorkingNodes = needed;
            ComputeNodes = needed + demand.SpareHosts;
            InstancesPerNode = needed == 0 ? 0 : (int)Math.Ceiling(demand.Instances / (double)needed);
        }

        public McpComputeDemand Demand { get; }
        public int ComputeNodes { get; }
        public int WorkingNodes { get; }
        public int SpareNodes => Demand.SpareHosts;
        public string LimitingResource { get; }
        public int NodesForCpu { get; }
        public int NodesForRam { get; }
        public int NodesForDisk { get; }
        public int InstancesPerNode { get; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} compute nodes ({1} + {2} spare), limited by {3}",
                ComputeNodes, WorkingNodes, SpareNodes, LimitingResource);
    }

    /// The compute-node count of the MCP sizing sheet: per resource, what one host offers
    /// after its reserve and overcommit, against what the instances ask for; the largest
    /// count wins, then the spares are added.
    internal static class McpComputeSizer
    {
        public static McpComputeSizing Size(McpComputeDemand demand)
        {
            var problems = Check(demand);
            if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems));
            var byCpu = Hosts(demand.Instances * demand.VcpuPerInstance, (demand.HostCores - demand.ReservedHostCores) * demand.CpuAllocationRatio);
            var byRam = Hosts(demand.Instances * demand.RamGbPerInstance, (demand.HostRamGb - demand.ReservedHostRamGb) * demand.RamAllocationRatio);
            var byDisk = demand.DiskGbPerInstance <= 0 ? 0
                : Hosts(demand.Instances * demand.DiskGbPerInstance, (demand.HostDiskGb - demand.ReservedHostDiskGb) * demand.DiskAllocationRatio);
            return new McpComputeSizing(demand, byCpu, byRam, byDisk);
        }

        /// Every reason a demand cannot be sized, each naming the parameter at fault.
        public static IReadOnlyList<string> Check(McpComputeDemand d)
        {
            var problems = new List<string>();
            void Positive(double value, string name) { if (!(value > 0)) problems.Add($"{name} must be greater than 0 (it is {value.ToString(CultureInfo.InvariantCulture)})."); }
            void NotNegative(double value, string name) { if (value < 0) problems.Add($"{name} cannot be negative (it is {value.ToString(CultureInfo.InvariantCulture)})."); }
            NotNegative(d.Instances, nameof(d.Instances));
            Positive(d.VcpuPerInstance, nameof(d.VcpuPerInstance));
            Positive(d.RamGbPerInstance, nameof(d.RamGbPerInstance));
            NotNegative(d.DiskGbPerInstance, nameof(d.DiskGbPerInstance));
            Positive(d.CpuAllocationRatio, nameof(d.CpuAllocationRatio));
            Positive(d.RamAllocationRatio, nameof(d.RamAllocationRatio));
            Positive(d.DiskAllocationRatio, nameof(d.DiskAllocationRatio));
            Positive(d.HostCores, nameof(d.HostCores));
            Positive(d.HostRamGb, nameof(d.HostRamGb));
            if (d.DiskGbPerInstance > 0) Positive(d.HostDiskGb, nameof(d.HostDiskGb));
            NotNegative(d.ReservedHostCores, nameof(d.ReservedHostCores));
            NotNegative(d.ReservedHostRamGb, nameof(d.ReservedHostRamGb));
            NotNegative(d.ReservedHostDiskGb, nameof(d.ReservedHostDiskGb));
            NotNegative(d.SpareHosts, nameof(d.SpareHosts));
            if (d.HostCores > 0 && d.ReservedHostCores >= d.HostCores)
                problems.Add($"ReservedHostCores ({d.ReservedHostCores}) leaves no cores of the {d.HostCores} for instances.");
            if (d.HostRamGb > 0 && d.ReservedHostRamGb >= d.HostRamGb)
                problems.Add($"ReservedHostRamGb ({d.ReservedHostRamGb.ToString(CultureInfo.InvariantCulture)}) leaves no RAM of the {d.HostRamGb.ToString(CultureInfo.InvariantCulture)} GB for instances.");
            if (d.DiskGbPerInstance > 0 && d.HostDiskGb > 0 && d.ReservedHostDiskGb >= d.HostDiskGb)
                problems.Add($"ReservedHostDiskGb ({d.ReservedHostDiskGb.ToString(CultureInfo.InvariantCulture)}) leaves no disk of the {d.HostDiskGb.ToString(CultureInfo.InvariantCulture)} GB for instances.");
            // One instance must fit on one host, whatever the overcommit.
            if (d.HostRamGb > d.ReservedHostRamGb && d.RamGbPerInstance > (d.HostRamGb - d.ReservedHostRamGb) * d.RamAllocationRatio)
                problems.Add($"RamGbPerInstance ({d.RamGbPerInstance.ToString(CultureInfo.InvariantCulture)}) is more than one host can give an instance.");
            return problems;
        }

        private static int Hosts(double demand, double perHost) =>
            demand <= 0 ? 0 : (int)Math.Ceiling(Math.Round(demand / perHost, 9));
    }
}
