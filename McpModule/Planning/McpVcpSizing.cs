#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace McpModule.Planning
{
    /// What the virtual control plane must serve (instances, hypervisors), which optional parts it
    /// runs, and, optionally, the kvm hosts it runs on with what each keeps for itself.
    public sealed class McpVcpDemand
    {
        /// Instances (virtual servers) the cloud will run: 1 to 500 for the compact layout.
        public int Instances { get; set; }
        /// Hypervisor (compute) hosts; 0 when not given. At most 50 for the compact layout.
        public int Hypervisors { get; set; }
        public bool StackLight { get; set; }
        public bool DriveTrain { get; set; }
        public bool Telemetry { get; set; }
        public bool VirtualGateways { get; set; }
        public bool OpenContrail { get; set; }
        public bool Ceph { get; set; }
        /// One kvm host's threads, RAM and disk; all 0 when the capacity is not to be checked.
        public int HostCores { get; set; }
        public double HostRamGb { get; set; }
        public double HostDiskGb { get; set; }
        public int ReservedHostCores { get; set; }
        public double ReservedHostRamGb { get; set; }
        public double ReservedHostDiskGb { get; set; }
        /// vCPUs per host thread. 1: the reference sizes the kvm nodes without overcommitting the control plane.
        public double CpuAllocationRatio { get; set; } = 1.0;

        public bool HasHostCapacity => HostCores != 0 || HostRamGb != 0 || HostDiskGb != 0;
    }

    /// One kvm host of the VCP: the VMs the table puts on it and what they add up to; with a host
    /// capacity, what is left of it and which resource runs out first.
    public sealed class McpVcpHostLoad
    {
        internal McpVcpHostLoad(string host) { Host = host; }
        public string Host { get; }
        /// VMs with figures on this host.
        public int Instances { get; internal set; }
        public int Vcpu { get; internal set; }
        public int RamGb { get; internal set; }
        public int DiskGb { get; internal set; }
        /// Roles of the VMs on this host (ctl, msg ...), in table order.
        public IReadOnlyList<string> Roles => _roles;
        /// Roles with VMs on this host that the table has no figures for: the totals leave them out.
        public IReadOnlyList<string> Uncounted => _uncounted;
        /// What the host offers the VMs (after its reserve, CPU times the allocation ratio); null without a capacity.
        public double? AvailableVcpu { get; internal set; }
        public double? AvailableRamGb { get; internal set; }
        public double? AvailableDiskGb { get; internal set; }
        /// Available minus needed; negative when the host is short.
        public double? FreeVcpu => AvailableVcpu - Vcpu;
        public double? FreeRamGb => AvailableRamGb - RamGb;
        public double? FreeDiskGb => AvailableDiskGb - DiskGb;
        /// Whether every VM fits; null without a capacity.
        public bool? Fits { get; internal set; }
        /// The resource the VMs use the largest share of (CPU, RAM, Disk): the one that runs out first.
        public string? LimitingResource { get; internal set; }
        /// That share, 1.0 = full.
        public double? Utilization { get; internal set; }

        internal readonly McpList<string> _roles = new McpList<string>();
        internal readonly McpList<string> _uncounted = new McpList<string>();

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}: {1} VMs, {2} vCPU, {3} GB RAM, {4} GB disk{5}",
                Host, Instances, Vcpu, RamGb, DiskGb,
                Fits == null ? "" : Fits == true ? $", fits (limited by {LimitingResource})" : $", does not fit ({LimitingResource})");
    }

    /// The VCP of the compact layout for a demand: one row per role, one load per kvm host.
    internal sealed class McpVcpSizing
    {
        internal McpVcpSizing(McpVcpDemand demand, List<McpVcpRoleSize> roles, List<McpVcpHostLoad> hosts)
        {
            Demand = demand; Roles = roles; Hosts = hosts;
            var sized = roles.Where(r => r.HasFigures).ToList();
            Instances = sized.Sum(r => r.Instances);
            Vcpu = sized.Sum(r => r.Instances * r.VcpuPerInstance.GetValueOrDefault());   // a row with figures has all three
            RamGb = sized.Sum(r => r.Instances * r.RamGbPerInstance.GetValueOrDefault());
            DiskGb = sized.Sum(r => r.Instances * r.DiskGbPerInstance.GetValueOrDefault());
            if (demand.HasHostCapacity)
            {
                Fits = hosts.All(h => h.Fits == true);
                var worst = hosts.OrderByDescending(h => h.Utilization).First();
                LimitingResource = worst.LimitingResource;
                LimitingHost = worst.Host;
            }
        }

        public McpVcpDemand Demand { get; }
        public IReadOnlyList<McpVcpRoleSize> Roles { get; }
        public IReadOnlyList<McpVcpHostLoad> Hosts { get; }
        /// VMs with figures and their sums over all kvm hosts.
        public int Instances { get; }
        public int Vcpu { get; }
        public int RamGb { get; }
        public int DiskGb { get; }
        /// Whether every host holds its VMs; null without a capacity.
        public bool? Fits { get; }
        /// The resource and host that run out first over all kvm hosts; null without a capacity.
        public string? LimitingResource { get; }
        public string? LimitingHost { get; }
        /// Roles listed without figures (ntw, nal, cmn, rgw).
        public IReadOnlyList<McpVcpRoleSize> WithoutFigures => Roles.Where(r => !r.HasFigures).ToList();
    }

    /// A reason a demand cannot be sized, naming the parameter; BeyondCompactLayout when the cloud is
    /// too large for the compact layout rather than the input being wrong.
    internal sealed class McpVcpSizingProblem
    {
        internal McpVcpSizingProblem(string parameter, string message, bool beyond = false)
        {
            Parameter = parameter; Message = message; BeyondCompactLayout = beyond;
        }
        public string Parameter { get; }
        public string Message { get; }
        public bool BeyondCompactLayout { get; }
        public override string ToString() => Message;
    }

    /// The VCP sizing of the compact cloud (McpVcpReference): the table is one design for any cloud up
    /// to 500 instances; the reference gives no smaller figures for smaller clouds, so the count only
    /// decides whether the compact layout applies at all.
    internal static class McpVcpSizer
    {
        public static McpVcpSizing Size(McpVcpDemand demand)
        {
            var problems = Check(demand);
            if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems.Select(p => p.Message)));

            var roles = McpVcpReference.Table.Concat(McpVcpReference.WithoutFigures).Where(r => Enabled(r.ComponentValue, demand)).ToList();
            var hosts = McpVcpReference.KvmHosts.Select(h => new McpVcpHostLoad(h)).ToList();
            foreach (var role in roles)
                foreach (var name in role.Hosts)
                {
                    var host = hosts.First(h => h.Host == name);
                    if (!role.HasFigures) { host._uncounted.Add(role.Role); continue; }
                    host._roles.Add(role.Role);
                    host.Instances++;
                    host.Vcpu += role.VcpuPerInstance.GetValueOrDefault();   // a row with figures has all three
                    host.RamGb += role.RamGbPerInstance.GetValueOrDefault();
                    host.DiskGb += role.DiskGbPerInstance.GetValueOrDefault();
                }
            if (demand.HasHostCapacity)
                foreach (var host in hosts) Fit(host, demand);
            return new McpVcpSizing(demand, roles, hosts);
        }

        private static bool Enabled(McpVcpComponent c, McpVcpDemand d)
        {
            switch (c)
            {
                case McpVcpComponent.OpenStack: return true;
                case McpVcpComponent.StackLight: return d.StackLight;
                case McpVcpComponent.DriveTrain: return d.DriveTrain;
                case McpVcpComponent.Telemetry: return d.Telemetry;
                case McpVcpComponent.VirtualGateways: return d.VirtualGateways;
                case McpVcpComponent.OpenContrail: return d.OpenContrail;
                case McpVcpComponent.Ceph: return d.Ceph;
                default: throw new ArgumentOutOfRangeException(nameof(c), c, null);
            }
        }

        private static void Fit(McpVcpHostLoad host, McpVcpDemand d)
        {
            host.AvailableVcpu = (d.HostCores - d.ReservedHostCores) * d.CpuAllocationRatio;
            host.AvailableRamGb = d.HostRamGb - d.ReservedHostRamGb;
            host.AvailableDiskGb = d.HostDiskGb - d.ReservedHostDiskGb;
            // Shares of each resource; on a tie RAM names the limit first, as Get-McpComputeSizing does.
            var shares = new[]
            {
                ("RAM", host.RamGb / host.AvailableRamGb.Value),
                ("CPU", host.Vcpu / host.AvailableVcpu.Value),
                ("Disk", host.DiskGb / host.AvailableDiskGb.Value),
            };
            var max = shares.Max(s => s.Item2);
            host.LimitingResource = shares.First(s => s.Item2 == max).Item1;
            host.Utilization = Math.Round(max, 4);
            host.Fits = shares.All(s => Math.Round(s.Item2, 9) <= 1.0);
        }

        /// Every reason a demand cannot be sized, each naming the parameter at fault.
        public static IReadOnlyList<McpVcpSizingProblem> Check(McpVcpDemand d)
        {
            var problems = new List<McpVcpSizingProblem>();
            string F(double v) => v.ToString(CultureInfo.InvariantCulture);
            if (d.Instances < 1)
                problems.Add(new McpVcpSizingProblem(nameof(d.Instances), $"Instances must be at least 1 (it is {d.Instances})."));
            else if (d.Instances > McpVcpReference.MaxInstances)
                problems.Add(new McpVcpSizingProblem(nameof(d.Instances),
                    $"Instances is {d.Instances}: the compact cloud layout of the reference architecture covers up to {McpVcpReference.MaxInstances} instances " +
                    $"({McpVcpReference.MaxHypervisors} hypervisors) on 3 kvm nodes; a larger cloud needs the Cloud Provider layout (control plane services on more, dedicated kvm nodes), which this table does not size.", beyond: true));
            if (d.Hypervisors < 0)
                problems.Add(new McpVcpSizingProblem(nameof(d.Hypervisors), $"Hypervisors cannot be negative (it is {d.Hypervisors})."));
            else if (d.Hypervisors > McpVcpReference.MaxHypervisors)
                problems.Add(new McpVcpSizingProblem(nameof(d.Hypervisors),
                    $"Hypervisors is {d.Hypervisors}: the compact cloud layout of the reference architecture covers up to {McpVcpReference.MaxHypervisors} hypervisors " +
                    $"({McpVcpReference.MaxInstances} instances); a larger cloud needs the Cloud Provider layout, which this table does not size.", beyond: true));
            if (!(d.CpuAllocationRatio > 0))
                problems.Add(new McpVcpSizingProblem(nameof(d.CpuAllocationRatio), $"CpuAllocationRatio must be greater than 0 (it is {F(d.CpuAllocationRatio)})."));

            if (!d.HasHostCapacity)
            {
                foreach (var (v, name) in new[] { ((double)d.ReservedHostCores, nameof(d.ReservedHostCores)), (d.ReservedHostRamGb, nameof(d.ReservedHostRamGb)), (d.ReservedHostDiskGb, nameof(d.ReservedHostDiskGb)) })
                    if (v != 0) problems.Add(new McpVcpSizingProblem(name, $"{name} is given without a kvm host capacity: give HostCores, HostRamGb and HostDiskGb too."));
                return problems;
            }
            foreach (var (host, reserved, name, reservedName, what) in new[]
            {
                ((double)d.HostCores, (double)d.ReservedHostCores, nameof(d.HostCores), nameof(d.ReservedHostCores), "cores"),
                (d.HostRamGb, d.ReservedHostRamGb, nameof(d.HostRamGb), nameof(d.ReservedHostRamGb), "GB of RAM"),
                (d.HostDiskGb, d.ReservedHostDiskGb, nameof(d.HostDiskGb), nameof(d.ReservedHostDiskGb), "GB of disk"),
            })
            {
                if (!(host > 0))
                    problems.Add(new McpVcpSizingProblem(name, $"{name} must be greater than 0 (it is {F(host)}): a kvm host capacity needs HostCores, HostRamGb and HostDiskGb."));
                if (reserved < 0)
                    problems.Add(new McpVcpSizingProblem(reservedName, $"{reservedName} cannot be negative (it is {F(reserved)})."));
                else if (host > 0 && reserved >= host)
                    problems.Add(new McpVcpSizingProblem(reservedName, $"{reservedName} ({F(reserved)}) leaves none of the host's {F(host)} {what} for VMs."));
            }
            return problems;
        }
    }
}
