using System;
using System.IO;
using System.Linq;
using McpModule.Ceph;
using Xunit;

namespace McpModule.Tests.Ceph
{
    public sealed class CephDeviceInventoryTests
    {
        /// `ceph-volume inventory --format json` of a lab node: one 4 GiB loop device.
        internal const string LoopInventory = @"[{""path"": ""/dev/loop0"", ""sys_api"": {""removable"": ""0"", ""ro"": ""0"", ""vendor"": """", ""model"": """", ""rev"": """", ""sas_address"": """", ""sas_device_handle"": """", ""support_discard"": ""4096"", ""rotational"": ""1"", ""nr_requests"": ""128"", ""partitions"": {}, ""device_nodes"": ""loop0"", ""actuators"": """", ""scheduler_mode"": ""none"", ""sectors"": 0, ""sectorsize"": ""512"", ""size"": 4294967296.0, ""human_readable_size"": ""4.00 GB"", ""path"": ""/dev/loop0"", ""devname"": ""loop0"", ""type"": ""loop"", ""parent"": ""/dev/loop0"", ""id_bus"": """"}, ""ceph_device"": false, ""lsm_data"": {}, ""available"": false, ""rejected_reasons"": [""Insufficient space (<5GB)""], ""device_id"": """", ""lvs"": []}]";

        private const string RawList = @"{""8d5c1a3e-0000-4000-8000-000000000001"": {""ceph_fsid"": ""f0e1d2c3-0000-4000-8000-00000000000a"", ""device"": ""/dev/loop0"", ""osd_id"": 0, ""osd_uuid"": ""8d5c1a3e-0000-4000-8000-000000000001"", ""type"": ""bluestore""}}";

        [Fact]
        public void The_node_command_reads_the_osd_of_a_labelled_device_from_its_bluestore_label_on_a_real_shell()
        {
            if (!OperatingSystem.IsLinux()) return;
            using var tools = new StandInTools();
            const string inventory = "[{\"path\": \"/dev/sdb\", \"sys_api\": {\"size\": 10737418240.0, \"rotational\": \"1\"}, \"available\": false, " +
                "\"rejected_reasons\": [\"Has a FileSystem\", \"Has BlueStore device label\"], \"lvs\": []}, " +
                "{\"path\": \"/dev/sdc\", \"sys_api\": {\"size\": 10737418240.0, \"rotational\": \"0\"}, \"available\": true, \"rejected_reasons\": [], \"lvs\": []}]";
            const string label = "{\"/dev/sdb\": {\"osd_uuid\": \"97160245-e4d5-422b-9854-b626d2b0d68f\", \"description\": \"main\", " +
                "\"ceph_fsid\": \"ed093131-9d8c-4cc1-8813-6f53055700cd\", \"whoami\": \"4\", \"mkfs_done\": \"yes\"}}";
            tools.Add("ceph-volume", "[ \"$1\" = inventory ] && [ \"$CEPH_VOLUME_ALLOW_LOOP_DEVICES\" = true ] && cat <<'EOF'\n" + inventory + "\nEOF");
            tools.Add("ceph-bluestore-tool", "[ \"$3\" = /dev/sdb ] || exit 1\ncat <<'EOF'\n" + label + "\nEOF");
            var (code, output, error) = tools.Run(CephDeviceInventory.Command(loopDevices: true));
            Assert.True(code == 0, error);
            var devices = CephDeviceInventory.ParseOutput(output, "osd01");
            Assert.Equal(new[] { "/dev/sdb", "/dev/sdc" }, devices.Select(d => d.Path));
            Assert.Equal(4, devices[0].OsdId);
            Assert.Null(devices[1].OsdId);
        }

        [Fact]
        public void The_lab_inventory_reads_as_one_rejected_loop_device()
        {
            var d = Assert.Single(CephDeviceInventory.Parse(LoopInventory, "cmn01.ceph.local", "cmn01"));
            Assert.Equal("cmn01.ceph.local", d.Node);
            Assert.Equal("/dev/loop0", d.Path);
            Assert.Equal(4294967296L, d.Size);
            Assert.True(d.Rotational);
            Assert.Equal("loop", d.Type);
            Assert.Equal("", d.Model);
            Assert.Equal("", d.Vendor);
            Assert.False(d.ReadOnly);
            Assert.False(d.Removable);
            Assert.False(d.Available);
            Assert.False(d.CephDevice);
            Assert.Equal(new[] { "Insufficient space (<5GB)" }, d.RejectedReasons);
            Assert.Null(d.OsdId);
            Assert.Equal("4.0 GiB", d.SizeText);
            Assert.Equal("cmn01.ceph.local:/dev/loop0", d.ToString());
        }

        [Fact]
        public void The_raw_list_says_which_osd_a_device_holds()
        {
            var d = Assert.Single(CephDeviceInventory.Parse(LoopInventory, "cmn01", "cmn01", rawListJson: RawList));
            Assert.Equal(0, d.OsdId);
        }

        [Fact]
        public void The_lvm_list_says_which_osd_a_device_holds()
        {
            const string lvm = @"{""3"": [{""devices"": [""/dev/loop0""], ""type"": ""block"", ""tags"": {}}]}";
            Assert.Equal(3, Assert.Single(CephDeviceInventory.Parse(LoopInventory, "n", "n", lvmListJson: lvm)).OsdId);
        }

        [Fact]
        public void A_used_device_reads_its_osd_and_spec_from_its_lvs()
        {
            const string json = @"[{""path"": ""/dev/sdb"", ""sys_api"": {""rotational"": ""0"", ""model"": ""  INTEL SSDPE  "", ""vendor"": ""ATA"", ""size"": 480103981056.0, ""human_readable_size"": ""447.13 GB"", ""ro"": ""1"", ""removable"": ""1"", ""type"": ""disk""},
                ""ceph_device"": true, ""available"": false, ""rejected_reasons"": [""LVM detected"", ""locked""], ""device_id"": ""INTEL_SSDPE_123"",
                ""lvs"": [{""name"": ""osd-block-x"", ""osd_id"": ""7"", ""cluster_name"": ""ceph"", ""type"": ""block"", ""osdspec_affinity"": ""fast""}, {""name"": ""osd-db-y"", ""osd_id"": ""8"", ""osdspec_affinity"": """"}, {""osd_id"": ""9"", ""osdspec_affinity"": ""fast""}]}]";
            var d = Assert.Single(CephDeviceInventory.Parse(json, "osd01", "osd01"));
            Assert.True(d.CephDevice);
            Assert.Equal(7, d.OsdId);
            Assert.Equal(new[] { "fast" }, d.OsdSpecAffinity);
            Assert.Equal("INTEL SSDPE", d.Model);
            Assert.Equal("ATA", d.Vendor);
            Assert.False(d.Rotational);
            Assert.True(d.ReadOnly);
            Assert.True(d.Removable);
            Assert.Equal(480103981056L, d.Size);
            Assert.Equal("INTEL_SSDPE_123", d.DeviceId);
            Assert.Equal(new[] { "LVM detected", "locked" }, d.RejectedReasons);
        }

        [Fact]
        public void The_inventory_of_one_path_is_an_object()
        {
            var one = LoopInventory.Substring(1, LoopInventory.Length - 2);
            Assert.Equal("/dev/loop0", Assert.Single(CephDeviceInventory.Parse(one, "n", "n")).Path);
        }

        [Fact]
        public void Several_devices_keep_their_order()
        {
            var json = "[" + string.Join(",", new[] { "/dev/sdc", "/dev/sda" }.Select(p => $@"{{""path"": ""{p}"", ""available"": true}}")) + "]";
            var devices = CephDeviceInventory.Parse(json, "n", "n");
            Assert.Equal(new[] { "/dev/sdc", "/dev/sda" }, devices.Select(d => d.Path));
            Assert.All(devices, d => Assert.True(d.Available));
            Assert.All(devices, d => Assert.Equal(0, d.Size));
        }

        [Theory]
        [InlineData(127, "ceph-volume is not installed", "Mcp.Ceph.NoCephVolume", "osd01: ceph-volume is not installed")]
        [InlineData(1, "RuntimeError: boom\n", "Mcp.Ceph.InventoryFailed", "osd01: RuntimeError: boom")]
        [InlineData(0, "", "Mcp.Ceph.InventoryUnreadable", "osd01: ceph-volume printed no inventory")]
        public void A_nodes_answer_that_is_no_inventory_says_why_under_its_error_id(int exitCode, string stdErr, string errorId, string message)
        {
            Assert.Null(CephDeviceInventory.FromResult("osd01", exitCode, "not the node command's output", stdErr, out var id, out var why));
            Assert.Equal(errorId, id);
            Assert.StartsWith(message, why, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("not json", "ceph-volume inventory did not print JSON")]
        [InlineData("42", "a list of devices")]
        [InlineData("[42]", "not an object")]
        [InlineData("[{\"available\": true}]", "has no path")]
        public void What_is_not_an_inventory_is_an_error_naming_the_source(string json, string problem)
        {
            var e = Assert.Throws<FormatException>(() => CephDeviceInventory.Parse(json, "n", "inv.json"));
            Assert.StartsWith("inv.json: ", e.Message, StringComparison.Ordinal);
            Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_raw_list_that_is_not_json_is_an_error()
        {
            var e = Assert.Throws<FormatException>(() => CephDeviceInventory.Parse(LoopInventory, "n", "inv.json", rawListJson: "{"));
            Assert.Contains("ceph-volume raw list", e.Message, StringComparison.Ordinal);
        }
    }
}
