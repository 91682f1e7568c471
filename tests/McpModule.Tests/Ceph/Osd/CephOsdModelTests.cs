using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Ceph.Osd;
using McpModule.Model;
using McpModule.Model.Yaml;
using McpModule.Tests.Differential;
using Xunit;

namespace McpModule.Tests.Ceph.Osd
{
    /// The model side of Add-McpCephOsd and Remove-McpCephOsd: the run's pillar with exactly the
    /// planned disks, the node file with the new disks, the disks a node lists.
    public sealed class CephOsdModelTests
    {
        private static McpCephOsdPlan Plan(string device, string db = "", string wal = "", int? reuse = null, bool encrypted = false, string mode = "Raw") =>
            new McpCephOsdPlan { Node = "osd01.ceph.local", Device = device, DbDevice = db, WalDevice = wal, ReuseId = reuse, Encrypted = encrypted, Mode = mode, StateId = CephOsdPlanner.StateId(device) };

        private static OrderedMap Map(params (string Key, object Value)[] pairs)
        {
            var m = new OrderedMap();
            foreach (var (k, v) in pairs) m[k] = v;
            return m;
        }

        private static object Select(OrderedMap pillar, string key) => PillarKey.TrySelect(pillar, key, out var v, out _) ? v : "<missing>";

        /// A node whose pillar lists /dev/sda already, with other keys around it.
        private static (McpNode Node, OrderedMap Ceph, OrderedMap Osd, OrderedMap Bluestore, List<object> Disks, OrderedMap Common, OrderedMap Linux) Existing()
        {
            var node = new McpNode("osd01.ceph.local");
            var disks = new List<object> { Map(("dev", "/dev/sda")) };
            var bluestore = Map(("disks", disks), ("create_partitions", true));
            var backend = Map(("bluestore", bluestore));
            var osd = Map(("enabled", true), ("mode", "lvm"), ("backend", backend), ("crush_parent", "rack01"));
            var common = Map(("fsid", "abc"));
            var ceph = Map(("common", common), ("osd", osd));
            var linux = Map(("system", Map(("name", "osd01"))));
            node.Pillar["ceph"] = ceph;
            node.Pillar["linux"] = linux;
            return (node, ceph, osd, bluestore, disks, common, linux);
        }

        [Fact]
        public void The_runs_pillar_has_exactly_the_plans_disks_with_osd_id_for_reused_ids()
        {
            var (node, _, _, _, _, _, _) = Existing();
            var run = CephOsdModel.ForRun(node, new[] { Plan("/dev/sdb", db: "/dev/nvme0n1", reuse: 3, encrypted: true), Plan("/dev/sdc", wal: "/dev/nvme1n1") });
            var disks = Assert.IsType<List<object>>(Select(run.Pillar, "ceph:osd:backend:bluestore:disks"));
            Assert.Equal(2, disks.Count);
            var d0 = Assert.IsType<OrderedMap>(disks[0]);
            Assert.Equal(new[] { "dev", "db", "dmcrypt", "osd_id" }, d0.Keys);
            Assert.Equal("/dev/sdb", d0["dev"]);
            Assert.Equal("/dev/nvme0n1", d0["db"]);
            Assert.Equal(true, d0["dmcrypt"]);
            Assert.Equal(3L, d0["osd_id"]);
            var d1 = Assert.IsType<OrderedMap>(disks[1]);
            Assert.Equal(new[] { "dev", "wal" }, d1.Keys);
            Assert.Equal("raw", Select(run.Pillar, "ceph:osd:mode"));
            Assert.Equal(true, Select(run.Pillar, "ceph:osd:enabled"));
            Assert.Equal("rack01", Select(run.Pillar, "ceph:osd:crush_parent"));
            Assert.Equal(true, Select(run.Pillar, "ceph:osd:backend:bluestore:create_partitions"));
            Assert.Equal("abc", Select(run.Pillar, "ceph:common:fsid"));
            Assert.Equal("osd01", Select(run.Pillar, "linux:system:name"));
            Assert.Equal(node.Name, run.Name);
            Assert.Equal(node.ShortName, run.ShortName);
        }

        [Fact]
        public void The_original_nodes_pillar_is_not_modified_level_by_level()
        {
            var (node, ceph, osd, bluestore, disks, common, linux) = Existing();
            var pillar = node.Pillar;
            var backend = (OrderedMap)osd["backend"];
            var run = CephOsdModel.ForRun(node, new[] { Plan("/dev/sdb", reuse: 3) });

            Assert.Same(pillar, node.Pillar);
            Assert.Equal(new[] { "ceph", "linux" }, pillar.Keys);
            Assert.Same(ceph, pillar["ceph"]);
            Assert.Same(linux, pillar["linux"]);
            Assert.Equal(new[] { "common", "osd" }, ceph.Keys);
            Assert.Same(common, ceph["common"]);
            Assert.Same(osd, ceph["osd"]);
            Assert.Equal(new[] { "enabled", "mode", "backend", "crush_parent" }, osd.Keys);
            Assert.Equal("lvm", osd["mode"]);
            Assert.Same(backend, osd["backend"]);
            Assert.Same(bluestore, backend["bluestore"]);
            Assert.Equal(new[] { "disks", "create_partitions" }, bluestore.Keys);
            Assert.Same(disks, bluestore["disks"]);
            Assert.Equal("/dev/sda", Assert.IsType<OrderedMap>(Assert.Single(disks))["dev"]);

            // the copies are new maps on the path, shared ones off it
            Assert.NotSame(pillar, run.Pillar);
            Assert.NotSame(ceph, run.Pillar["ceph"]);
            Assert.NotSame(osd, Select(run.Pillar, "ceph:osd"));
            Assert.NotSame(bluestore, Select(run.Pillar, "ceph:osd:backend:bluestore"));
            Assert.Same(linux, run.Pillar["linux"]);
            Assert.Same(common, Select(run.Pillar, "ceph:common"));
        }

        [Fact]
        public void A_node_without_ceph_gets_the_path_created_and_enabled()
        {
            var node = new McpNode("osd01.ceph.local");
            node.Pillar["ceph"] = "not a map";
            var run = CephOsdModel.ForRun(node, new[] { Plan("/dev/sdb", mode: "Lvm") });
            Assert.Equal("lvm", Select(run.Pillar, "ceph:osd:mode"));
            Assert.Equal(true, Select(run.Pillar, "ceph:osd:enabled"));
            Assert.Single(Assert.IsType<List<object>>(Select(run.Pillar, "ceph:osd:backend:bluestore:disks")));
            Assert.Equal("not a map", node.Pillar["ceph"]);
        }

        [Fact]
        public void An_osd_disabled_in_the_model_stays_as_the_model_says()
        {
            var node = new McpNode("osd01.ceph.local");
            node.Pillar["ceph"] = Map(("osd", Map(("enabled", false))));
            Assert.Equal(false, Select(CephOsdModel.ForRun(node, new[] { Plan("/dev/sdb") }).Pillar, "ceph:osd:enabled"));
        }

        [Fact]
        public void No_plans_make_an_empty_disk_list_in_lvm_mode()
        {
            var (node, _, _, _, _, _, _) = Existing();
            var run = CephOsdModel.ForRun(node, System.Array.Empty<McpCephOsdPlan>());
            Assert.Empty(Assert.IsType<List<object>>(Select(run.Pillar, "ceph:osd:backend:bluestore:disks")));
            Assert.Equal("lvm", Select(run.Pillar, "ceph:osd:mode"));
        }

        [Fact]
        public void The_node_file_gets_dev_db_wal_and_dmcrypt_but_never_osd_id()
        {
            var path = Path.Combine(OracleRunner.RepoRoot, "examples", "models", "ceph", "nodes", "cmn03.ceph.local.yml");
            var before = File.ReadAllText(path);
            var after = CephOsdModel.AddToFile(before, path, new[]
            {
                Plan("/dev/sdb", db: "/dev/nvme0n1", wal: "/dev/nvme1n1", reuse: 7, encrypted: true), Plan("/dev/disk/by-path/pci-0000:00:1f.2-ata-1", reuse: 8),
            });
            Assert.StartsWith(before, after, System.StringComparison.Ordinal);
            Assert.Equal(
                "  ceph:\n" +
                "    osd:\n" +
                "      backend:\n" +
                "        bluestore:\n" +
                "          disks:\n" +
                "            - dev: /dev/sdb\n" +
                "              db: /dev/nvme0n1\n" +
                "              wal: /dev/nvme1n1\n" +
                "              dmcrypt: true\n" +
                "            - dev: \"/dev/disk/by-path/pci-0000:00:1f.2-ata-1\"\n", after.Substring(before.Length));
            Assert.DoesNotContain("osd_id", after, System.StringComparison.Ordinal);
            var read = (OrderedMap)YamlFileReader.Parse(after, path);
            var disks = Assert.IsType<List<object>>(Select(read, "parameters:ceph:osd:backend:bluestore:disks"));
            Assert.Equal("/dev/disk/by-path/pci-0000:00:1f.2-ata-1", ((OrderedMap)disks[1])["dev"]);
        }

        [Fact]
        public void Listed_gives_the_devs_the_pillar_lists()
        {
            var node = new McpNode("osd01.ceph.local");
            Assert.Empty(CephOsdModel.Listed(node));
            node.Pillar["ceph"] = Map(("osd", Map(("backend", Map(("bluestore", Map(("disks", new List<object>
            {
                Map(("dev", "/dev/sdb"), ("db", "/dev/nvme0n1")), Map(("db", "/dev/x")), "/dev/scalar", Map(("dev", 5L)), Map(("dev", "/dev/sdc")),
            }))))))));
            Assert.Equal(new[] { "/dev/sdb", "/dev/sdc" }, CephOsdModel.Listed(node));
            ((OrderedMap)Select(node.Pillar, "ceph:osd:backend:bluestore"))["disks"] = "none";
            Assert.Empty(CephOsdModel.Listed(node));
        }

        [Fact]
        public void The_disks_path_is_salt_formula_cephs()
        {
            Assert.Equal(new[] { "ceph", "osd", "backend", "bluestore", "disks" }, CephOsdModel.DisksPath);
        }
    }
}
