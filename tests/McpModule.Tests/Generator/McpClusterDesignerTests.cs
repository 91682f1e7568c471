using System;
using System.Linq;
using McpModule.Generator;
using McpModule.Planning;
using McpModule.Templates;
using Xunit;

namespace McpModule.Tests.Generator
{
    public sealed class McpClusterDesignerTests
    {
        internal static McpClusterSpec Spec(string template = McpTemplateNames.OpenstackOvs, Action<McpClusterSpec> change = null)
        {
            var s = new McpClusterSpec { Name = "lab", Domain = "lab.local", Template = template };
            change?.Invoke(s);
            return s;
        }

        [Theory]
        [InlineData(McpTemplateNames.Infrastructure)]
        [InlineData(McpTemplateNames.OpenstackOvs)]
        [InlineData(McpTemplateNames.OpenstackContrail)]
        [InlineData(McpTemplateNames.Kubernetes)]
        public void Every_template_with_every_component_gives_a_plan_without_problems(string template)
        {
            var design = McpClusterDesigner.Design(Spec(template, s => { s.Ceph = s.StackLight = s.DriveTrain = true; }));
            Assert.Empty(design.Plan.Check());
        }

        [Fact]
        public void Infrastructure_is_always_cfg01_and_three_kvm_nodes()
        {
            foreach (var t in McpTemplateNames.All)
            {
                var names = McpClusterDesigner.Design(Spec(t)).Nodes.Select(n => n.Name).ToList();
                Assert.Contains("cfg01", names);
                Assert.Contains("kvm01", names); Assert.Contains("kvm02", names); Assert.Contains("kvm03", names);
            }
        }

        [Fact]
        public void Vcp_instances_of_a_service_sit_on_different_kvm_nodes()
        {
            var design = McpClusterDesigner.Design(Spec(change: s => { s.Ceph = s.StackLight = s.DriveTrain = true; }));
            foreach (var service in design.Plan.VcpInstances.GroupBy(v => v.Service))
                Assert.Equal(service.Count(), service.Select(v => v.Host).Distinct().Count());
            Assert.Equal(new[] { "kvm01", "kvm02", "kvm03" }, design.Plan.VcpInstances.Select(v => v.Host).Distinct().OrderBy(h => h));
        }

        [Fact]
        public void OpenStack_ovs_has_controllers_databases_queues_proxies_gateways_and_computes()
        {
            var design = McpClusterDesigner.Design(Spec());
            var names = design.Nodes.Select(n => n.Name).ToList();
            foreach (var n in new[] { "ctl01", "dbs03", "msg02", "prx01", "prx02", "gtw01", "gtw03", "cmp001", "cmp002" }) Assert.Contains(n, names);
            Assert.Equal(new[] { "galera", "rabbitmq" }, design.Plan.QuorumGroups.Select(g => g.Service));
            Assert.Equal("proxy", design.Plan.Vips.Single(v => v.Service == "openstack_proxy").Network);
            Assert.Equal("10.12.0.0/29", design.Plan.Network("proxy").Cidr);
        }

        [Theory]
        [InlineData(McpNeutronMode.VxlanNetworkNodes, true)]
        [InlineData(McpNeutronMode.VxlanDvrInternal, true)]
        [InlineData(McpNeutronMode.VlanNetworkNodes, false)]
        [InlineData(McpNeutronMode.VxlanDvrSnat, true)]
        [InlineData(McpNeutronMode.VlanDvrSnat, false)]
        public void Computes_and_network_nodes_have_a_tenant_address_only_with_vxlan(McpNeutronMode mode, bool vxlan)
        {
            var design = McpClusterDesigner.Design(Spec(change: s => s.NeutronMode = mode));
            Assert.Equal(vxlan, design.Node("cmp001").Addresses.ContainsKey(McpNetworkNames.Tenant));
            Assert.Equal(vxlan, design.Node("gtw01").Addresses.ContainsKey(McpNetworkNames.Tenant));
        }

        [Fact]
        public void Contrail_has_controller_and_analytics_nodes_and_no_network_nodes()
        {
            var names = McpClusterDesigner.Design(Spec(McpTemplateNames.OpenstackContrail)).Nodes.Select(n => n.Name).ToList();
            Assert.Contains("ntw01", names); Assert.Contains("nal03", names);
            Assert.DoesNotContain("gtw01", names);
        }

        [Fact]
        public void Kubernetes_has_three_masters_in_an_etcd_quorum_and_minions()
        {
            var design = McpClusterDesigner.Design(Spec(McpTemplateNames.Kubernetes, s => s.ComputeCount = 4));
            Assert.Equal(new[] { "ctl01", "ctl02", "ctl03" }, design.Plan.QuorumGroups.Single(g => g.Service == "etcd").Members);
            Assert.Equal(4, design.Nodes.Count(n => n.Name.StartsWith("cmp", StringComparison.Ordinal)));
            Assert.False(design.Node("ctl01").Virtual);
        }

        [Fact]
        public void Ceph_adds_monitors_osds_and_gateways_on_storage_networks()
        {
            var design = McpClusterDesigner.Design(Spec(change: s => s.Ceph = true));
            Assert.Equal(3, design.Plan.QuorumGroups.Single(g => g.Service == "ceph_mon").Members.Count);
            Assert.Equal("10.16.0.201", design.Node("osd001").Addresses[McpNetworkNames.StorageReplication]);
            Assert.NotNull(design.Node("rgw01"));
        }

        [Fact]
        public void StackLight_and_DriveTrain_add_their_vcp_nodes()
        {
            var design = McpClusterDesigner.Design(Spec(change: s => { s.StackLight = true; s.DriveTrain = true; }));
            foreach (var n in new[] { "mon01", "mtr01", "log01", "cid01" }) Assert.True(design.Node(n).Virtual, n);
            Assert.Contains(design.Plan.QuorumGroups, g => g.Service == "elasticsearch");
        }

        [Theory]
        [InlineData("Lab", "lab.local", "Name")]
        [InlineData("a.b", "lab.local", "Name")]
        [InlineData("lab", "Lab_Local", "Domain")]
        [InlineData("lab", "", "Domain")]
        public void Bad_names_and_domains_are_rejected_naming_the_parameter(string name, string domain, string parameter)
        {
            var e = Assert.Throws<McpTemplateException>(() => McpClusterDesigner.Design(new McpClusterSpec { Name = name, Domain = domain }));
            Assert.Equal(parameter, e.ParamName);
        }

        [Fact]
        public void An_unknown_template_is_rejected_listing_the_templates()
        {
            var e = Assert.Throws<McpTemplateException>(() => McpClusterDesigner.Design(Spec("openstack")));
            Assert.Equal("Template", e.ParamName);
            Assert.Contains("openstack-ovs", e.Message);
        }

        [Fact]
        public void A_compute_count_beyond_the_control_subnet_is_rejected()
        {
            var e = Assert.Throws<McpTemplateException>(() => McpClusterDesigner.Design(Spec(change: s => s.ComputeCount = 150)));
            Assert.Equal("ComputeCount", e.ParamName);
        }

        [Fact]
        public void A_subnet_too_small_for_the_offsets_is_rejected_naming_the_network()
        {
            var e = Assert.Throws<McpTemplateException>(() => McpClusterDesigner.Design(Spec(change: s =>
                s.Networks["control"] = new McpNetworkOverride { Cidr = "10.11.0.0/26" })));
            Assert.Equal("control_network", e.ParamName);
            Assert.Contains("10.11.0.0/26", e.Message);
        }

        [Fact]
        public void Declared_nodes_and_vips_keep_their_names_and_addresses()
        {
            var design = McpClusterDesigner.Design(Spec(change: s =>
            {
                var n = new McpDeclaredNode("api01"); n.Addresses["control"] = "10.11.0.111";
                s.DeclaredNodes["openstack_control"] = new System.Collections.Generic.List<McpDeclaredNode> { n };
                s.DeclaredVips["openstack_control"] = ("10.11.0.110", "api");
            }));
            Assert.Equal("10.11.0.111", design.Node("api01").Addresses["control"]);
            var vip = design.Plan.Vips.Single(v => v.Service == "openstack_control");
            Assert.Equal(("10.11.0.110", "api"), (vip.Address, vip.Hostname));
        }
    }
}
