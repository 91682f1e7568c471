using System;
using McpModule.Planning;
using Xunit;

namespace McpModule.Tests.Planning
{
    public class McpComputeSizerTests
    {
        private static McpComputeDemand Demand() => new McpComputeDemand
        {
            Instances = 500, VcpuPerInstance = 2, RamGbPerInstance = 4, DiskGbPerInstance = 40,
            HostCores = 48, HostRamGb = 256, HostDiskGb = 2000,
            ReservedHostCores = 4, ReservedHostRamGb = 16, SpareHosts = 1,
        };

        [Fact]
        public void Each_resource_gets_the_hosts_it_needs_after_reserve_and_overcommit()
        {
            var s = McpComputeSizer.Size(Demand());
            Assert.Equal(2, s.NodesForCpu);    // 1000 vCPU / (44 cores * 16) = 1.42
            Assert.Equal(6, s.NodesForRam);    // 2000 GB / (240 GB * 1.5) = 5.56
            Assert.Equal(10, s.NodesForDisk);  // 20000 GB / 2000 GB = 10
        }

        [Fact]
        public void The_largest_need_sets_the_count_and_the_spares_come_on_top()
        {
            var s = McpComputeSizer.Size(Demand());
            Assert.Equal("Disk", s.LimitingResource);
            Assert.Equal(10, s.WorkingNodes);
            Assert.Equal(11, s.ComputeNodes);
            Assert.Equal(50, s.InstancesPerNode);
        }

        [Fact]
        public void Without_local_disk_RAM_limits_a_typical_cloud()
        {
            var d = Demand();
            d.DiskGbPerInstance = 0;
            var s = McpComputeSizer.Size(d);
            Assert.Equal("RAM", s.LimitingResource);
            Assert.Equal(7, s.ComputeNodes);
        }

        [Fact]
        public void An_exact_fit_needs_no_extra_host()
        {
            var d = new McpComputeDemand { Instances = 64, VcpuPerInstance = 1, RamGbPerInstance = 1, HostCores = 4, HostRamGb = 64, RamAllocationRatio = 1, SpareHosts = 0 };
            Assert.Equal(1, McpComputeSizer.Size(d).ComputeNodes);
        }

        [Fact]
        public void A_reserve_that_leaves_nothing_is_refused_naming_the_parameter()
        {
            var d = Demand();
            d.ReservedHostRamGb = 256;
            var e = Assert.Throws<ArgumentException>(() => McpComputeSizer.Size(d));
            Assert.Contains("ReservedHostRamGb", e.Message);
        }

        [Fact]
        public void An_instance_larger_than_a_host_is_refused()
        {
            var d = Demand();
            d.RamGbPerInstance = 1024;
            Assert.Contains(McpComputeSizer.Check(d), p => p.StartsWith("RamGbPerInstance", StringComparison.Ordinal));
        }

        [Fact]
        public void Zero_instances_need_only_the_spares()
        {
            var d = Demand();
            d.Instances = 0;
            Assert.Equal(1, McpComputeSizer.Size(d).ComputeNodes);
        }
    }
}
