using System.Collections.Generic;
using System.Linq;
using McpModule.Lab;
using McpModule.Model.Data;
using Xunit;

namespace McpModule.Tests.Lab
{
    public sealed class LabAddressingTests
    {
        private static OrderedMap M(params object[] kv)
        {
            var m = new OrderedMap();
            for (int i = 0; i < kv.Length; i += 2) m[(string)kv[i]] = kv[i + 1];
            return m;
        }

        [Fact]
        public void The_plan_control_address_comes_first()
        {
            var p = M("mcp", M("node", M("addresses", M("control", "10.20.0.5", "deploy", "10.30.0.5")),
                               "plan", M("networks", M("control", M("cidr", "10.20.0.0/22")))),
                      "_param", M("single_address", "10.99.0.1"));
            var a = LabAddressing.Select(p);
            Assert.Equal("10.20.0.5", a.Address);
            Assert.Equal(22, a.PrefixLength);
            Assert.Equal("mcp:node:addresses:control", a.Source);
        }

        [Fact]
        public void Single_address_with_the_interface_netmask_when_there_is_no_plan()
        {
            var p = M("_param", M("single_address", "10.11.0.11"),
                      "linux", M("network", M("interface", M("ens3", M("proto", "static", "address", "10.11.0.11", "netmask", "255.255.0.0")))));
            var a = LabAddressing.Select(p);
            Assert.Equal("10.11.0.11", a.Address);
            Assert.Equal(16, a.PrefixLength);
            Assert.Equal("_param:single_address", a.Source);
        }

        [Fact]
        public void A_static_interface_is_the_last_resort_and_disabled_or_dhcp_ones_are_skipped()
        {
            var p = M("linux", M("network", M("interface", M(
                "ens2", M("proto", "dhcp", "address", "10.1.0.1"),
                "ens3", M("enabled", false, "proto", "static", "address", "10.2.0.1"),
                "ens4", M("proto", "static", "address", "10.3.0.7")))));
            var a = LabAddressing.Select(p);
            Assert.Equal("10.3.0.7", a.Address);
            Assert.Equal(24, a.PrefixLength);
            Assert.Equal("linux:network:interface:ens4:address", a.Source);
        }

        [Fact]
        public void A_node_without_any_address_has_none()
        {
            Assert.Null(LabAddressing.Select(M("_param", M("single_address", "${_param:x}"))));
        }

        [Fact]
        public void The_host_takes_the_model_gateway_unless_a_node_or_vip_uses_it()
        {
            var nodes = new[] { new LabNodeAddress("10.11.0.11", 24, "t"), new LabNodeAddress("10.11.0.12", 24, "t") };
            Assert.Equal(new[] { "10.11.0.1/24" }, LabAddressing.Gateways(nodes, new[] { "10.11.0.1" }, System.Array.Empty<string>()));
            Assert.Equal(new[] { "10.11.0.2/24" }, LabAddressing.Gateways(nodes, new[] { "10.11.0.1" }, new[] { "10.11.0.1" }));
            Assert.Equal(new[] { "10.11.0.1/24" }, LabAddressing.Gateways(nodes, new[] { "192.168.0.1" }, System.Array.Empty<string>()));
        }

        [Fact]
        public void Each_subnet_gets_its_own_host_address()
        {
            var nodes = new[] { new LabNodeAddress("10.11.0.11", 24, "t"), new LabNodeAddress("10.12.0.1", 24, "t") };
            Assert.Equal(new[] { "10.11.0.1/24", "10.12.0.2/24" }, LabAddressing.Gateways(nodes, System.Array.Empty<string>(), System.Array.Empty<string>()));
        }

        [Fact]
        public void The_example_lab_model_puts_nodes_at_their_single_address()
        {
            var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.AppContext.BaseDirectory, "../../../../../examples/models/lab"));
            var cluster = McpClusterCatalog.Discover(root).Single(c => c.Name == "lab");
            var nodes = McpClusterCatalog.GetNodes(cluster, out _);
            var ctl01 = nodes.Single(n => n.ShortName == "ctl01");
            var a = LabAddressing.Select(ctl01.Pillar);
            Assert.Equal("10.11.0.11", a.Address);
            Assert.Equal(24, a.PrefixLength);
            var all = nodes.Select(n => LabAddressing.Select(n.Pillar)).ToList();
            Assert.Equal(all.Count, all.Select(x => x.Address).Distinct().Count());
            var gw = LabAddressing.Gateways(all, nodes.SelectMany(n => LabAddressing.GatewayHints(n.Pillar)), nodes.SelectMany(n => LabAddressing.ReservedAddresses(n.Pillar)));
            Assert.Single(gw);
            Assert.DoesNotContain(gw[0].Split('/')[0], all.Select(x => x.Address));
        }

        [Fact]
        public void A_bridge_has_a_fixed_locally_administered_unicast_mac_of_its_own()
        {
            var mac = LabAddressing.BridgeMac("mcplab0a1b2c");
            Assert.Matches("^02:6d:63(:[0-9a-f]{2}){3}$", mac);
            Assert.Equal(mac, LabAddressing.BridgeMac("mcplab0a1b2c"));
            Assert.NotEqual(mac, LabAddressing.BridgeMac("mcplab0a1b2d"));
        }
    }
}
