using System.Linq;
using McpModule.Planning;
using Xunit;

namespace McpModule.Tests.Planning
{
    public sealed class McpNetworkPlanTests
    {
        /// A plan with no problem: three controllers on control, two proxies on a /29, a VIP each.
        internal static McpNetworkPlan GoodPlan()
        {
            var plan = new McpNetworkPlan("lab", "lab.local");
            plan.Networks.Add(new McpNetwork("deploy", "10.10.0.0/24", null, "10.10.0.1"));
            plan.Networks.Add(new McpNetwork("control", "10.11.0.0/24", 11, "10.11.0.1", "br-mgmt"));
            plan.Networks.Add(new McpNetwork("proxy", "10.12.0.0/29", 12, "10.12.0.1"));
            for (var i = 1; i <= 3; i++)
            {
                plan.Addresses.Add(new McpNodeAddress($"ctl0{i}", "control", $"10.11.0.1{i}"));
                plan.Addresses.Add(new McpNodeAddress($"kvm0{i}", "control", $"10.11.0.24{i}"));
                plan.Addresses.Add(new McpNodeAddress($"kvm0{i}", "deploy", $"10.10.0.24{i}"));
                plan.VcpInstances.Add(new McpVcpInstance("ctl", $"ctl0{i}", $"kvm0{i}"));
            }
            plan.Addresses.Add(new McpNodeAddress("prx01", "proxy", "10.12.0.2"));
            plan.Addresses.Add(new McpNodeAddress("prx02", "proxy", "10.12.0.3"));
            plan.Vips.Add(new McpVip("openstack_control", "control", "10.11.0.10", "ctl", new[] { "ctl01", "ctl02", "ctl03" }));
            plan.Vips.Add(new McpVip("openstack_proxy", "proxy", "10.12.0.4", "prx", new[] { "prx01", "prx02" }));
            plan.QuorumGroups.Add(new McpQuorumGroup("galera", new[] { "ctl01", "ctl02", "ctl03" }));
            return plan;
        }

        private static McpPlanProblem Single(McpNetworkPlan plan, McpPlanProblemKind kind)
        {
            var problems = plan.Check();
            var matching = problems.Where(p => p.Kind == kind).ToList();
            Assert.True(matching.Count == 1, $"expected one {kind}, got: {string.Join(" | ", problems)}");
            Assert.True(problems.Count == 1, $"expected only {kind}, got: {string.Join(" | ", problems)}");
            return matching[0];
        }

        [Fact]
        public void A_plan_from_the_reference_architecture_has_no_problem() => Assert.Empty(GoodPlan().Check());

        [Fact]
        public void Overlapping_subnets_are_a_problem_naming_both_networks()
        {
            var plan = GoodPlan();
            plan.Networks.Add(new McpNetwork("storage", "10.11.0.128/25", 15));
            var p = Single(plan, McpPlanProblemKind.OverlappingSubnets);
            Assert.Equal("storage", p.Target);
            Assert.Contains("'control' (10.11.0.0/24)", p.Message);
            Assert.Contains("'storage' (10.11.0.128/25)", p.Message);
        }

        [Fact]
        public void An_address_outside_its_subnet_is_a_problem_naming_the_node()
        {
            var plan = GoodPlan();
            plan.Addresses.Add(new McpNodeAddress("cmp001", "control", "10.99.0.5"));
            var p = Single(plan, McpPlanProblemKind.AddressOutsideSubnet);
            Assert.Equal("cmp001", p.Target);
            Assert.Contains("outside its subnet 10.11.0.0/24", p.Message);
        }

        [Fact]
        public void The_broadcast_address_of_a_subnet_is_not_a_node_address()
        {
            var plan = GoodPlan();
            plan.Addresses.Add(new McpNodeAddress("cmp001", "control", "10.11.0.255"));
            Assert.Contains("broadcast", Single(plan, McpPlanProblemKind.AddressOutsideSubnet).Message);
        }

        [Fact]
        public void An_address_on_a_network_the_plan_lacks_is_a_problem()
        {
            var plan = GoodPlan();
            plan.Addresses.Add(new McpNodeAddress("cmp001", "tenant", "10.14.0.5"));
            Assert.Contains("does not have", Single(plan, McpPlanProblemKind.AddressOutsideSubnet).Message);
        }

        [Fact]
        public void An_address_given_to_two_nodes_is_a_problem_naming_both()
        {
            var plan = GoodPlan();
            plan.Addresses.Add(new McpNodeAddress("cmp001", "control", "10.11.0.12"));
            var p = Single(plan, McpPlanProblemKind.DuplicateAddress);
            Assert.Contains("ctl02, cmp001", p.Message);
        }

        [Fact]
        public void A_node_address_equal_to_the_gateway_is_a_duplicate()
        {
            var plan = GoodPlan();
            plan.Addresses.Add(new McpNodeAddress("cmp001", "control", "10.11.0.1"));
            Assert.Contains("gateway", Single(plan, McpPlanProblemKind.DuplicateAddress).Message);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(4095)]
        [InlineData(-3)]
        public void A_vlan_id_outside_1_to_4094_is_a_problem(int vlan)
        {
            var plan = GoodPlan();
            plan.Networks.Add(new McpNetwork("tenant", "10.14.0.0/24", vlan));
            var p = Single(plan, McpPlanProblemKind.VlanOutOfRange);
            Assert.Equal("tenant", p.Target);
            Assert.Contains($"VLAN id {vlan}", p.Message);
        }

        [Fact]
        public void A_vlan_id_used_by_two_networks_is_a_problem()
        {
            var plan = GoodPlan();
            plan.Networks.Add(new McpNetwork("tenant", "10.14.0.0/24", 11));
            var p = Single(plan, McpPlanProblemKind.VlanReused);
            Assert.Contains("'control' and 'tenant'", p.Message);
        }

        [Fact]
        public void A_vip_that_is_also_a_node_address_is_a_problem()
        {
            var plan = GoodPlan();
            plan.Vips.Add(new McpVip("openstack_database", "control", "10.11.0.13", "dbs", new[] { "ctl01" }));
            var p = Single(plan, McpPlanProblemKind.VipIsNodeAddress);
            Assert.Equal("openstack_database", p.Target);
            Assert.Contains("node 'ctl03'", p.Message);
        }

        [Fact]
        public void Services_sharing_a_vip_under_one_host_name_are_fine_but_different_names_are_not()
        {
            var plan = GoodPlan();
            plan.Vips.Add(new McpVip("openstack_database", "control", "10.11.0.10", "ctl", new[] { "ctl01" }));
            Assert.Empty(plan.Check());
            plan.Vips.Add(new McpVip("infra_kvm", "control", "10.11.0.10", "kvm", new[] { "kvm01" }));
            Assert.Contains("infra_kvm (kvm)", Single(plan, McpPlanProblemKind.DuplicateAddress).Message);
        }

        [Fact]
        public void A_quorum_group_with_an_even_count_is_a_problem()
        {
            var plan = GoodPlan();
            plan.QuorumGroups.Add(new McpQuorumGroup("rabbitmq", new[] { "msg01", "msg02", "msg03", "msg04" }));
            Assert.Equal("rabbitmq", Single(plan, McpPlanProblemKind.QuorumEven).Target);
        }

        [Theory]
        [InlineData("etcd", 1)]
        [InlineData("ceph_mon", 2)]
        [InlineData("elasticsearch", 2)]
        public void A_quorum_group_of_fewer_than_three_is_a_problem(string service, int count)
        {
            var plan = GoodPlan();
            plan.QuorumGroups.Add(new McpQuorumGroup(service, Enumerable.Range(1, count).Select(i => $"n{i}").ToList()));
            var p = Single(plan, McpPlanProblemKind.QuorumTooSmall);
            Assert.Equal(service, p.Target);
            Assert.Contains($"{count} member(s)", p.Message);
        }

        [Fact]
        public void Vcp_instances_all_on_one_kvm_node_are_a_problem()
        {
            var plan = GoodPlan();
            plan.VcpInstances.Add(new McpVcpInstance("prx", "prx01", "kvm02"));
            plan.VcpInstances.Add(new McpVcpInstance("prx", "prx02", "kvm02"));
            var p = Single(plan, McpPlanProblemKind.VcpOnOneHost);
            Assert.Equal("prx", p.Target);
            Assert.Contains("run on kvm02", p.Message);
        }

        [Fact]
        public void A_kvm_node_holding_a_majority_of_a_quorum_service_is_a_problem()
        {
            var plan = GoodPlan();
            plan.VcpInstances.RemoveAll(v => v.Instance == "ctl03");
            plan.VcpInstances.Add(new McpVcpInstance("ctl", "ctl03", "kvm01"));
            var p = Single(plan, McpPlanProblemKind.VcpQuorumOnOneHost);
            Assert.Contains("ctl01, ctl03", p.Message);
            Assert.Contains("kvm01", p.Message);
        }

        [Fact]
        public void A_proxy_network_smaller_than_a_29_is_too_small_for_two_proxies_a_vip_and_a_gateway()
        {
            var plan = GoodPlan();
            plan.Networks.RemoveAll(n => n.Name == "proxy");
            plan.Networks.Add(new McpNetwork("proxy", "10.12.0.0/30", 12, "10.12.0.1"));
            var problems = plan.Check();
            var p = Assert.Single(problems, x => x.Kind == McpPlanProblemKind.NetworkTooSmall);
            Assert.Equal("proxy", p.Target);
            Assert.Contains("has 2 host address(es) but needs 4", p.Message);
            Assert.Contains("/29", p.Message);
        }

        [Fact]
        public void A_29_holds_six_members_and_not_seven()
        {
            var plan = GoodPlan();
            plan.Addresses.Add(new McpNodeAddress("prx03", "proxy", "10.12.0.5"));
            plan.Addresses.Add(new McpNodeAddress("prx04", "proxy", "10.12.0.6"));
            Assert.Empty(plan.Check());
            plan.Vips.Add(new McpVip("other", "proxy", "10.12.0.7", "oth", System.Array.Empty<string>()));
            var problems = plan.Check();
            Assert.Contains(problems, p => p.Kind == McpPlanProblemKind.NetworkTooSmall);
        }

        [Fact]
        public void A_subnet_that_does_not_parse_is_a_problem()
        {
            var plan = GoodPlan();
            plan.Networks.Add(new McpNetwork("public", "10.13.0.0/33"));
            Assert.Equal("public", Single(plan, McpPlanProblemKind.InvalidSubnet).Target);
        }
    }
}
