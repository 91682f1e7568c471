using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using McpModule.Planning;

namespace McpModule.Cmdlets
{
    /// The virtual control plane of the compact cloud (up to 500 instances): one row per VCP role with
    /// its VM size, or with -ByHost what each kvm host carries and whether it fits.
    [Cmdlet(VerbsCommon.Get, "McpVcpSizing", DefaultParameterSetName = "Role")]
    [OutputType(typeof(McpVcpRoleSize), ParameterSetName = new[] { "Role" })]
    [OutputType(typeof(McpVcpHostLoad), ParameterSetName = new[] { "Host" })]
    public sealed class GetMcpVcpSizingCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public int Instances { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public int Hypervisors { get; set; }

        [Parameter] public SwitchParameter StackLight { get; set; }
        [Parameter] public SwitchParameter DriveTrain { get; set; }
        [Parameter] public SwitchParameter Telemetry { get; set; }
        [Parameter] public SwitchParameter VirtualGateways { get; set; }
        [Parameter] public SwitchParameter OpenContrail { get; set; }
        [Parameter] public SwitchParameter Ceph { get; set; }

        [Parameter] public int HostCores { get; set; }
        [Parameter] public double HostRamGb { get; set; }
        [Parameter] public double HostDiskGb { get; set; }
        [Parameter] public int ReservedHostCores { get; set; }
        [Parameter] public double ReservedHostRamGb { get; set; }
        [Parameter] public double ReservedHostDiskGb { get; set; }
        [Parameter] public double CpuAllocationRatio { get; set; } = 1.0;

        /// Write one McpVcpHostLoad per kvm host instead of the role rows.
        [Parameter(Mandatory = true, ParameterSetName = "Host")]
        public SwitchParameter ByHost { get; set; }

        protected override void ProcessRecord()
        {
            var demand = new McpVcpDemand
            {
                Instances = Instances, Hypervisors = Hypervisors,
                StackLight = StackLight, DriveTrain = DriveTrain, Telemetry = Telemetry, VirtualGateways = VirtualGateways,
                OpenContrail = OpenContrail, Ceph = Ceph,
                HostCores = HostCores, HostRamGb = HostRamGb, HostDiskGb = HostDiskGb,
                ReservedHostCores = ReservedHostCores, ReservedHostRamGb = ReservedHostRamGb, ReservedHostDiskGb = ReservedHostDiskGb,
                CpuAllocationRatio = CpuAllocationRatio,
            };
            var problems = McpVcpSizer.Check(demand);
            if (problems.Count > 0)
            {
                foreach (var p in problems)
                    WriteError(p.BeyondCompactLayout
                        ? new ErrorRecord(new ArgumentOutOfRangeException(p.Message, (Exception)null), "Mcp.VcpSizing.BeyondCompactLayout", ErrorCategory.LimitsExceeded, demand)
                        : new ErrorRecord(new ArgumentException(p.Message), "Mcp.InvalidSizingInput", ErrorCategory.InvalidArgument, demand));
                return;
            }
            var sizing = McpVcpSizer.Size(demand);
            if (ByHost)
            {
                WriteObject(sizing.Hosts, enumerateCollection: true);
                return;
            }
            foreach (var host in sizing.Hosts.Where(h => h.Fits == false))
                WriteWarning(string.Format(CultureInfo.InvariantCulture,
                    "{0} cannot hold its {1} VMs: they need {2} vCPU, {3} GB RAM, {4} GB disk of the {5} vCPU, {6} GB RAM, {7} GB disk it offers; {8} runs out first. See -ByHost.",
                    host.Host, host.Instances, host.Vcpu, host.RamGb, host.DiskGb, host.AvailableVcpu, host.AvailableRamGb, host.AvailableDiskGb, host.LimitingResource));
            WriteObject(sizing.Roles, enumerateCollection: true);
        }
    }
}
