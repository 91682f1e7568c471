using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Ceph.Osd;
using McpModule.States.Formulas;
using Xunit;

namespace McpModule.Tests.States
{
    /// The built-in ceph formula (ceph.common, ceph.mon, ceph.mgr) planned for the nodes of the
    /// example model examples/models/ceph. tests/Pester/Ceph.Tests.ps1 applies it to a lab.
    public sealed class CephFormulaTests
    {
        private static readonly Lazy<IReadOnlyList<McpNode>> Nodes = new Lazy<IReadOnlyList<McpNode>>(Load);

        private static IReadOnlyList<McpNode> Load()
        {
            for (var dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
            {
                var model = Path.Combine(dir, "examples", "models", "ceph");
                if (!Directory.Exists(Path.Combine(model, "nodes"))) continue;
                var nodes = new List<McpNode>();
                foreach (var cluster in McpClusterCatalog.Discover(model))
                {
                    nodes.AddRange(McpClusterCatalog.GetNodes(cluster, out var errors));
                    if (errors.Count > 0) throw errors[0];
                }
                return nodes;
            }
            throw new DirectoryNotFoundException("examples/models/ceph not found above " + AppContext.BaseDirectory);
        }

        private static McpNode Node(string shortName) => Nodes.Value.Single(n => n.ShortName == shortName);

        private static NodePlan Plan(PlanInput input, params string[] states) =>
            new StatePlanner(new FormulaLibrary(null)).Plan(input, states);

        private static NodePlan Plan(string shortName, params string[] states) =>
            Plan(PlanInput.FromNode(Node(shortName), Nodes.Value), states);

        private static string Contents(NodePlan plan, string id) => (string)plan.Resources.Single(r => r.StateId == id).Arguments["contents"];

        [Fact]
        public void A_monitor_node_gets_linux_and_ceph_from_its_applications_and_ceph_brings_common_mon_and_mgr_in_order()
        {
            var node = Node("cmn02");
            var planner = new StatePlanner(new FormulaLibrary(null));
            Assert.Equal(new[] { "linux", "ceph" }, planner.ChooseStates(node.Applications));
            var plan = Plan("cmn02", "ceph");
            Assert.Equal(new[]
            {
                "ceph_common_packages", "ceph_common_config", "ceph_common_admin_keyring",
                "ceph_mon_packages", "ceph_mon_keyring", "ceph_mon_store", "ceph_mon_service", "ceph_mon_quorum",
                "ceph_mgr_packages", "ceph_mgr_data_dir", "ceph_mgr_keyring", "ceph_mgr_service",
                // the example's monitor nodes are OSD hosts too (cluster.ceph.osd): prepared, no disk yet
                "ceph_osd_packages", "ceph_osd_udev", "ceph_osd_tool", "ceph_osd_bootstrap_keyring",
            }, plan.Resources.Select(r => r.StateId));
            Assert.Equal("service:ceph-mon@cmn02", plan.Resources.Single(r => r.StateId == "ceph_mon_service").Resource);
            Assert.Equal("service:ceph-mgr@cmn02", plan.Resources.Single(r => r.StateId == "ceph_mgr_service").Resource);
        }

        // Lvm mode and dm-crypt cannot run in the lab (no device-mapper): their command lines are
        // checked here, as the formula renders them for the node.
        [Theory]
        [InlineData("Lvm", "", 1, false, null, "mcp-ceph-osd deploy /dev/sdb --mode lvm --timeout 120")]
        [InlineData("Lvm", "/dev/nvme0n1", 3, true, 4, "mcp-ceph-osd deploy /dev/sdb --mode lvm --db /dev/nvme0n1 --dmcrypt --osd-id 4 --db-slots 3 --timeout 120")]
        [InlineData("Raw", "/dev/sdc", 1, false, 0, "mcp-ceph-osd deploy /dev/sdb --mode raw --db /dev/sdc --osd-id 0 --timeout 120")]
        public void An_osd_plan_renders_the_ceph_volume_command_the_node_runs(string mode, string db, int slots, bool encrypted, int? reuse, string command)
        {
            var plan = new McpCephOsdPlan
            {
                Node = "cmn01.ceph.local", Device = "/dev/sdb", DbDevice = db, Mode = mode, Encrypted = encrypted, ReuseId = reuse,
                DbSlots = slots, StateId = CephOsdPlanner.StateId("/dev/sdb"),
            };
            var node = CephOsdModel.ForRun(Node("cmn01"), new[] { plan });
            var planned = Plan(PlanInput.FromNode(node, Nodes.Value), "ceph.osd");
            var step = planned.Resources.Single(r => r.StateId == "ceph_osd_sdb");
            Assert.Equal(command, step.Name);
            Assert.Equal("mcp-ceph-osd check /dev/sdb", (string)step.Arguments["unless"]);
        }

        [Fact]
        public void Ceph_conf_names_the_fsid_every_monitor_with_both_protocols_the_networks_and_the_config_sections()
        {
            var conf = Contents(Plan("cmn01", "ceph.common"), "ceph_common_config").Split('\n');
            Assert.Contains("fsid = ed093131-9d8c-4cc1-8813-6f53055700cd", conf);
            Assert.Contains("mon initial members = cmn01, cmn02, cmn03", conf);
            Assert.Contains("mon host = [v2:10.13.0.11:3300,v1:10.13.0.11:6789],[v2:10.13.0.12:3300,v1:10.13.0.12:6789],[v2:10.13.0.13:3300,v1:10.13.0.13:6789]", conf);
            Assert.Contains("public network = 10.13.0.0/24", conf);
            Assert.Contains("cluster network = 10.13.0.0/24", conf);
            Assert.Contains("auth_allow_insecure_global_id_reclaim = false", conf);
            var mon = Array.IndexOf(conf, "[mon]");
            Assert.True(mon > Array.IndexOf(conf, "[global]"));
            Assert.Equal("mon_allow_pool_delete = true", conf[mon + 1]);
            // daemons find their own keyrings (LAB.md: a keyring under [global] breaks their auth)
            Assert.DoesNotContain(conf, l => l.TrimStart().StartsWith("keyring", StringComparison.Ordinal));
        }

        [Fact]
        public void Keyrings_hold_the_model_keys_with_their_caps_and_never_show_a_diff()
        {
            var plan = Plan("cmn03", "ceph");
            var admin = plan.Resources.Single(r => r.StateId == "ceph_common_admin_keyring");
            Assert.Equal("/etc/ceph/ceph.client.admin.keyring", admin.Name);
            Assert.Equal("[client.admin]\n  key = AQDFNQdrAAAAABAARQS66lYKtMqn7g1HiTCBFA==\n  caps mds = \"allow *\"\n  caps mgr = \"allow *\"\n  caps mon = \"allow *\"\n  caps osd = \"allow *\"\n",
                         admin.Arguments["contents"]);
            Assert.Equal(false, admin.Arguments["show_changes"]);
            Assert.Equal("0600", admin.Arguments["mode"]);
            var mon = plan.Resources.Single(r => r.StateId == "ceph_mon_keyring");
            Assert.Equal("/etc/ceph/ceph.mon.cmn03.keyring", mon.Name);
            var text = (string)mon.Arguments["contents"];
            Assert.StartsWith("[mon.]\n  key = AQDFNQdrAAAAABAAcM9B6zYx8Vv1Jw6gOfzHsw==\n  caps mon = \"allow *\"\n[client.admin]\n", text);
            Assert.Equal(false, mon.Arguments["show_changes"]);
            Assert.Equal("ceph", mon.Arguments["user"]);
        }

        [Fact]
        public void The_monitor_store_is_made_once_from_a_monmap_of_every_member()
        {
            var store = Plan("cmn01", "ceph.mon").Resources.Single(r => r.StateId == "ceph_mon_store");
            Assert.Equal("/var/lib/ceph/mon/ceph-cmn01/done", store.Arguments["creates"]);
            Assert.Contains("monmaptool --create --clobber --fsid ed093131-9d8c-4cc1-8813-6f53055700cd --addv cmn01 '[v2:10.13.0.11:3300,v1:10.13.0.11:6789]' --addv cmn02 '[v2:10.13.0.12:3300,v1:10.13.0.12:6789]' --addv cmn03 '[v2:10.13.0.13:3300,v1:10.13.0.13:6789]'", store.Name);
            Assert.Contains("\nid=cmn01\n", store.Name);
            Assert.Contains("ceph-mon --cluster ceph --mkfs -i \"$id\" --monmap \"$map\" --keyring /etc/ceph/ceph.mon.cmn01.keyring --setuser ceph --setgroup ceph", store.Name);
            var quorum = Plan("cmn01", "ceph.mon").Resources.Single(r => r.StateId == "ceph_mon_quorum");
            Assert.Contains("timeout=120\n", quorum.Name);
            Assert.Contains("/run/ceph/ceph-mon.cmn01.asok", (string)quorum.Arguments["unless"]);
        }

        [Fact]
        public void A_node_that_is_not_a_member_fails_first_and_nothing_after_it_runs()
        {
            var node = Node("cmn01");
            var input = new PlanInput("cmn09.ceph.local", node.Pillar, node.Applications, node.Domain, node.Cluster);
            var plan = Plan(input, "ceph.mon");
            var check = plan.Resources.Single(r => r.StateId == "ceph_mon_member");
            Assert.Contains("echo 'cmn09.ceph.local has ceph:mon enabled but '\\''cmn09'\\'' is not one of ceph:common:members (cmn01, cmn02, cmn03)", check.Name);
            Assert.Contains(check.Index, plan.Resources.Single(r => r.StateId == "ceph_mon_packages").Require);
        }

        [Fact]
        public void Without_mon_and_mgr_in_the_pillar_ceph_is_only_the_common_part()
        {
            var ceph = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["common"] = ((IDictionary<string, object>)Node("cmn01").Pillar["ceph"])["common"],
            };
            var plan = Plan(new PlanInput("cmp001.ceph.local", new Dictionary<string, object> { ["ceph"] = ceph }), "ceph");
            Assert.Equal(new[] { "ceph_common_packages", "ceph_common_config", "ceph_common_admin_keyring" }, plan.Resources.Select(r => r.StateId));
        }
    }
}
