using System;
using McpModule.Generator;
using McpModule.Templates;
using Xunit;

namespace McpModule.Tests.Generator
{
    public sealed class McpModelGeneratorTests
    {
        private static McpGeneratedModel Generate(McpNeutronMode mode) =>
            McpModelGenerator.Generate(McpClusterDesigner.Design(McpClusterDesignerTests.Spec(change: s => s.NeutronMode = mode)));

        [Fact]
        public void Design_and_generation_stop_when_cancelled()
        {
            using var cancel = new System.Threading.CancellationTokenSource();
            var design = McpClusterDesigner.Design(McpClusterDesignerTests.Spec());
            cancel.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => McpClusterDesigner.Design(McpClusterDesignerTests.Spec(), cancel.Token));
            Assert.ThrowsAny<OperationCanceledException>(() => McpModelGenerator.Generate(design, cancel.Token));
        }

        [Theory]
        [InlineData(McpNeutronMode.VxlanNetworkNodes, "agent_mode: legacy", false)]
        [InlineData(McpNeutronMode.VxlanDvrInternal, "agent_mode: dvr", false)]
        [InlineData(McpNeutronMode.VxlanDvrSnat, "agent_mode: dvr", true)]
        public void Vxlan_computes_have_br_mgmt_and_br_mesh_and_br_floating_only_with_dvr_for_all(McpNeutronMode mode, string agent, bool floating)
        {
            var compute = Generate(mode).Files["classes/cluster/lab/openstack/compute.yml"];
            Assert.Contains("br-mgmt:\n", compute);
            Assert.Contains("br-mesh:\n", compute);
            Assert.DoesNotContain("br-prv", compute);
            Assert.Contains(agent + "\n", compute);
            Assert.Equal(floating, compute.Contains("br-floating:\n"));
        }

        [Theory]
        [InlineData(McpNeutronMode.VlanNetworkNodes)]
        [InlineData(McpNeutronMode.VlanDvrSnat)]
        public void Vlan_modes_patch_br_prv_to_br_floating_which_holds_bond0(McpNeutronMode mode)
        {
            var model = Generate(mode);
            foreach (var file in new[] { "classes/cluster/lab/openstack/gateway.yml", "classes/cluster/lab/openstack/compute.yml" })
            {
                var text = model.Files[file];
                Assert.Contains("br-prv:\n", text);
                Assert.Contains("peer: prv-to-float", text);
                Assert.Contains("ovs_bridge: br-floating", text);
                Assert.Contains("ovs_options: tag=11", text);   // br-mgmt is an OVS internal port with the control VLAN
                Assert.DoesNotContain("br-mesh", text);
                Assert.Contains("physnet2: br-prv", text);
            }
        }

        [Fact]
        public void Network_nodes_carry_br_mgmt_and_br_mesh_as_ovs_internal_ports_of_br_floating()
        {
            var gateway = Generate(McpNeutronMode.VxlanNetworkNodes).Files["classes/cluster/lab/openstack/gateway.yml"];
            Assert.Contains("br-mesh:\n", gateway);
            Assert.Contains("ovs_options: tag=14", gateway);
            Assert.Contains("agent_mode: legacy", gateway);
            Assert.Contains("bond0:\n", gateway);
            Assert.Contains("slaves: eth1 eth2", gateway);
        }

        [Fact]
        public void The_cluster_class_carries_the_plan_and_every_node_its_addresses()
        {
            var model = Generate(McpNeutronMode.VxlanDvrInternal);
            Assert.Contains("  mcp:\n    plan:\n", model.Files["classes/cluster/lab/init.yml"]);
            Assert.Contains("      addresses:\n        deploy: ${_param:deploy_address}\n        control: ${_param:single_address}\n        tenant: ${_param:tenant_address}\n",
                            model.Files["nodes/cmp001.lab.local.yml"]);
        }
    }
}
