using System;
using System.Linq;
using McpModule.Planning;
using Xunit;

namespace McpModule.Tests.Planning
{
    public class McpVcpSizerTests
    {
        private static McpVcpDemand Full(int instances = 500) => new McpVcpDemand
        {
            Instances = instances, StackLight = true, DriveTrain = true, Telemetry = true, VirtualGateways = true,
        };

        private static McpVcpDemand WithHost(McpVcpDemand d, int cores, double ram, double disk)
        {
            d.HostCores = cores; d.HostRamGb = ram; d.HostDiskGb = disk;
            return d;
        }

        [Fact]
        public void Every_component_gives_the_thirty_instances_of_the_compact_reference_table()
        {
            var s = McpVcpSizer.Size(Full());
            Assert.Equal(30, s.Instances);
            Assert.Equal(new[] { "ctl", "msg", "dbs", "prx", "cfg", "mon", "mtr", "log", "cid", "gtw", "mdb" }, s.Roles.Select(r => r.Role));
            var ctl = s.Roles.Single(r => r.Role == "ctl");
            Assert.Equal(("openstack.control", 3, 8, 32, 100), (ctl.SizeName, ctl.Instances, ctl.VcpuPerInstance.Value, ctl.RamGbPerInstance.Value, ctl.DiskGbPerInstance.Value));
            var log = s.Roles.Single(r => r.Role == "log");
            Assert.Equal(("stacklight.log", 4, 32, 2000), (log.SizeName, log.VcpuPerInstance.Value, log.RamGbPerInstance.Value, log.DiskGbPerInstance.Value));
            Assert.Equal(new[] { "kvm02", "kvm03" }, s.Roles.Single(r => r.Role == "prx").Hosts);
            Assert.Equal(new[] { "kvm01" }, s.Roles.Single(r => r.Role == "cfg").Hosts);
            Assert.All(s.Roles, r => Assert.Null(r.Note));
        }

        [Fact]
        public void Each_kvm_host_sums_the_vms_the_table_puts_on_it()
        {
            var s = McpVcpSizer.Size(Full());
            var kvm01 = s.Hosts.Single(h => h.Host == "kvm01");
            var kvm02 = s.Hosts.Single(h => h.Host == "kvm02");
            Assert.Equal((10, 54, 224, 4150), (kvm01.Instances, kvm01.Vcpu, kvm01.RamGb, kvm01.DiskGb));   // cfg, no prx
            Assert.Equal((10, 56, 224, 4150), (kvm02.Instances, kvm02.Vcpu, kvm02.RamGb, kvm02.DiskGb));   // prx, no cfg
            Assert.Contains("cfg", kvm01.Roles);
            Assert.DoesNotContain("prx", kvm01.Roles);
            Assert.Equal((166, 672, 12450), (s.Vcpu, s.RamGb, s.DiskGb));
            Assert.Null(s.Fits);
            Assert.Null(kvm01.Fits);
            Assert.Null(kvm01.FreeVcpu);
            Assert.Null(s.LimitingResource);
        }

        [Fact]
        public void Without_optional_components_only_the_openstack_core_remains()
        {
            var s = McpVcpSizer.Size(new McpVcpDemand { Instances = 100 });
            Assert.Equal(new[] { "ctl", "msg", "dbs", "prx", "cfg" }, s.Roles.Select(r => r.Role));
            Assert.Equal((12, 82, 264, 1050), (s.Instances, s.Vcpu, s.RamGb, s.DiskGb));
            var kvm03 = s.Hosts.Single(h => h.Host == "kvm03");
            Assert.Equal((4, 28, 88, 350), (kvm03.Instances, kvm03.Vcpu, kvm03.RamGb, kvm03.DiskGb));
        }

        [Theory]
        [InlineData("StackLight", new[] { "mon", "mtr", "log" })]
        [InlineData("DriveTrain", new[] { "cid" })]
        [InlineData("Telemetry", new[] { "mdb" })]
        [InlineData("VirtualGateways", new[] { "gtw" })]
        public void Each_component_adds_exactly_its_roles(string component, string[] roles)
        {
            var d = new McpVcpDemand { Instances = 500 };
            typeof(McpVcpDemand).GetProperty(component).SetValue(d, true);
            var added = McpVcpSizer.Size(d).Roles.Select(r => r.Role).Except(new[] { "ctl", "msg", "dbs", "prx", "cfg" });
            Assert.Equal(roles, added);
        }

        [Fact]
        public void The_table_is_the_same_for_one_instance_and_for_five_hundred()
        {
            var one = McpVcpSizer.Size(Full(1));
            var max = McpVcpSizer.Size(Full(500));
            Assert.Equal((max.Instances, max.Vcpu, max.RamGb, max.DiskGb), (one.Instances, one.Vcpu, one.RamGb, one.DiskGb));
        }

        [Fact]
        public void Roles_of_our_templates_without_reference_figures_are_listed_with_a_note_and_left_out_of_the_totals()
        {
            var d = Full();
            d.OpenContrail = true; d.Ceph = true;
            var s = McpVcpSizer.Size(d);
            var unsized = s.WithoutFigures.Select(r => r.SizeName).ToList();
            Assert.Equal(new[] { "opencontrail.control", "opencontrail.analytics", "ceph.mon", "ceph.rgw" }, unsized);
            Assert.All(s.WithoutFigures, r =>
            {
                Assert.Null(r.VcpuPerInstance); Assert.Null(r.RamGbPerInstance); Assert.Null(r.DiskGbPerInstance);
                Assert.Contains("not in the compact reference table", r.Note);
            });
            Assert.Equal((30, 166), (s.Instances, s.Vcpu));
            Assert.Equal(new[] { "ntw", "nal", "cmn", "rgw" }, s.Hosts[0].Uncounted);
        }

        [Fact]
        public void More_than_500_instances_is_beyond_the_compact_layout_and_names_the_cloud_provider_layout()
        {
            var p = Assert.Single(McpVcpSizer.Check(Full(501)));
            Assert.Equal("Instances", p.Parameter);
            Assert.True(p.BeyondCompactLayout);
            Assert.Contains("up to 500 instances", p.Message);
            Assert.Contains("50 hypervisors", p.Message);
            Assert.Contains("Cloud Provider layout", p.Message);
            var e = Assert.Throws<ArgumentException>(() => McpVcpSizer.Size(Full(501)));
            Assert.Contains("Cloud Provider", e.Message);
            Assert.Empty(McpVcpSizer.Check(Full(500)));
        }

        [Fact]
        public void More_than_50_hypervisors_is_beyond_the_compact_layout()
        {
            var d = Full(200);
            d.Hypervisors = 51;
            var p = Assert.Single(McpVcpSizer.Check(d));
            Assert.Equal(("Hypervisors", true), (p.Parameter, p.BeyondCompactLayout));
            Assert.Contains("up to 50 hypervisors", p.Message);
            d.Hypervisors = 50;
            Assert.Empty(McpVcpSizer.Check(d));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-3)]
        public void Fewer_than_one_instance_is_bad_input_not_a_layout_limit(int instances)
        {
            var p = Assert.Single(McpVcpSizer.Check(Full(instances)));
            Assert.Equal(("Instances", false), (p.Parameter, p.BeyondCompactLayout));
            Assert.Contains("at least 1", p.Message);
        }

        [Fact]
        public void A_host_without_enough_cores_does_not_fit_and_names_CPU()
        {
            var d = WithHost(Full(), 48, 256, 6000);
            d.ReservedHostCores = 4; d.ReservedHostRamGb = 16; d.ReservedHostDiskGb = 200;
            var s = McpVcpSizer.Size(d);
            var kvm02 = s.Hosts.Single(h => h.Host == "kvm02");
            Assert.Equal((44.0, 240.0, 5800.0), (kvm02.AvailableVcpu.Value, kvm02.AvailableRamGb.Value, kvm02.AvailableDiskGb.Value));
            Assert.False(kvm02.Fits);
            Assert.Equal("CPU", kvm02.LimitingResource);
            Assert.Equal(-12.0, kvm02.FreeVcpu);
            Assert.Equal(16.0, kvm02.FreeRamGb);
            Assert.False(s.Fits);
            Assert.Equal(("CPU", "kvm02"), (s.LimitingResource, s.LimitingHost));   // 56 vCPU on kvm02 against 54 on kvm01
        }

        [Fact]
        public void A_host_short_of_RAM_names_RAM()
        {
            var s = McpVcpSizer.Size(WithHost(Full(), 64, 200, 6000));
            Assert.All(s.Hosts, h => { Assert.False(h.Fits); Assert.Equal("RAM", h.LimitingResource); });
            Assert.Equal(-24.0, s.Hosts[0].FreeRamGb);
        }

        [Fact]
        public void A_host_short_of_disk_names_Disk()
        {
            var d = WithHost(Full(), 64, 512, 4000);
            var s = McpVcpSizer.Size(d);
            Assert.All(s.Hosts, h => { Assert.False(h.Fits); Assert.Equal("Disk", h.LimitingResource); });
            Assert.Equal("Disk", s.LimitingResource);
        }

        [Fact]
        public void A_host_that_holds_everything_fits_and_names_the_tightest_resource()
        {
            var d = WithHost(Full(), 48, 256, 6000);
            d.ReservedHostCores = 4; d.ReservedHostRamGb = 16; d.CpuAllocationRatio = 2;
            var s = McpVcpSizer.Size(d);
            Assert.True(s.Fits);
            Assert.All(s.Hosts, h => Assert.True(h.Fits));
            Assert.Equal("RAM", s.LimitingResource);            // 224 of 240 GB against 56 of 88 vCPU
            Assert.Equal(0.9333, s.Hosts[1].Utilization);
        }

        [Fact]
        public void A_host_filled_exactly_fits()
        {
            var s = McpVcpSizer.Size(WithHost(Full(), 56, 224, 4150));
            Assert.True(s.Fits);
            Assert.Equal(1.0, s.Hosts[1].Utilization);
        }

        [Fact]
        public void A_partial_or_eaten_up_host_capacity_is_reported_parameter_by_parameter()
        {
            var d = WithHost(Full(), 48, 0, 0);
            d.ReservedHostCores = 48;
            var problems = McpVcpSizer.Check(d).Select(p => p.Parameter).ToList();
            Assert.Equal(new[] { "ReservedHostCores", "HostRamGb", "HostDiskGb" }, problems);
            Assert.All(McpVcpSizer.Check(d), p => Assert.False(p.BeyondCompactLayout));

            var reserveOnly = Full();
            reserveOnly.ReservedHostRamGb = 8;
            Assert.Equal("ReservedHostRamGb", Assert.Single(McpVcpSizer.Check(reserveOnly)).Parameter);

            var ratio = Full();
            ratio.CpuAllocationRatio = 0;
            Assert.Equal("CpuAllocationRatio", Assert.Single(McpVcpSizer.Check(ratio)).Parameter);
        }

        [Fact]
        public void Find_gives_a_size_names_table_row_and_null_for_a_size_without_figures()
        {
            // McpVcpSizesTests holds the table's size names to the VmSize values McpRole writes.
            Assert.Equal("mdb", McpVcpReference.Find("openstack.telemetry").Role);
            Assert.Null(McpVcpReference.Find("ceph.mon"));
            Assert.Null(McpVcpReference.Find("kubernetes.proxy"));
            Assert.Equal(11, McpVcpReference.Table.Select(r => r.SizeName).Distinct().Count());
        }
    }
}
