using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using McpModule.Generator;
using McpModule.Model.Data;
using McpModule.Model;
using McpModule.Planning;
using Xunit;

namespace McpModule.Tests.Generator
{
    /// Every node a context declares, with its host name and every address, in the generated model
    /// and in its network plan. The declarations are read from the context file here, independently
    /// of McpCookiecutterContext: &lt;prefix&gt;_hostname with &lt;prefix&gt;_address (and _single_, _deploy_,
    /// _control_, _tenant_, _backend_address) where the prefix ends in node01, kvm01 ..., or is
    /// salt_master; and &lt;role&gt;_node01_address without a host name when the address lies in the
    /// context's control or deploy subnet.
    public sealed class McpCookiecutterNodesTests
    {
        private static readonly string[] AddressSuffixes =
            { "_address", "_single_address", "_control_address", "_deploy_address", "_management_address", "_tenant_address", "_backend_address" };

        private static Dictionary<string, string> ReadContext(string file)
        {
            var root = (IDictionary<object, object>)new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(file));
            return ((IDictionary<object, object>)root["default_context"]).ToDictionary(p => p.Key.ToString(), p => p.Value?.ToString() ?? "");
        }

        private static bool IsAddress(string s) => Regex.IsMatch(s, @"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$");

        /// (host name or null, addresses) per declared node.
        private static List<(string Host, List<string> Addresses)> DeclaredNodes(Dictionary<string, string> ctx)
        {
            var nodes = new List<(string, List<string>)>();
            var prefixes = ctx.Keys.Select(k => Regex.Match(k, @"^(?<p>.*(node|kvm)\d\d|salt_master)_hostname$")).Where(m => m.Success).Select(m => m.Groups["p"].Value);
            foreach (var p in prefixes)
                nodes.Add((ctx[p + "_hostname"], AddressSuffixes.Where(s => ctx.ContainsKey(p + s) && IsAddress(ctx[p + s])).Select(s => ctx[p + s]).ToList()));
            var subnets = new[] { "control_network_subnet", "deploy_network_subnet" }.Where(ctx.ContainsKey).Select(k => Ipv4Subnet.Parse(ctx[k])).ToList();
            foreach (var key in ctx.Keys.Where(k => Regex.IsMatch(k, @"_node\d\d_address$") && !ctx.ContainsKey(k.Replace("_address", "_hostname"))))
                if (IsAddress(ctx[key]) && Ipv4.TryParse(ctx[key], out var ip) && subnets.Any(s => s.Contains(ip)))
                    nodes.Add((null, new List<string> { ctx[key] }));
            return nodes;
        }

        public static System.Collections.Generic.IEnumerable<object[]> ContextsAndShapes() =>
            McpCookiecutterContextTests.Contexts().Concat(new[] { "deploy-dhcp", "range-networks", "odd-names", "contrail-routers" }.Select(s => new object[] { "shapes/" + s }));

        [Theory]
        [MemberData(nameof(ContextsAndShapes))]
        public void Every_declared_node_has_its_host_name_and_addresses_in_the_model_and_the_plan(string name)
        {
            var file = McpCookiecutterContextTests.ContextPath(name);
            var ctx = ReadContext(file);
            var declared = DeclaredNodes(ctx);
            var real = !name.StartsWith("shapes/", StringComparison.Ordinal);
            Assert.True(declared.Count >= (real ? 15 : 0), $"{name}: only {declared.Count} declared nodes found; the parser is wrong");

            var spec = new McpClusterSpec();
            var ignored = McpCookiecutterContext.Apply(file, spec);
            var design = McpClusterDesigner.Design(spec);
            var root = Path.Combine(Path.GetTempPath(), "mcp-nodes-" + Guid.NewGuid().ToString("N"));
            try
            {
                McpModelWriter.Write(McpModelGenerator.Generate(design), root, force: false);
                var model = ReclassModel.Open(root);
                var rendered = model.NodeNames.ToDictionary(n => n.Split('.')[0], n => model.Render(n));
                OrderedMap AddressesOf(string host) =>
                    (OrderedMap)((OrderedMap)((OrderedMap)rendered[host].Parameters["mcp"])["node"])["addresses"];

                foreach (var (host, addresses) in declared)
                {
                    if (host != null)
                    {
                        Assert.True(rendered.ContainsKey(host), $"{name}: declared node {host} is not in the model");
                        var system = (OrderedMap)((OrderedMap)rendered[host].Parameters["linux"])["system"];
                        Assert.Equal(host, system["name"]);
                        foreach (var a in addresses)
                        {
                            Assert.True(AddressesOf(host).Values.Contains(a), $"{name}: {host} should have {a}; it has {string.Join(", ", AddressesOf(host).Values)}");
                            Assert.Contains(design.Plan.Addresses, p => p.Node == host && p.Address == a);
                        }
                    }
                    else
                    {
                        var a = addresses.Single();
                        Assert.True(rendered.Keys.Any(h => AddressesOf(h).Values.Contains(a)), $"{name}: no node has the declared address {a}");
                        Assert.Contains(design.Plan.Addresses, p => p.Address == a);
                    }
                }
                // What the module honours is not in the warning; what it does not, is.
                foreach (var key in ctx.Keys.Where(k => Regex.IsMatch(k, @"_node\d\d_(hostname|address)$") && !k.StartsWith("octavia_", StringComparison.Ordinal) && !k.StartsWith("oss_", StringComparison.Ordinal)))
                    Assert.DoesNotContain(key, ignored);
                if (real) Assert.Contains("context_seed", ignored);
                // Devices (OpenContrail's routers) are in the plan, not nodes.
                foreach (var key in ctx.Keys.Where(k => Regex.IsMatch(k, @"^opencontrail_router\d\d_address$")))
                {
                    Assert.Contains(design.Plan.Devices, d => d.Address == ctx[key] && d.Name == ctx[key.Replace("_address", "_hostname")]);
                    Assert.False(rendered.ContainsKey(ctx[key.Replace("_address", "_hostname")]), $"{name}: the device of {key} is a node");
                }
            }
            finally { try { Directory.Delete(root, true); } catch (IOException) { } }
        }

        [Fact]
        public void Nodes_of_roles_without_a_template_get_a_generic_role_and_the_declared_vip()
        {
            var spec = new McpClusterSpec();
            var ignored = McpCookiecutterContext.Apply(McpCookiecutterContextTests.ContextPath("cookied-cicd-pike-dvr-ceph"), spec);
            var design = McpClusterDesigner.Design(spec);
            Assert.Equal(new[] { "openstack_telemetry" }, design.Node("mdb02").Roles);
            Assert.Equal("10.167.4.85", design.Node("mdb02").Addresses["control"]);
            Assert.Equal(new[] { "dns01", "dns02" }, design.Nodes.Where(n => n.Roles.Contains("openstack_dns")).Select(n => n.Name));
            Assert.Equal("10.167.4.19", design.Node("upg01").Addresses["control"]);
            var vip = design.Plan.Vips.Single(v => v.Service == "openstack_barbican");
            Assert.Equal(("10.167.4.44", "kmn"), (vip.Address, vip.Hostname));
            Assert.Equal(new[] { "kmn01", "kmn02", "kmn03" }, vip.Members);
            // Octavia's health manager addresses lie on its own load-balancer network, not on a node: still reported.
            Assert.Contains("octavia_health_manager_node01_address", ignored);
            Assert.DoesNotContain("openstack_telemetry_address", ignored);
        }

        [Fact]
        public void Kubernetes_proxies_run_haproxy_for_the_masters_behind_their_vip()
        {
            var spec = new McpClusterSpec();
            McpCookiecutterContext.Apply(McpCookiecutterContextTests.ContextPath("cookied-cicd-k8s-calico-sl"), spec);
            var root = Path.Combine(Path.GetTempPath(), "mcp-k8sprx-" + Guid.NewGuid().ToString("N"));
            try
            {
                McpModelWriter.Write(McpModelGenerator.Generate(McpClusterDesigner.Design(spec)), root, force: false);
                var node = ReclassModel.Open(root).Render("prx02." + spec.Domain);
                var listen = (OrderedMap)((OrderedMap)((OrderedMap)((OrderedMap)node.Parameters["haproxy"])["proxy"])["listen"])["kubernetes_apiserver"];
                var servers = ((List<object>)listen["servers"]).Cast<OrderedMap>().Select(s => (string)s["host"]).ToList();
                Assert.Equal(new[] { "10.167.4.11", "10.167.4.12", "10.167.4.13" }, servers);
                Assert.Equal("10.167.4.220", ((OrderedMap)((List<object>)listen["binds"])[0])["address"]);
                var vip = (OrderedMap)((OrderedMap)((OrderedMap)((OrderedMap)node.Parameters["keepalived"])["cluster"])["instance"])["KUBERNETES_PROXY_VIP"];
                Assert.Equal("10.167.4.220", vip["address"]);
                Assert.Equal("10.167.4.222", ((OrderedMap)((OrderedMap)((OrderedMap)node.Parameters["mcp"])["node"])["addresses"])["control"]);
            }
            finally { try { Directory.Delete(root, true); } catch (IOException) { } }
        }

        [Fact]
        public void A_generic_node_without_an_address_takes_the_first_free_one()
        {
            var spec = new McpClusterSpec { Name = "lab", Domain = "lab.local", Template = McpTemplateNames.Kubernetes };
            spec.DeclaredNodes["kubernetes_proxy"] = new List<McpDeclaredNode> { new McpDeclaredNode("prx01") };
            var design = McpClusterDesigner.Design(spec);
            var taken = design.Nodes.Where(n => n.Name != "prx01").SelectMany(n => n.Addresses.Values).Concat(design.Plan.Vips.Select(v => v.Address)).ToList();
            var address = design.Node("prx01").Addresses["control"];
            Assert.DoesNotContain(address, taken);
            Assert.Equal("10.11.0.2", address);
            Assert.Empty(design.Plan.Check());
        }
    }
}
