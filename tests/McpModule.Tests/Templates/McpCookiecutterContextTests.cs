using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Model;
using McpModule.Planning;
using McpModule.Templates;
using McpModule.Tests.Differential;
using Xunit;

namespace McpModule.Tests.Templates
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
    }
}
