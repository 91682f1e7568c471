using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Generator;
using McpModule.Model.Data;
using McpModule.Model;
using McpModule.States.Formulas;
using McpModule.Templates;
using McpModule.Tests.Generator;
using McpModule.Tests.Targeting;
using Xunit;

namespace McpModule.Tests.States
{
    /// The built-in linux formula's APT sources, timezone, locale and interface files, rendered
    /// from real models (the example model and models New-McpCluster writes), and the planner's
    /// checks of apt_repo declarations.
    public sealed class LinuxFormulaTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "mcp-linuxformula-" + Guid.NewGuid().ToString("N"));

        public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        private static Dictionary<string, PlanResource> Linux(string name, IDictionary<string, object> pillar, string state = "linux") =>
            new StatePlanner(new FormulaLibrary(null)).Plan(new PlanInput(name, pillar), new[] { state }).Resources.ToDictionary(r => r.StateId);

        private static string Contents(PlanResource r) => r.Arguments.TryGetValue("contents", out var c) ? (string)c : "";

        [Fact]
        public void The_example_model_gives_its_repo_timezone_locale_and_interface_before_the_packages()
        {
            var node = LabNodes.Node("ctl01");
            var plan = new StatePlanner(new FormulaLibrary(null)).Plan(PlanInput.FromNode(node, LabNodes.All), new[] { "linux" });
            var ids = plan.Resources.Select(r => r.StateId).ToList();
            var r = plan.Resources.ToDictionary(x => x.StateId);

            Assert.Equal("apt_repo.present", r["linux_repo_mcp_salt"].Function);
            Assert.Equal("mcp_salt", r["linux_repo_mcp_salt"].Name);
            Assert.Equal("deb [arch=amd64] http://mirror.lab.local/mcp/salt-formulas xenial main", r["linux_repo_mcp_salt"].Arguments["source"]);
            Assert.Equal("amd64", r["linux_repo_mcp_salt"].Arguments["architectures"]);
            Assert.True(ids.IndexOf("linux_repo_mcp_salt") < ids.IndexOf("linux_package_htop"), "sources before packages");

            Assert.Equal("UTC\n", Contents(r["linux_timezone_file"]));
            Assert.Equal("/usr/share/zoneinfo/UTC", r["linux_timezone_localtime"].Arguments["target"]);
            Assert.Equal("test -f /usr/share/zoneinfo/UTC", r["linux_timezone_known"].Arguments["unless"]);

            Assert.Equal("/etc/locale.gen", r["linux_locale_en_US.UTF-8"].Name);
            Assert.Equal("en_US.UTF-8 UTF-8", r["linux_locale_en_US.UTF-8"].Arguments["content"]);
            Assert.Matches((string)r["linux_locale_en_US.UTF-8"].Arguments["match"], "# en_US.UTF-8 UTF-8");
            Assert.DoesNotMatch((string)r["linux_locale_en_US.UTF-8"].Arguments["match"], "# en_USxUTF-8 UTF-8");
            Assert.Equal("LANG=en_US.UTF-8\n", Contents(r["linux_locale_default"]));
            Assert.Contains("grep -qxF \"$l\"", (string)r["linux_locale_gen"].Arguments["unless"]);
            Assert.StartsWith("for l in en_us.utf8;", (string)r["linux_locale_gen"].Arguments["unless"]);

            var ens3 = r["linux_network_interface_ens3"];
            Assert.Equal("/etc/network/interfaces.d/ens3", ens3.Name);
            Assert.EndsWith("auto ens3\niface ens3 inet static\n    address 10.11.0.11\n    netmask 255.255.255.0\n    gateway 10.11.0.1\n", Contents(ens3));
            Assert.Equal("source /etc/network/interfaces.d/*", r["linux_network_interfaces_source"].Arguments["content"]);
        }

        [Fact]
        public void A_kvm_node_gets_its_linux_bridge_over_ens3()
        {
            var plan = new StatePlanner(new FormulaLibrary(null)).Plan(PlanInput.FromNode(LabNodes.Node("kvm01"), LabNodes.All), new[] { "linux.network.interface" });
            var bridge = plan.Resources.Single(x => x.StateId == "linux_network_interface_br-ctl");
            Assert.EndsWith("auto br-ctl\niface br-ctl inet static\n    address 10.11.0.241\n    netmask 255.255.255.0\n    bridge_ports ens3\n", Contents(bridge));
        }

        private OrderedMap Generated(McpNeutronMode mode, string node)
        {
            McpModelWriter.Write(McpModelGenerator.Generate(McpClusterDesigner.Design(McpClusterDesignerTests.Spec(change: s => s.NeutronMode = mode))), _dir, force: false);
            return ReclassModel.Open(_dir).Render(node + ".lab.local").Parameters;
        }

        [Fact]
        public void Bonds_vlans_and_linux_bridges_of_a_generated_compute_become_ifupdown_stanzas()
        {
            var r = Linux("cmp001.lab.local", Generated(McpNeutronMode.VxlanDvrInternal, "cmp001"), "linux.network.interface");
            var bond = Contents(r["linux_network_interface_bond0"]);
            Assert.Contains("auto bond0\niface bond0 inet manual\n", bond);
            Assert.Matches(@"\n    bond-mode \S+\n    bond-slaves \S+ \S+\n    bond-miimon 100\n", bond);
            var slave = r.Values.First(x => x.StateId != "linux_network_interface_bond0" && Contents(x).Contains("bond-master bond0"));
            Assert.Contains("inet manual\n    bond-master bond0\n", Contents(slave));
            var vlan = r.Values.Single(x => x.Name.StartsWith("/etc/network/interfaces.d/bond0.", StringComparison.Ordinal) && Contents(x).Contains("br-mgmt") == false &&
                                            Contents(x).Contains("vlan-raw-device bond0") && r["linux_network_interface_br-mgmt"].Arguments["contents"].ToString().Contains("bridge_ports " + x.Name.Substring(26)));
            Assert.Contains("iface " + vlan.Name.Substring(26) + " inet manual\n", Contents(vlan));
            var mgmt = Contents(r["linux_network_interface_br-mgmt"]);
            Assert.Matches(@"auto br-mgmt\niface br-mgmt inet static\n    address 10\.\d+\.\d+\.\d+\n    netmask 255\.255\.255\.0\n    bridge_ports bond0\.\d+\n$", mgmt);
        }

        [Fact]
        public void Ovs_bridges_list_their_ports_and_internal_and_patch_ports_name_their_bridge()
        {
            var r = Linux("gtw01.lab.local", Generated(McpNeutronMode.VlanNetworkNodes, "gtw01"), "linux.network.interface");
            var floating = Contents(r["linux_network_interface_br-floating"]);
            Assert.Contains("allow-ovs br-floating\niface br-floating inet manual\n    ovs_type OVSBridge\n    ovs_ports ", floating);
            foreach (var port in new[] { "bond0", "br-mgmt", "float-to-prv" }) Assert.Matches(@"ovs_ports .*\b" + port + @"\b", floating);
            Assert.DoesNotMatch(@"ovs_ports .*prv-to-float", floating);
            Assert.Contains("allow-br-floating bond0\niface bond0 inet manual\n    ovs_bridge br-floating\n    ovs_type OVSPort\n", Contents(r["linux_network_interface_bond0"]));
            Assert.Matches(@"allow-br-floating br-mgmt\niface br-mgmt inet static\n    ovs_bridge br-floating\n    ovs_type OVSIntPort\n    ovs_options tag=\d+\n    address ",
                Contents(r["linux_network_interface_br-mgmt"]));
            Assert.EndsWith("allow-br-prv prv-to-float\niface prv-to-float inet manual\n    ovs_bridge br-prv\n    ovs_type OVSPatchPort\n    ovs_patch_peer float-to-prv\n",
                Contents(r["linux_network_interface_prv-to-float"]));
        }

        private static IDictionary<string, object> Repos(params (string Name, Dictionary<string, object> Repo)[] repos)
        {
            var map = new Dictionary<string, object>();
            foreach (var (n, repo) in repos) map[n] = repo;
            return new Dictionary<string, object> { ["linux"] = new Dictionary<string, object> { ["system"] = new Dictionary<string, object> { ["repo"] = map } } };
        }

        private static Dictionary<string, object> Repo(params (string Key, object Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

        [Fact]
        public void A_repo_is_a_source_line_or_uri_dist_components_and_enabled_false_removes_it()
        {
            var r = Linux("web01", Repos(
                ("mirror", Repo(("uri", "http://10.0.0.1/debian"), ("dist", "bookworm"), ("components", new List<object> { "main", "contrib" }), ("trusted", true))),
                ("old", Repo(("source", "deb http://old/ ./"), ("enabled", false))),
                ("signed", Repo(("source", "deb http://x/ bookworm main"), ("key", "-----BEGIN PGP PUBLIC KEY BLOCK-----\nabc\n-----END PGP PUBLIC KEY BLOCK-----")))), "linux.system.repo");
            Assert.Equal("apt_repo.present", r["linux_repo_mirror"].Function);
            Assert.Equal(new object[] { "main", "contrib" }, (IEnumerable<object>)r["linux_repo_mirror"].Arguments["components"]);
            Assert.Equal(true, r["linux_repo_mirror"].Arguments["trusted"]);
            Assert.Equal("apt_repo.absent", r["linux_repo_old"].Function);
            Assert.Empty(r["linux_repo_old"].Arguments);
            Assert.StartsWith("-----BEGIN PGP", (string)r["linux_repo_signed"].Arguments["key"]);
        }

        [Theory]
        [InlineData("bad name", "uri: http://x/\n    dist: bookworm\n    components: [main]", "cannot name /etc/apt/sources.list.d")]
        [InlineData("r", "uri: http://x/", "needs 'dist'")]
        [InlineData("r", "uri: http://x/\n    dist: ./\n    components: [main]", "a flat repository (dist './') takes no components")]
        [InlineData("r", "uri: http://x/\n    dist: bookworm", "needs components")]
        [InlineData("r", "uri: mirror.lab.local/debian\n    dist: bookworm\n    components: main", "is not a repository URI")]
        [InlineData("r", "source: deb [trusted=yes http://x/ ./", "not closed")]
        [InlineData("r", "source: deb [trusted] http://x/ ./", "the option 'trusted' is not key=value")]
        [InlineData("r", "source: deb http://x/ bookworm main\n    dist: bookworm", "takes 'dist' with 'uri'")]
        [InlineData("r", "uri: http://x/\n    dist: ./\n    trusted: maybe", "trusted is true or false")]
        public void A_bad_apt_repo_stops_the_plan_naming_file_and_line(string name, string args, string message)
        {
            Directory.CreateDirectory(Path.Combine(_dir, "formulas", "web"));
            File.WriteAllText(Path.Combine(_dir, "formulas", "web", "init.yml"), $"first:\n  cmd.run:\n    name: 'true'\nrepo:\n  apt_repo.present:\n    name: {name}\n    {args}\n");
            var e = Assert.Throws<FormulaException>(() => new StatePlanner(new FormulaLibrary(_dir)).Plan(new PlanInput("web01", null), new[] { "web" }));
            Assert.StartsWith("Mcp.State.", e.ErrorId);
            Assert.Equal(5, e.Line);
            Assert.Contains("init.yml:5:", e.Message);
            Assert.Contains(message, e.Message);
        }

        [Fact]
        public void Apt_repo_needs_a_source_or_a_uri_not_both()
        {
            Directory.CreateDirectory(Path.Combine(_dir, "formulas", "web"));
            File.WriteAllText(Path.Combine(_dir, "formulas", "web", "init.yml"), "repo:\n  apt_repo.present:\n    source: deb http://x/ ./\n    uri: http://x/\n");
            var e = Assert.Throws<FormulaException>(() => new StatePlanner(new FormulaLibrary(_dir)).Plan(new PlanInput("web01", null), new[] { "web" }));
            Assert.Equal("Mcp.State.MissingArgument", e.ErrorId);
            Assert.Contains("exactly one of 'source', 'uri'", e.Message);
        }
    }
}
