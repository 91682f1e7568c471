using System;
using System.IO;
using System.Linq;
using McpModule.Generator;
using McpModule.Model;
using McpModule.Model.Data;
using McpModule.Planning;
using McpModule.Tests.Differential;
using Xunit;

namespace McpModule.Tests.Generator
{
    /// The shapes of real MCP contexts New-McpCluster once refused (tests/contexts/shapes, written
    /// for each kind): each now gives a model, with one warning per kind that names the keys. That
    /// they render as reclass 1.7 renders them is TemplateDifferentialTests' (context-shapes-*).
    public sealed class McpContextShapesTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "mcp-shapes-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            try { Directory.Delete(_root, true); } catch (IOException) { /* temp */ }
        }

        internal static string ShapePath(string name) => Path.Combine(OracleRunner.RepoRoot, "tests", "contexts", "shapes", name + ".yaml");

        private (McpClusterSpec Spec, McpClusterDesign Design, ReclassModel Model) Generate(string shape)
        {
            var spec = new McpClusterSpec();
            McpCookiecutterContext.Apply(ShapePath(shape), spec);
            var design = McpClusterDesigner.Design(spec);
            McpModelWriter.Write(McpModelGenerator.Generate(design), _root, force: false);
            return (spec, design, ReclassModel.Open(_root));
        }

        private static object Pillar(ReclassModel model, string node, params string[] path)
        {
            object value = model.Render(node).Parameters;
            foreach (var key in path) value = ((OrderedMap)value)[key];
            return value;
        }

        [Fact]
        public void A_bare_metal_node_past_a_small_deploy_network_takes_its_address_from_DHCP()
        {
            var (_, design, model) = Generate("deploy-dhcp");
            var dhcp = design.Nodes.Where(n => n.DeployByDhcp).Select(n => n.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
            Assert.Equal(new[] { "cmp003", "gtw01", "gtw02", "gtw03" }, dhcp);
            // cmp003 among computes with static deploy addresses: its NIC is replaced whole ('~')
            Assert.Equal("dhcp", Pillar(model, "cmp003.deploy-dhcp.local", "linux", "network", "interface", "eth0", "proto"));
            Assert.False(((OrderedMap)Pillar(model, "cmp003.deploy-dhcp.local", "linux", "network", "interface", "eth0")).ContainsKey("address"));
            Assert.False(((OrderedMap)Pillar(model, "cmp003.deploy-dhcp.local", "mcp", "node", "addresses")).ContainsKey("deploy"));
            Assert.Equal("172.17.41.12", Pillar(model, "cmp002.deploy-dhcp.local", "linux", "network", "interface", "eth0", "address"));
            // every gateway by DHCP: the role's class says so
            Assert.Equal("dhcp", Pillar(model, "gtw02.deploy-dhcp.local", "linux", "network", "interface", "eth0", "proto"));
            // the declared addresses stay, cfg01 and the kvm nodes keep theirs
            Assert.Equal("10.167.4.103", Pillar(model, "cmp003.deploy-dhcp.local", "_param", "single_address"));
            Assert.Equal("172.17.41.2", Pillar(model, "kvm01.deploy-dhcp.local", "_param", "deploy_address"));
            var warning = Assert.Single(design.Adaptations);
            Assert.Contains("DHCP (MAAS)", warning, StringComparison.Ordinal);
            Assert.Contains("openstack_compute_deploy_address_ranges", warning, StringComparison.Ordinal);
            Assert.Contains("openstack_gateway_nodeNN_deploy_address", warning, StringComparison.Ordinal);
            Assert.Contains("): gtw01, gtw02, gtw03, cmp003.", warning, StringComparison.Ordinal);
        }

        [Fact]
        public void Without_a_context_a_deploy_network_too_small_for_a_vm_still_names_what_to_change()
        {
            // cfg01 is a VCP VM: MAAS does not address it, so its offset must fit
            var spec = new McpClusterSpec { Name = "small", Domain = "small.local" };
            spec.Networks[McpNetworkNames.Deploy] = new McpNetworkOverride { Cidr = "10.10.0.0/29" };
            var e = Assert.Throws<McpModule.Templates.McpTemplateException>(() => McpClusterDesigner.Design(spec));
            Assert.Contains("no host address at offset 15 for cfg01", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Each_range_is_its_networks_and_an_address_in_another_networks_subnet_is_that_ones()
        {
            var (_, design, model) = Generate("range-networks");
            var addresses = (OrderedMap)Pillar(model, "cmp001.range-networks.local", "mcp", "node", "addresses");
            Assert.Equal("10.167.4.101", Pillar(model, "cmp001.range-networks.local", "_param", "single_address"));
            Assert.Equal("10.167.6.101", Pillar(model, "cmp001.range-networks.local", "_param", "tenant_address"));
            Assert.Equal("10.167.5.101", Pillar(model, "cmp001.range-networks.local", "_param", "deploy_address"));
            // Ceph's public network is the control subnet here: it is the control network (one subnet is one network)
            Assert.Equal(new[] { "10.167.4.101", "10.167.5.101", "10.167.6.101" }, addresses.Values.Cast<string>().Distinct().OrderBy(a => a, StringComparer.Ordinal));
            Assert.Equal("10.167.6.101", Pillar(model, "cmp001.range-networks.local", "mcp", "node", "addresses", "tenant"));
            Assert.False(addresses.ContainsKey(McpNetworkNames.StorageAccess));
            Assert.Equal(2, design.Adaptations.Count);
            Assert.Contains(design.Adaptations, a => a.Contains("openstack_compute_backend_address_ranges (storage → tenant): cmp001 10.167.6.101, cmp002 10.167.6.102", StringComparison.Ordinal));
            Assert.Contains(design.Adaptations, a => a.Contains("storage → control (10.167.4.0/24), replication → control (10.167.4.0/24)", StringComparison.Ordinal));
        }

        [Fact]
        public void A_dotted_cluster_name_gets_a_class_folder_reclass_can_name_and_keeps_its_name_as_a_parameter()
        {
            var (spec, _, model) = Generate("odd-names");
            Assert.Equal("something-4_0-contrail", spec.Name);
            Assert.True(Directory.Exists(Path.Combine(_root, "classes", "cluster", "something-4_0-contrail")));
            Assert.Equal("something-4.0-contrail", Pillar(model, "ctl01.small_cloud.local", "_param", "cluster_name"));
            Assert.Equal("small_cloud.local", Pillar(model, "ctl01.small_cloud.local", "_param", "cluster_domain"));
            Assert.Equal(2, spec.Adaptations.Count);
            Assert.Contains(spec.Adaptations, a => a.StartsWith("cluster_name 'something-4.0-contrail' has '.'", StringComparison.Ordinal));
            Assert.Contains(spec.Adaptations, a => a.StartsWith("cluster_domain 'small_cloud.local' has '_'", StringComparison.Ordinal));
        }

        [Fact]
        public void OpenContrail_routers_are_devices_of_the_plan_and_the_controllers_BGP_peers_not_nodes()
        {
            var (spec, design, model) = Generate("contrail-routers");
            Assert.DoesNotContain(design.Nodes, n => n.Name.StartsWith("rtr", StringComparison.Ordinal));
            Assert.False(File.Exists(Path.Combine(_root, "nodes", "rtr01.contrail-routers.local.yml")));
            var plan = McpPlanPillar.FromNodes("contrail-routers", "contrail-routers.local",
                new[] { new System.Collections.Generic.KeyValuePair<string, OrderedMap>("ntw01.contrail-routers.local", model.Render("ntw01.contrail-routers.local").Parameters) });
            Assert.NotNull(plan);
            Assert.Equal(new[] { "rtr01 opencontrail_router 10.167.8.220", "rtr02 opencontrail_router 10.167.8.221" }, plan!.Devices.Select(d => d.ToString()));
            Assert.All(plan.Devices, d => Assert.Equal(McpNetworkNames.Control, d.Network));
            var peer = (OrderedMap)Pillar(model, "ntw02.contrail-routers.local", "opencontrail", "client", "bgp_router", "opencontrail_router02");
            Assert.Equal("rtr02", peer["name"]);
            Assert.Equal("10.167.8.221", peer["ip_address"]);
            Assert.Equal("router", peer["type"]);
            Assert.Equal("10.167.8.220", Pillar(model, "cmp001.contrail-routers.local", "_param", "opencontrail_router01_address"));
            Assert.Contains(spec.Adaptations, a => a.Contains("opencontrail_router01_hostname/_address (rtr01 10.167.8.220)", StringComparison.Ordinal));
        }

        [Fact]
        public void References_to_other_keys_take_their_values_empty_ones_and_dangling_ones_count_as_not_given()
        {
            var (spec, design, model) = Generate("references");
            // the kvm nodes are the CI/CD nodes, the databases the controllers
            Assert.Equal("10.167.4.91", Pillar(model, "cid01.references.local", "_param", "single_address"));
            Assert.Equal("10.167.5.91", Pillar(model, "cid01.references.local", "_param", "deploy_address"));
            Assert.DoesNotContain(design.Nodes, n => n.Name.StartsWith("kvm", StringComparison.Ordinal) || n.Name.StartsWith("dbs", StringComparison.Ordinal) || n.Name.StartsWith("oss", StringComparison.Ordinal));
            Assert.Contains(design.Nodes.Single(n => n.Name == "ctl01").RoleList, r => r.Key == "openstack_database");
            // networks from their netmask around an address; '' is no gateway
            Assert.Equal("10.167.4.0/24", design.Plan.Network(McpNetworkNames.Control)!.Cidr);
            Assert.Equal("10.167.5.0/24", design.Plan.Network(McpNetworkNames.Deploy)!.Cidr);
            Assert.Equal("10.167.6.0/24", design.Plan.Network(McpNetworkNames.Tenant)!.Cidr);
            Assert.Null(design.Plan.Network(McpNetworkNames.Deploy)!.Gateway);
            Assert.Contains(spec.Adaptations, a => a.Contains("infra_kvm01_hostname → cicd_control_node01_hostname", StringComparison.Ordinal));
            Assert.Contains(spec.Adaptations, a => a.Contains("to no key of the context and count as not given: infra_kvm_vip_address.", StringComparison.Ordinal));
            Assert.Contains(spec.Adaptations, a => a.Contains("control_network_subnet 10.167.4.0/24 (from control_network_netmask and salt_master_address)", StringComparison.Ordinal));
            Assert.Equal(3, spec.Adaptations.Count);
        }

        [Fact]
        public void Kubernetes_controllers_keep_their_tenant_addresses_and_computes_their_control_ranges()
        {
            var (spec, design, model) = Generate("kubernetes-contrail");
            Assert.Equal("10.8.0.11", Pillar(model, "ctl01.kubernetes-contrail.local", "mcp", "node", "addresses", "tenant"));
            Assert.Equal("10.6.0.111", Pillar(model, "cmp001.kubernetes-contrail.local", "_param", "single_address"));
            Assert.Equal("10.6.0.112", Pillar(model, "cmp002.kubernetes-contrail.local", "_param", "single_address"));
            Assert.Equal("10.8.0.112", Pillar(model, "cmp002.kubernetes-contrail.local", "mcp", "node", "addresses", "tenant"));
            // a router on a network the context gives no subnet for is a device all the same, on no network of the plan
            var rtr02 = Assert.Single(design.Plan.Devices, d => d.Name == "rtr02");
            Assert.Null(rtr02.Network);
            Assert.Contains(spec.Adaptations, a => a.Contains("(rtr02 10.9.0.220)", StringComparison.Ordinal));
        }

        [Fact]
        public void Osd_storage_ranges_are_the_public_network_backend_ranges_the_cluster_network_and_no_address_is_given_twice()
        {
            var (_, design, model) = Generate("ceph-storage-ranges");
            Assert.Equal("10.167.11.201", Pillar(model, "osd002.ceph-storage-ranges.local", "_param", "single_address"));
            // the cluster network is the tenant subnet: the tenant network, which the backend range gives addresses on
            Assert.Equal("10.167.12.201", Pillar(model, "osd002.ceph-storage-ranges.local", "mcp", "node", "addresses", "tenant"));
            Assert.Equal(McpNetworkNames.Control, design.Resolve(McpNetworkNames.StorageAccess));
            Assert.Equal(McpNetworkNames.Tenant, design.Resolve(McpNetworkNames.StorageReplication));
            Assert.DoesNotContain(design.Plan.Check(), p => p.ToString().Contains("more than one node", StringComparison.Ordinal));
            Assert.Contains(design.Adaptations, a => a.Contains("storage → control (10.167.11.0/24), replication → tenant (10.167.12.0/24)", StringComparison.Ordinal));
        }

        [Fact]
        public void A_device_address_another_node_has_is_a_plan_problem()
        {
            var plan = new McpNetworkPlan("c", "c.local");
            plan.Networks.Add(new McpNetwork(McpNetworkNames.Control, "10.0.0.0/24"));
            plan.Addresses.Add(new McpNodeAddress("ctl01", McpNetworkNames.Control, "10.0.0.11"));
            plan.Devices.Add(new McpDevice("rtr01", "opencontrail_router", McpNetworkNames.Control, "10.0.0.11"));
            plan.Devices.Add(new McpDevice("rtr02", "opencontrail_router", McpNetworkNames.Control, "10.1.0.1"));
            var problems = plan.Check().Select(p => p.ToString()).ToList();
            Assert.Contains(problems, p => p.Contains("10.0.0.11 is given to more than one node: ctl01, rtr01", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.Contains("Device 'rtr02' has 10.1.0.1 on network 'control', outside its subnet", StringComparison.Ordinal));
        }
    }
}
