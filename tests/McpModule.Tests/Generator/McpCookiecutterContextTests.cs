using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Generator;
using McpModule.Model.Data;
using McpModule.Model;
using McpModule.Planning;
using McpModule.Templates;
using McpModule.Tests.Differential;
using Xunit;

namespace McpModule.Tests.Generator
{
    public sealed class McpCookiecutterContextTests
    {
        public static string ContextPath(string name) => Path.Combine(OracleRunner.RepoRoot, "tests", "contexts", name + ".yaml");

        public static IEnumerable<object[]> Contexts() => new[]
        {
            new object[] { "cookied-cicd-pike-dvr-ceph" }, new object[] { "cookied-cicd-k8s-calico-sl" }, new object[] { "cookied-bm-oc40-queens" },
        };

        /// Every node address the context declares: (hostname, address).
        private static IEnumerable<(string Host, string Address)> DeclaredAddresses(string file)
        {
            var ctx = File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Contains(": "))
                .Select(l => l.Split(new[] { ": " }, 2, StringSplitOptions.None))
                .GroupBy(p => p[0]).Select(g => g.Last()).ToDictionary(p => p[0], p => p[1].Split(new[] { " #" }, StringSplitOptions.None)[0].Trim('\'', ' '));
            foreach (var key in ctx.Keys.Where(k => System.Text.RegularExpressions.Regex.IsMatch(k, @"^(openstack_(control|database|message_queue|proxy|gateway|compute)|opencontrail_(control|analytics)|kubernetes_(control|compute)|ceph_(mon|rgw)|stacklight_(monitor|telemetry|log)|cicd_control)_node\d\d_address$")))
            {
                var host = ctx[key.Replace("_address", "_hostname")];
                yield return (host, ctx[key]);
            }
        }

        [Theory]
        [MemberData(nameof(Contexts))]
        public void Every_node_and_address_a_context_declares_appears_in_the_model(string name)
        {
            var spec = new McpClusterSpec();
            var ignored = McpCookiecutterContext.Apply(ContextPath(name), spec);
            Assert.Equal(name, spec.Name);
            var root = Path.Combine(Path.GetTempPath(), "mcp-ctx-" + Guid.NewGuid().ToString("N"));
            try
            {
                var design = McpClusterDesigner.Design(spec);
                McpModelWriter.Write(McpModelGenerator.Generate(design), root, force: false);
                var model = ReclassModel.Open(root);
                foreach (var (host, address) in DeclaredAddresses(ContextPath(name)))
                {
                    var node = model.Render($"{host}.{spec.Domain}");
                    var addresses = (OrderedMap)((OrderedMap)((OrderedMap)node.Parameters["mcp"])["node"])["addresses"];
                    Assert.True(addresses.Values.Contains(address), $"{host} should have {address}; it has {string.Join(", ", addresses.Values)}");
                }
                Assert.DoesNotContain("cluster_name", ignored);
                Assert.DoesNotContain("control_network_subnet", ignored);
                Assert.Contains("context_seed", ignored);
            }
            finally { try { Directory.Delete(root, true); } catch (IOException) { } }
        }

        [Fact]
        public void The_pike_context_gives_dvr_for_all_with_ceph_on_the_control_subnet_and_its_duplicate_addresses_are_found()
        {
            var spec = new McpClusterSpec();
            McpCookiecutterContext.Apply(ContextPath("cookied-cicd-pike-dvr-ceph"), spec);
            Assert.Equal(McpTemplateNames.OpenstackOvs, spec.Template);
            Assert.Equal(McpNeutronMode.VxlanDvrSnat, spec.NeutronMode);
            Assert.True(spec.Ceph && spec.StackLight && spec.DriveTrain);
            var design = McpClusterDesigner.Design(spec);
            Assert.Equal("control", design.Resolve("storage"));
            Assert.Equal(new[] { "ctl01", "ctl02", "ctl03" }, design.Plan.QuorumGroups.Single(g => g.Service == "galera").Members);
            // The context gives kvm01 and ctl01 the same control address, and the kvm VIP is the ctl VIP.
            var problems = design.Plan.Check();
            Assert.Contains(problems, p => p.Kind == McpPlanProblemKind.DuplicateAddress && p.Message.Contains("10.167.4.11"));
            Assert.Contains(problems, p => p.Kind == McpPlanProblemKind.DuplicateAddress && p.Message.Contains("VIP 10.167.4.10"));
        }

        [Fact]
        public void The_kubernetes_context_gives_four_minions_from_its_address_ranges()
        {
            var spec = new McpClusterSpec();
            McpCookiecutterContext.Apply(ContextPath("cookied-cicd-k8s-calico-sl"), spec);
            var design = McpClusterDesigner.Design(spec);
            Assert.Equal(McpTemplateNames.Kubernetes, spec.Template);
            var minions = design.Nodes.Where(n => n.Roles.Contains("kubernetes_compute")).ToList();
            Assert.Equal(new[] { "cmp001", "cmp002", "cmp003", "cmp004" }, minions.Select(n => n.Name));
            Assert.Equal("10.167.4.104", minions[3].Addresses["control"]);
            Assert.Equal("10.167.5.104", minions[3].Addresses["deploy"]);
        }

        [Fact]
        public void A_file_without_default_context_is_rejected()
        {
            var file = Path.GetTempFileName();
            try
            {
                File.WriteAllText(file, "cluster_name: x\n");
                var e = Assert.Throws<McpTemplateException>(() => McpCookiecutterContext.Apply(file, new McpClusterSpec()));
                Assert.Contains("default_context", e.Message);
            }
            finally { File.Delete(file); }
        }


        /// linux:network:interface of a node of a written and rendered context.
        private static OrderedMap Interfaces(ReclassModel model, string node) =>
            (OrderedMap)((OrderedMap)((OrderedMap)model.Render(node).Parameters["linux"])["network"])["interface"];

        [Fact]
        public void Computes_network_nodes_and_osd_nodes_get_the_nics_and_bond_mode_their_keys_give()
        {
            var spec = new McpClusterSpec();
            var ignored = McpCookiecutterContext.Apply(ContextPath("per-role-nics"), spec);
            foreach (var key in new[] { "compute_primary_first_nic", "compute_primary_second_nic", "compute_bond_mode", "gateway_primary_first_nic",
                                        "gateway_primary_second_nic", "ceph_osd_primary_first_nic", "ceph_osd_primary_second_nic", "ceph_osd_bond_mode" })
                Assert.DoesNotContain(key, ignored);
            var root = Path.Combine(Path.GetTempPath(), "mcp-nics-" + Guid.NewGuid().ToString("N"));
            try
            {
                McpModelWriter.Write(McpModelGenerator.Generate(McpClusterDesigner.Design(spec)), root, force: false);
                var model = ReclassModel.Open(root);
                foreach (var (node, first, second, mode) in new[]
                {
                    ("cmp1", "ens3f0", "ens3f1", "802.3ad"),         // compute_padding_with_zeros: False
                    ("gtw02", "eth3", "eth4", "active-backup"),      // no gateway_bond_mode: the infra one
                    ("osd1", "ens2f0", "ens2f1", "balance-alb"),      // osd_padding_with_zeros: False
                    ("kvm01", "eth1", "eth2", "active-backup"),       // everything else: the infra set
                })
                {
                    var ifs = Interfaces(model, node + ".per-role-nics.local");
                    var bond = (OrderedMap)ifs["bond0"];
                    Assert.Equal(first + " " + second, bond["slaves"]);
                    Assert.Equal(mode, bond["mode"]);
                    Assert.Equal("bond0", ((OrderedMap)ifs[first])["master"]);
                    Assert.Equal("bond0", ((OrderedMap)ifs[second])["master"]);
                    Assert.StartsWith("10.167.5.", (string)((OrderedMap)ifs["eth0"])["address"]);   // the deploy NIC stays infra_deploy_nic, on the deploy network
                    foreach (var other in new[] { "eth1", "eth2", "eth3", "eth4", "ens3f0", "ens3f1", "ens2f0", "ens2f1" }.Except(new[] { first, second }))
                        Assert.False(ifs.ContainsKey(other), $"{node} should not have {other}");
                }
            }
            finally { try { Directory.Delete(root, true); } catch (IOException) { } }
        }

        [Fact]
        public void A_kubernetes_context_gives_its_minions_the_compute_nics()
        {
            var file = Variant("cookied-cicd-k8s-calico-sl", "  infra_bond_mode: active-backup", "  infra_bond_mode: active-backup\n  compute_bond_mode: balance-xor\n  compute_primary_first_nic: eno1");
            try
            {
                var spec = new McpClusterSpec();
                McpCookiecutterContext.Apply(file, spec);
                var compute = spec.NicsFor("kubernetes_compute");
                Assert.Equal(("eth0", "eno1", "eth2", "balance-xor"), (compute.DeployNic, compute.FirstNic, compute.SecondNic, compute.BondMode));
                var control = spec.NicsFor("kubernetes_control");
                Assert.Equal(("eth1", "active-backup"), (control.FirstNic, control.BondMode));
            }
            finally { File.Delete(file); }
        }

        [Theory]
        [InlineData("  compute_bond_mode: 802.3ad", "  compute_bond_mode: lacp", "compute_bond_mode", "not a bond mode")]
        [InlineData("  gateway_primary_second_nic: eth4", "  gateway_primary_second_nic: eth3", "gateway_primary_second_nic", "same interface 'eth3'")]
        [InlineData("  ceph_osd_primary_first_nic: ens2f0", "  ceph_osd_primary_first_nic: eth0", "ceph_osd_primary_first_nic", "deploy (PXE) interface 'eth0'")]
        [InlineData("  compute_primary_first_nic: ens3f0", "  compute_primary_first_nic: 'ens3 f0'", "compute_primary_first_nic", "not a network interface name")]
        [InlineData("  infra_bond_mode: active-backup", "  infra_bond_mode: fast", "infra_bond_mode", "not a bond mode")]
        public void Bad_nics_or_bond_modes_are_rejected_naming_the_key(string line, string replacement, string key, string message)
        {
            var file = Variant("per-role-nics", line, replacement);
            try
            {
                var e = Assert.Throws<McpTemplateException>(() => McpCookiecutterContext.Apply(file, new McpClusterSpec()));
                Assert.Equal(key, e.ParamName);
                Assert.Contains(key, e.Message);
                Assert.Contains(message, e.Message);
            }
            finally { File.Delete(file); }
        }

        [Fact]
        public void A_bond_mode_may_be_given_by_number()
        {
            var file = Variant("per-role-nics", "  compute_bond_mode: 802.3ad", "  compute_bond_mode: '4'");
            try
            {
                var spec = new McpClusterSpec();
                McpCookiecutterContext.Apply(file, spec);
                Assert.Equal("4", spec.NicsFor("openstack_compute").BondMode);
            }
            finally { File.Delete(file); }
        }

        /// A context file of the given default_context lines, removed after the test body.
        private static void WithContext(string lines, Action<string> test)
        {
            var file = Path.GetTempFileName();
            try
            {
                File.WriteAllText(file, "default_context:\n  cluster_name: big\n  cluster_domain: big.local\n  openstack_enabled: 'True'\n" + lines);
                test(file);
            }
            finally { File.Delete(file); }
        }

        [Theory]
        [InlineData("openstack_compute_count", "2000000000")]
        [InlineData("openstack_compute_count", "1001")]
        [InlineData("ceph_osd_node_count", "-1")]
        public void A_node_count_past_the_bound_is_an_error_naming_the_key_and_the_bound(string key, string value) =>
            WithContext($"  ceph_enabled: 'True'\n  {key}: {value}\n", file =>
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var e = Assert.Throws<McpTemplateException>(() => McpCookiecutterContext.Apply(file, new McpClusterSpec()));
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
                Assert.Equal(key, e.ParamName);
                Assert.Contains($"'{key}' is {value}; a role has 0 to {McpCookiecutterContext.MaxNodesPerRole} nodes", e.Message);
            });

        [Fact]
        public void A_node_count_at_the_bound_is_taken() =>
            WithContext($"  openstack_compute_count: {McpCookiecutterContext.MaxNodesPerRole}\n", file =>
            {
                var spec = new McpClusterSpec();
                McpCookiecutterContext.Apply(file, spec);
                Assert.Equal(McpCookiecutterContext.MaxNodesPerRole, spec.DeclaredNodes["openstack_compute"].Count);
            });

        [Fact]
        public void Address_ranges_of_more_addresses_than_a_role_may_have_nodes_are_an_error() =>
            WithContext("  openstack_compute_single_address_ranges: 10.0.0.1-10.0.2.255,10.0.3.1-10.0.3.255\n", file =>
            {
                var e = Assert.Throws<McpTemplateException>(() => McpCookiecutterContext.Apply(file, new McpClusterSpec()));
                Assert.Equal("openstack_compute_single_address_ranges", e.ParamName);
                Assert.Contains($"more than {McpCookiecutterContext.MaxNodesPerRole} addresses", e.Message);
            });

        [Theory]
        [InlineData("255.0.255.0")]
        [InlineData("$(touch /tmp/mcp-pwned)")]
        [InlineData("'255.255.255.0\\n10.0.0.0'")]
        public void A_netmask_that_is_none_is_an_error_naming_the_key(string netmask) =>
            WithContext($"  control_network_netmask: {netmask}\n  salt_master_address: 10.167.4.15\n", file =>
            {
                var e = Assert.Throws<McpTemplateException>(() => McpCookiecutterContext.Apply(file, new McpClusterSpec()));
                Assert.Equal("control_network_netmask", e.ParamName);
                Assert.Contains("not a netmask", e.Message);
                Assert.False(File.Exists("/tmp/mcp-pwned"));
            });

        [Fact]
        public void References_in_a_cycle_or_to_themselves_count_as_not_given_and_end() =>
            WithContext("  control_network_subnet: 10.167.4.0/24\n  openstack_control_node01_address: ${_param:openstack_control_node02_address}\n" +
                        "  openstack_control_node02_address: ${_param:openstack_control_node01_address}\n  openstack_control_node03_address: ${_param:openstack_control_node03_address}\n" +
                        "  openstack_control_node01_hostname: ${_param:../../etc/passwd}\n", file =>
            {
                var spec = new McpClusterSpec();
                McpCookiecutterContext.Apply(file, spec);
                Assert.Contains(spec.Adaptations, a => a.Contains("to no key of the context and count as not given: openstack_control_node01_address, openstack_control_node02_address, openstack_control_node03_address", StringComparison.Ordinal));
                Assert.DoesNotContain(spec.ContextValues.Values, v => v.Contains("${_param:", StringComparison.Ordinal) && v.Contains("node0", StringComparison.Ordinal));
                // not a key name: no reference to follow (nor a path to read); as a host name it is refused
                var e = Assert.Throws<McpTemplateException>(() => McpClusterDesigner.Design(spec));
                Assert.Contains("'${_param:../../etc/passwd}' is not a valid host name", e.Message);
            });

        [Fact]
        public void A_context_nested_past_the_bound_is_an_error_naming_the_file_and_line_not_a_stack_overflow() =>
            WithContext("  a: " + new string('[', 30_000) + new string(']', 30_000) + "\n", file =>
            {
                var e = Assert.Throws<McpTemplateException>(() => McpCookiecutterContext.Apply(file, new McpClusterSpec()));
                Assert.Equal("Context", e.ParamName);
                Assert.Contains($"In '{file}' at line 5", e.Message);
                Assert.Contains($"deeper than {ModelLimits.MaxNestingDepth} levels", e.Message);
            });

        [Fact]
        public void An_alias_bomb_in_a_context_is_an_error() =>
            WithContext("  a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(0, 8).Select(i =>
                $"  {(char)('b' + i)}: &{(char)('b' + i)} [{string.Join(", ", Enumerable.Repeat("*" + (char)('a' + i), 10))}]\n")), file =>
            {
                var e = Assert.Throws<McpTemplateException>(() => McpCookiecutterContext.Apply(file, new McpClusterSpec()));
                Assert.Contains("1,000,000 values", e.Message);
            });

        /// A copy of a test context with one line replaced (the line must be there).
        private static string Variant(string name, string line, string replacement)
        {
            var text = File.ReadAllText(ContextPath(name));
            Assert.Contains(line + "\n", text);
            var file = Path.GetTempFileName();
            File.WriteAllText(file, text.Replace(line + "\n", replacement + "\n"));
            return file;
        }
    }
}
