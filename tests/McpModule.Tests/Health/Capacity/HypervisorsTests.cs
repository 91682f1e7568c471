#nullable enable
using System.Collections.Generic;
using System.Linq;
using McpModule.Health.Capacity;
using Xunit;
using static McpModule.Tests.Health.HealthPillar;

namespace McpModule.Tests.Health.Capacity
{
    public sealed class HypervisorsTests
    {
        [Fact]
        public void An_openstack_compute_is_in_its_availability_zone_or_novas_default()
        {
            Assert.Equal("az-1", Hypervisors.ZoneOf(Map(("nova", Map(("compute", Map(("enabled", true), ("availability_zone", "az-1"))))))));
            Assert.Equal("nova", Hypervisors.ZoneOf(Map(("nova", Map(("compute", Map(("enabled", true))))))));
            Assert.Equal("nova", Hypervisors.ZoneOf(Map(("nova", Map(("compute", Map(("availability_zone", " "))))))));
        }

        [Fact]
        public void A_kvm_host_of_the_control_plane_is_a_hypervisor_in_no_zone()
        {
            // New-McpCluster's and MCP's infra/kvm.yml: salt:control with virt_enabled and the VMs placed on it
            Assert.Equal("", Hypervisors.ZoneOf(Map(("salt", Map(("control", Map(("enabled", true), ("virt_enabled", true))))))));
            Assert.Equal("", Hypervisors.ZoneOf(Map(("salt", Map(("control", Map(("cluster", Map(("internal", Map(("engine", "virt"))))))))))));
            // the example lab's KVM hosts carry libvirt only
            Assert.Equal("", Hypervisors.ZoneOf(Map(("libvirt", Map(("server", Map(("enabled", true))))))));
        }

        [Fact]
        public void A_kubernetes_pool_node_is_a_hypervisor_in_no_zone()
        {
            Assert.Equal("", Hypervisors.ZoneOf(Map(("kubernetes", Map(("pool", Map(("enabled", true))))))));
            Assert.Null(Hypervisors.ZoneOf(Map(("kubernetes", Map(("master", Map(("enabled", true))))))));
        }

        [Fact]
        public void Other_nodes_and_disabled_services_are_no_hypervisors()
        {
            Assert.Null(Hypervisors.ZoneOf(Map()));
            Assert.Null(Hypervisors.ZoneOf(Map(("nova", Map(("controller", Map(("enabled", true))))))));
            Assert.Null(Hypervisors.ZoneOf(Map(("nova", Map(("compute", Map(("enabled", false))))))));
            Assert.Null(Hypervisors.ZoneOf(Map(("libvirt", Map(("server", Map(("enabled", "false"))))))));
            // a salt master's salt:control without virtualization places no VMs here
            Assert.Null(Hypervisors.ZoneOf(Map(("salt", Map(("control", Map(("enabled", true))))))));
            Assert.Null(Hypervisors.ZoneOf(Map(("nova", "compute"))));
        }

        [Fact]
        public void Select_keeps_the_hypervisors_in_the_order_given()
        {
            var nodes = new Dictionary<string, IDictionary<string, object>>
            {
                ["ctl01"] = Map(("nova", Map(("controller", Map())))),
                ["cmp002"] = Map(("nova", Map(("compute", Map(("availability_zone", "az2")))))),
                ["kvm01"] = Map(("libvirt", Map(("server", Map())))),
            };
            var selected = Hypervisors.Select(nodes.Keys, n => nodes[n]);
            Assert.Equal(new[] { ("cmp002", "az2"), ("kvm01", "") }, selected.Select(s => (s.Node, s.Zone)));
        }
    }
}
