using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using McpModule.Ceph;
using McpModule.Tests.Differential;
using Xunit;

namespace McpModule.Tests.Ceph
{
    /// Get-McpCephOsd's view of the cluster: the four JSON documents of one round trip to a
    /// monitor, read into one McpCephOsd per OSD.
    public sealed class CephOsdStatusTests
    {
        internal static string Fixture(string name) => File.ReadAllText(Path.Combine(OracleRunner.RepoRoot, "tests", "fixtures", "ceph", name));

        /// What the monitor node prints for CephOsdStatus.Command: each document, the marker line
        /// between them (echo), and the last echo's empty line.
        internal static string Output(string tree, string df, string metadata, string dump) =>
            string.Join("\n" + CephOsdStatus.Marker + "\n", new[] { tree.TrimEnd('\n'), df.TrimEnd('\n'), metadata.TrimEnd('\n'), dump.TrimEnd('\n') }) + "\n\n";

        private static string RealOutput() =>
            Output(Fixture("osd-tree.json"), Fixture("osd-df.json"), Fixture("osd-metadata.json"), Fixture("osd-dump.json"));

        private static string NodeOf(string host) => host.StartsWith("cmn", StringComparison.Ordinal) ? host + ".ceph.local" : null;

        [Fact]
        public void The_command_runs_the_four_queries_at_once_and_prints_them_in_order_on_a_real_shell()
        {
            if (!OperatingSystem.IsLinux()) return;
            using var tools = new StandInTools();
            // prints the fixture of its subcommand, after a moment, or fails the one $FAIL names
            var fixtures = Path.Combine(OracleRunner.RepoRoot, "tests", "fixtures", "ceph");
            tools.Add("ceph", "[ \"$4\" = \"$FAIL\" ] && { echo \"Error ETIMEDOUT: $4\" >&2; exit 110; }\nsleep 0.$(( $$ % 3 ))\nexec cat \"" + fixtures + "/osd-$4.json\"");
            var ok = tools.Run(CephOsdStatus.Command(7), new Dictionary<string, string> { ["FAIL"] = "none" });
            Assert.Equal(0, ok.Code);
            Assert.Equal(new[] { 0, 1 }, CephOsdStatus.Parse(ok.Out, "n", NodeOf).Select(o => o.Id));
            var failed = tools.Run(CephOsdStatus.Command(7), new Dictionary<string, string> { ["FAIL"] = "df" });
            Assert.Equal(1, failed.Code);
            Assert.Contains("Error ETIMEDOUT: df", failed.Err, StringComparison.Ordinal);
        }

        [Fact]
        public void The_lab_clusters_two_osds_read_with_their_host_node_device_and_use()
        {
            var osds = CephOsdStatus.Parse(RealOutput(), "cmn01.ceph.local", NodeOf);
            Assert.Equal(new[] { 0, 1 }, osds.Select(o => o.Id));
            var o0 = osds[0];
            Assert.Equal("osd.0", o0.Name);
            Assert.Equal("osd.0", o0.ToString());
            Assert.Equal("cmn01", o0.Host);
            Assert.Equal("cmn01.ceph.local", o0.Node);
            Assert.Equal("/dev/loop0", o0.Device);
            Assert.Equal("", o0.DbDevice);
            Assert.Equal("", o0.WalDevice);
            Assert.Equal("hdd", o0.Class);
            Assert.Equal(0.009796142578125, o0.Weight);
            Assert.Equal(1.0, o0.Reweight);
            Assert.True(o0.Up);
            Assert.True(o0.In);
            Assert.Equal("up", o0.Status);
            Assert.Equal(0.028342, o0.Utilization);
            Assert.Equal(10485760L * 1024, o0.SizeBytes);
            Assert.Equal(297192L * 1024, o0.UsedBytes);
            Assert.Equal(0, o0.PGs);
            Assert.Equal("bluestore", o0.ObjectStore);
            Assert.Equal("16.2.15", o0.Version);
            Assert.Equal("cmn02", osds[1].Host);
            Assert.Equal("cmn02.ceph.local", osds[1].Node);
            Assert.Equal("/dev/loop2", osds[1].Device);
        }

        [Fact]
        public void A_host_that_is_no_model_node_leaves_node_empty()
        {
            var osds = CephOsdStatus.Parse(RealOutput(), "mon", h => null);
            Assert.All(osds, o => Assert.Equal("", o.Node));
            Assert.Equal("cmn01", osds[0].Host);
        }

        // A small cluster by hand: osd.0 up, osd.1 down and out, osd.2 destroyed, osd.3 with a dedicated DB and WAL.
        private const string Tree = @"{""nodes"":[
            {""id"":-1,""name"":""default"",""type"":""root"",""children"":[-2,-3]},
            {""id"":-2,""name"":""osd01"",""type"":""host"",""children"":[0,1,2]},
            {""id"":0,""name"":""osd.0"",""type"":""osd"",""device_class"":""hdd"",""crush_weight"":1.5,""reweight"":1,""status"":""up""},
            {""id"":1,""name"":""osd.1"",""type"":""osd"",""device_class"":""hdd"",""crush_weight"":1.5,""reweight"":0,""status"":""down""},
            {""id"":2,""name"":""osd.2"",""type"":""osd"",""device_class"":""hdd"",""crush_weight"":1.5,""reweight"":0,""status"":""down""},
            {""id"":-3,""name"":""osd02"",""type"":""host"",""children"":[3]},
            {""id"":3,""name"":""osd.3"",""type"":""osd"",""device_class"":""ssd"",""crush_weight"":0.5,""reweight"":1,""status"":""up""}],
            ""stray"":[{""id"":4,""name"":""osd.4"",""type"":""osd"",""crush_weight"":0,""reweight"":0,""status"":""down""}]}";
        private const string Df = @"{""nodes"":[
            {""id"":0,""utilization"":85.5,""kb"":1048576,""kb_used"":896532,""pgs"":33},
            {""id"":3,""utilization"":12.25,""kb"":524288,""kb_used"":64225,""pgs"":17}],""stray"":[],""summary"":{}}";
        private const string Metadata = @"[
            {""id"":0,""hostname"":""osd01"",""devices"":""sdb"",""bluefs_dedicated_db"":""0"",""osd_objectstore"":""bluestore"",""ceph_version_short"":""18.2.4""},
            {""id"":1,""hostname"":""osd01"",""bluestore_bdev_dev_node"":""/dev/sdc"",""devices"":""sdc""},
            {""id"":3,""hostname"":""osd02"",""bluestore_bdev_dev_node"":""/dev/sdb"",""devices"":""nvme0n1,sdb"",
             ""bluefs_dedicated_db"":""1"",""bluefs_db_dev_node"":""/dev/nvme0n1"",""bluefs_db_partition_path"":""/dev/dm-3"",
             ""bluefs_dedicated_wal"":""1"",""bluefs_wal_partition_path"":""/dev/nvme1n1p2""},
            {""id"":4,""hostname"":""osd03"",""devices"":""sdb,sdc""}]";
        private const string Dump = @"{""epoch"":40,""osds"":[
            {""osd"":0,""up"":1,""in"":1,""state"":[""exists"",""up""]},
            {""osd"":1,""up"":0,""in"":0,""state"":[""autoout"",""exists""]},
            {""osd"":2,""up"":0,""in"":0,""state"":[""destroyed"",""exists""]},
            {""osd"":3,""up"":1,""in"":1,""state"":[""exists"",""up""]},
            {""osd"":4,""up"":0,""in"":0,""state"":[""exists"",""new""]}]}";

        private static System.Collections.Generic.List<McpCephOsd> Hand() => CephOsdStatus.Parse(Output(Tree, Df, Metadata, Dump), "mon01", h => h == "osd01" ? "osd01.ceph.local" : null);

        [Fact]
        public void A_destroyed_osd_says_destroyed_whatever_the_tree_says()
        {
            var o = Hand().Single(x => x.Id == 2);
            Assert.Equal("destroyed", o.Status);
            Assert.False(o.Up);
            Assert.False(o.In);
            Assert.Equal("osd01", o.Host);
            Assert.Equal("osd01.ceph.local", o.Node);
            Assert.Equal("", o.Device);
        }

        [Fact]
        public void A_down_and_out_osd_is_down_not_in_with_reweight_zero()
        {
            var o = Hand().Single(x => x.Id == 1);
            Assert.Equal("down", o.Status);
            Assert.False(o.Up);
            Assert.False(o.In);
            Assert.Equal(0.0, o.Reweight);
            Assert.Equal("/dev/sdc", o.Device);
            Assert.Equal(0.0, o.Utilization);
        }

        [Fact]
        public void A_dedicated_db_and_wal_are_read_from_their_dev_node_or_partition_path()
        {
            var o = Hand().Single(x => x.Id == 3);
            Assert.Equal("/dev/sdb", o.Device);
            Assert.Equal("/dev/nvme0n1", o.DbDevice);
            Assert.Equal("/dev/nvme1n1p2", o.WalDevice);
            Assert.Equal("ssd", o.Class);
            Assert.Equal("osd02", o.Host);
            Assert.Equal("", o.Node);
        }

        [Fact]
        public void A_db_that_is_not_dedicated_is_no_db_device_and_devices_names_the_data_device()
        {
            var o = Hand().Single(x => x.Id == 0);
            Assert.Equal("", o.DbDevice);
            Assert.Equal("/dev/sdb", o.Device);
            Assert.Equal("18.2.4", o.Version);
        }

        [Fact]
        public void Utilization_is_a_fraction_of_the_percent_ceph_prints()
        {
            var osds = Hand();
            Assert.Equal(0.855, osds.Single(x => x.Id == 0).Utilization);
            Assert.Equal(0.1225, osds.Single(x => x.Id == 3).Utilization);
            Assert.Equal(33, osds.Single(x => x.Id == 0).PGs);
            Assert.Equal(1048576L * 1024, osds.Single(x => x.Id == 0).SizeBytes);
        }

        [Fact]
        public void A_stray_osd_on_no_host_takes_its_host_from_its_metadata_and_no_device_of_several()
        {
            var o = Hand().Single(x => x.Id == 4);
            Assert.Equal("osd03", o.Host);
            Assert.Equal("", o.Device);
            Assert.Equal("down", o.Status);
        }

        [Fact]
        public void The_osds_come_sorted_by_id_once_each()
        {
            Assert.Equal(new[] { 0, 1, 2, 3, 4 }, Hand().Select(o => o.Id));
        }

        [Fact]
        public void An_osd_only_in_the_dump_takes_its_status_from_up()
        {
            var osds = CephOsdStatus.Parse(Output(@"{""nodes"":[]}", @"{""nodes"":[]}", "[]", @"{""osds"":[{""osd"":7,""up"":1,""in"":1,""state"":[""exists"",""up""]},{""osd"":8,""up"":0,""in"":1,""state"":[""exists""]}]}"), "mon", h => h);
            Assert.Equal("up", osds.Single(o => o.Id == 7).Status);
            Assert.Equal("down", osds.Single(o => o.Id == 8).Status);
            Assert.True(osds.Single(o => o.Id == 8).In);
        }

        [Fact]
        public void An_empty_cluster_has_no_osds()
        {
            Assert.Empty(CephOsdStatus.Parse(Output(@"{""nodes"":[],""stray"":[]}", @"{""nodes"":[]}", "[]", @"{""osds"":[]}"), "mon", h => h));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(5)]
        public void A_wrong_number_of_parts_is_a_format_error_naming_the_source(int parts)
        {
            var output = string.Join("\n" + CephOsdStatus.Marker + "\n", Enumerable.Repeat("{}", parts));
            var e = Assert.Throws<FormatException>(() => CephOsdStatus.Parse(output, "mon01.ceph.local", h => h));
            Assert.StartsWith($"mon01.ceph.local: expected the output of ceph osd tree, df, metadata and dump; got {parts} part(s)", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Output_without_markers_such_as_an_error_says_what_was_printed()
        {
            var e = Assert.Throws<FormatException>(() => CephOsdStatus.Parse("Error initializing cluster client: ObjectNotFound('RADOS object not found')\n", "mon01", h => h));
            Assert.Contains("got 1 part(s): Error initializing cluster client", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(0, "osd tree")]
        [InlineData(1, "osd df")]
        [InlineData(2, "osd metadata")]
        [InlineData(3, "osd dump")]
        public void A_part_that_is_not_json_is_a_format_error_naming_the_source_and_the_command(int bad, string what)
        {
            var docs = new[] { Tree, Df, Metadata, Dump };
            docs[bad] = "Error EACCES: access denied";
            var e = Assert.Throws<FormatException>(() => CephOsdStatus.Parse(Output(docs[0], docs[1], docs[2], docs[3]), "mon01", h => h));
            Assert.StartsWith($"mon01: ceph {what} did not print JSON", e.Message, StringComparison.Ordinal);
            Assert.EndsWith("Error EACCES: access denied", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Json_nested_past_the_bound_is_a_format_error_not_a_crash()
        {
            var deep = new string('[', 200) + new string(']', 200);
            var e = Assert.Throws<FormatException>(() => CephOsdStatus.Parse(Output(deep, Df, Metadata, Dump), "mon01", h => h));
            Assert.StartsWith("mon01: ceph osd tree did not print JSON", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Unexpected_shapes_read_as_nothing_rather_than_failing()
        {
            // numbers where strings were, strings where numbers were, objects where arrays were
            var tree = JsonNode.Parse(Tree)!;
            tree["nodes"]![3]!["crush_weight"] = "a lot";
            tree["nodes"]![3]!["id"] = "one";
            var osds = CephOsdStatus.Parse(Output(tree.ToJsonString(), @"{""nodes"":{}}", "{}", Dump), "mon01", h => h);
            Assert.Equal(new[] { 0, 1, 2, 3, 4 }, osds.Select(o => o.Id));
            Assert.Equal("", osds.Single(o => o.Id == 1).Class);
        }
    }
}
