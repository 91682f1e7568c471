using System;
using System.Management.Automation;
using McpModule.Planning;

namespace McpModule.Cmdlets
{
    /// How many compute nodes a cloud needs, and which resource limits it.
    [Cmdlet(VerbsCommon.Get, "McpComputeSizing")]
    [OutputType(typeof(McpComputeSizing))]
    public sealed class GetMcpComputeSizingCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, int.MaxValue)]
        public int Instances { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public double VcpuPerInstance { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public double RamGbPerInstance { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public double DiskGbPerInstance { get; set; }

        [Parameter(Mandatory = true)]
        public int HostCores { get; set; }

        [Parameter(Mandatory = true)]
        public double HostRamGb { get; set; }

        [Parameter]
        public double HostDiskGb { get; set; }

        [Parameter]
        public double CpuAllocationRatio { get; set; } = 16.0;

        [Parameter]
        public double RamAllocationRatio { get; set; } = 1.5;

        [Parameter]
        public double DiskAllocationRatio { get; set; } = 1.0;

        [Parameter]
        public int ReservedHostCores { get; set; }

        [Parameter]
        public double ReservedHostRamGb { get; set; }

        [Parameter]
        public double ReservedHostDiskGb { get; set; }

        [Parameter]
        [ValidateRange(0, 1000)]
        public int SpareHosts { get; set; } = 1;

        protected override void ProcessRecord()
        {
            var demand = new McpComputeDemand
            {
                Instances = Instances, VcpuPerInstance = VcpuPerInstance, RamGbPerInstance = RamGbPerInstance,
                DiskGbPerInstance = DiskGbPerInstance, HostCores = HostCores, HostRamGb = HostRamGb, HostDiskGb = HostDiskGb,
                CpuAllocationRatio = CpuAllocationRatio, RamAllocationRatio = RamAllocationRatio, DiskAllocationRatio = DiskAllocationRatio,
                ReservedHostCores = ReservedHostCores, ReservedHostRamGb = ReservedHostRamGb, ReservedHostDiskGb = ReservedHostDiskGb,
                SpareHosts = SpareHosts,
            };
            var problems = McpComputeSizer.Check(demand);
            if (problems.Count > 0)
            {
                foreach (var p in problems)
                    WriteError(new ErrorRecord(new ArgumentException(p), "Mcp.InvalidSizingInput", ErrorCategory.InvalidArgument, demand));
                return;
            }
            WriteObject(McpComputeSizer.Size(demand));
        }
    }
}
