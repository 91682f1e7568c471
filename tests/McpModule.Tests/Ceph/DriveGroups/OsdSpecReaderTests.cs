using System;
using System.Collections;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Ceph.DriveGroups;
using McpModule.Model;
using Xunit;

namespace McpModule.Tests.Ceph.DriveGroups
{
    /// cephadm's test_drive_group.py (test_DriveGroup, test_DriveGroup_fail, test_drive_selection) and
    /// TestDriveGroup of test_disk_selector.py, ported, and the shapes McpModule adds (a pillar's flat
    /// spec, a hashtable, several specs in one file).
    public sealed class OsdSpecReaderTests
    {
        private static OsdSpec One(string yaml) => Assert.Single(OsdSpecReader.ParseText(yaml, "spec.yml"));

        private static OsdSpecException Fails(string yaml) =>
            Assert.Throws<OsdSpecException>(() => OsdSpecReader.ParseText(yaml, "spec.yml"));

        [Theory]
        [InlineData("service_type: osd\nservice_id: testing_drivegroup\nplacement:\n  host_pattern: hostname\ncrush_device_class: ssd\ndata_devices:\n  paths:\n  - /dev/sda\n")]
        [InlineData("service_type: osd\nservice_id: testing_drivegroup\nplacement:\n  host_pattern: hostname\ndata_devices:\n  paths:\n  - path: /dev/sda\n    crush_device_class: ssd")]
        [InlineData("service_type: osd\nservice_id: testing_drivegroup\nplacement:\n  host_pattern: hostname\nspec:\n  osds_per_device: 2\ndata_devices:\n  paths:\n  - path: /dev/sda\n    crush_device_class: hdd")]
        public void Cephadms_spec_shapes_read(string yaml)
        {
            var spec = One(yaml);
            Assert.Equal("testing_drivegroup", spec.ServiceId);
            Assert.Equal("/dev/sda", spec.DataDevices.Paths[0].Path);
            Assert.Equal("hostname", spec.HostPattern);
        }

        [Fact]
        public void A_paths_entry_keeps_its_crush_device_class()
        {
            var spec = One("service_type: osd\nservice_id: x\nplacement:\n  host_pattern: '*'\ncrush_device_class: ssd\ndata_devices:\n  paths:\n  - path: /dev/sda\n    crush_device_class: hdd\n  - /dev/sdb\n");
            Assert.Equal("hdd", spec.DataDevices.Paths[0].CrushDeviceClass);
            Assert.Null(spec.DataDevices.Paths[1].CrushDeviceClass);
            Assert.Equal("ssd", spec.CrushDeviceClass);
        }

        [Theory]
        [InlineData("data_devices:\n  all: True\nservice_type: osd\n", "placement", "needs a placement")]
        [InlineData("service_type: osd\nservice_id: mydg\nplacement:\n  host_pattern: '*'\ndata_devices:\n  limit: 1\n", "data_devices", "the device selection is empty")]
        [InlineData("service_type: osd\nservice_id: mydg\nplacement:\n  host_pattern: '*'\ndata_devices:\n  all: True\nfilter_logic: XOR\n", "filter_logic", "neither AND nor OR")]
        [InlineData("service_type: osd\nservice_id: mydg\nplacement:\n  host_pattern: '*'\nspec:\n  db_devices:\n    model: model\n", "data_devices", "needs data_devices")]
        [InlineData("service_type: osd\nservice_id: mydg\nplacement:\n  host_pattern: '*'\nspec:\n  db_devices:\n    unknown_key: 1\n", "spec.db_devices.unknown_key", "not a device filter")]
        [InlineData("service_type: osd\nservice_id: mydg\nplacement:\n  host_pattern: '*'\nspec:\n  db_devices:\n    all: true\n  unknown_key: 1\n", "spec.unknown_key", "not a drive group key")]
        [InlineData("unknown_key: 1\ndata_devices:\n  all: true\n", "unknown_key", "not a key of an OSD spec")]
        [InlineData("service_type: osd\nservice_id: mydg\nplacement:\n  host_pattern: '*'\ndata_devices:\n  paths:\n  - crush_device_class: hdd\n", "data_devices.paths[0]", "Device path cannot be empty")]
        [InlineData("data_devices:\n  paths: [/dev/sda]\n  rotational: false\n", "data_devices", "mutually exclusive")]
        [InlineData("data_devices:\n  all: true\n  model: foo\n", "data_devices", "mutually exclusive")]
        [InlineData("data_devices:\n  all: true\ndb_devices:\n  all: true\n", "db_devices.all", "only allowed for data_devices")]
        [InlineData("data_devices:\n  size: 10X\n", "data_devices.size", "'10X' is not a size (unit 'X' is not supported)")]
        [InlineData("data_devices:\n  size: wrong\n", "data_devices.size", "'wrong' is not a size")]
        [InlineData("data_devices:\n  rotational: maybe\n", "data_devices.rotational", "not 0, 1, true or false")]
        [InlineData("data_devices:\n  all: true\n  limit: -1\n", "data_devices.limit", "out of range")]
        [InlineData("data_devices:\n  all: true\nobjectstore: filestore\n", "objectstore", "bluestore")]
        [InlineData("data_devices:\n  all: true\njournal_devices:\n  all: true\n", "journal_devices", "filestore")]
        [InlineData("data_devices:\n  all: true\nencrypted: yes please\n", "encrypted", "not true or false")]
        [InlineData("data_devices:\n  all: true\nosds_per_device: 0\n", "osds_per_device", "out of range")]
        [InlineData("data_devices:\n  all: true\nblock_db_size: lots\n", "block_db_size", "not a size")]
        [InlineData("data_devices:\n  all: true\nmethod: zfs\n", "method", "neither lvm nor raw")]
        [InlineData("service_type: mon\ndata_devices:\n  all: true\n", "service_type", "'mon' is not osd")]
        [InlineData("service_id: 'my dg'\ndata_devices:\n  all: true\n", "service_id", "characters other than")]
        [InlineData("placement:\n  host_pattern: 'osd* and ('\ndata_devices:\n  all: true\n", "placement.host_pattern", "not a target expression")]
        [InlineData("placement:\n  label: osd\ndata_devices:\n  all: true\n", "placement.label", "not supported")]
        [InlineData("placement:\n  host_pattern: '*'\n  hosts: [a]\ndata_devices:\n  all: true\n", "placement", "not both")]
        [InlineData("data_devices: /dev/sda\n", "data_devices", "not a map of device filters")]
        [InlineData("data_devices:\n  paths: /dev/sda\n", "data_devices.paths", "not a list")]
        [InlineData("data_devices:\n  all: true\nspec:\n  data_devices:\n    all: true\n", "spec.data_devices", "given at the top of the spec too")]
        public void A_bad_spec_names_the_key_at_fault(string yaml, string key, string problem)
        {
            var e = Fails(yaml);
            Assert.Equal(key, e.Key);
            Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
            Assert.StartsWith("spec.yml: " + key + ": ", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void An_empty_text_is_no_spec() =>
            Assert.Contains("no OSD spec", Fails("").Message, StringComparison.Ordinal);

        [Fact]
        public void A_yaml_syntax_error_says_where()
        {
            var e = Fails("data_devices:\n  all: [true\n");
            Assert.Contains("line", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void An_empty_device_selection_is_none_as_in_cephadm()
        {
            Assert.Equal("data_devices", Fails("data_devices: {}\n").Key);
            var spec = One("data_devices:\n  all: true\ndb_devices: {}\n");
            Assert.Null(spec.DbDevices);
        }

        /// TestDriveGroup's bluestore fixture: every property as it was given.
        [Fact]
        public void The_drive_group_keys_read_as_given()
        {
            var spec = One(@"service_type: osd
service_id: foo
placement: {host_pattern: 'data*'}
data_devices: {size: '30G:50G', model: 42-RGB, vendor: samsung, limit: 0}
wal_devices: {model: fast, limit: 0}
db_devices: {size: ':20G', limit: 0}
db_slots: 5
wal_slots: 5
block_wal_size: 5G
block_db_size: 10G
objectstore: bluestore
osds_per_device: 3
encrypted: true
");
            Assert.True(spec.Encrypted);
            Assert.Equal(5, spec.DbSlots);
            Assert.Equal(5, spec.WalSlots);
            Assert.Equal("5G", spec.BlockWalSize);
            Assert.Equal("10G", spec.BlockDbSize);
            Assert.Equal("30G:50G", spec.DataDevices.Size);
            Assert.Equal("42-RGB", spec.DataDevices.Model);
            Assert.Equal("samsung", spec.DataDevices.Vendor);
            Assert.Equal(0, spec.DataDevices.Limit);
            Assert.Equal(":20G", spec.DbDevices!.Size);
            Assert.Equal("fast", spec.WalDevices!.Model);
            Assert.Equal("bluestore", spec.Objectstore);
            Assert.Equal(3, spec.OsdsPerDevice);
            Assert.Equal("AND", spec.FilterLogic);
        }

        [Fact]
        public void The_defaults_are_cephadms()
        {
            var spec = One("service_type: osd\nservice_id: foo\nplacement: {host_pattern: 'data*'}\ndata_devices: {all: true}\n");
            Assert.False(spec.Encrypted);
            Assert.Null(spec.DbSlots);
            Assert.Null(spec.WalSlots);
            Assert.Null(spec.BlockDbSize);
            Assert.Null(spec.BlockWalSize);
            Assert.Null(spec.DbDevices);
            Assert.Null(spec.WalDevices);
            Assert.Null(spec.OsdsPerDevice);
            Assert.Equal("bluestore", spec.Objectstore);
            Assert.Equal("AND", spec.FilterLogic);
        }

        [Theory]
        [InlineData("true", true)]
        [InlineData("false", false)]
        [InlineData("1", true)]
        [InlineData("0", false)]
        [InlineData("'1'", true)]
        [InlineData("'0'", false)]
        public void Rotational_takes_booleans_and_0_or_1(string value, bool expected) =>
            Assert.Equal(expected, One($"data_devices:\n  rotational: {value}\n").DataDevices.Rotational);

        [Fact]
        public void Filter_logic_is_read_in_any_case() =>
            Assert.Equal("OR", One("data_devices: {model: x}\nfilter_logic: or\n").FilterLogic);

        [Fact]
        public void The_flat_shape_of_a_pillar_needs_no_placement_nor_id()
        {
            var pillar = new OrderedMap
            {
                ["data_devices"] = new OrderedMap { ["rotational"] = 1L },
                ["db_devices"] = new OrderedMap { ["rotational"] = 0L, ["limit"] = 1L },
                ["osds_per_device"] = 2L,
            };
            var spec = Assert.Single(OsdSpecReader.Parse(pillar, "cmn01 ceph:osd"));
            Assert.Equal("", spec.ServiceId);
            Assert.Equal("<unnamed>", spec.DisplayName);
            Assert.Null(spec.HostPattern);
            Assert.True(spec.DataDevices.Rotational);
            Assert.Equal(1, spec.DbDevices!.Limit);
            Assert.Equal(2, spec.OsdsPerDevice);
            Assert.True(spec.Places(new McpNode("anything")));
        }

        [Fact]
        public void A_pillar_spec_takes_the_id_it_is_given_when_it_names_none()
        {
            var pillar = new OrderedMap { ["data_devices"] = new OrderedMap { ["all"] = true } };
            Assert.Equal("default", OsdSpecReader.Parse(pillar, "ceph:osd", "default")[0].ServiceId);
        }

        [Fact]
        public void A_hashtable_reads_as_a_map()
        {
            var table = new Hashtable { ["service_id"] = "ht", ["data_devices"] = new Hashtable { ["size"] = "10G:40G" }, ["placement"] = new Hashtable { ["host_pattern"] = "osd*" } };
            var spec = OsdSpecReader.ParseOne(table, "");
            Assert.Equal("ht", spec.ServiceId);
            Assert.Equal("10G:40G", spec.DataDevices.Size);
            Assert.Equal("the OSD spec 'ht'", spec.Source);
        }

        [Fact]
        public void The_legacy_host_pattern_at_the_top_is_the_placement()
        {
            var spec = One("host_pattern: 'data*'\ndata_devices: {all: true}\n");
            Assert.Equal("data*", spec.HostPattern);
            Assert.True(spec.Places(new McpNode("data01.lab.local")));
            Assert.False(spec.Places(new McpNode("mon01.lab.local")));
        }

        [Fact]
        public void A_file_holds_several_specs_as_yaml_documents()
        {
            var specs = OsdSpecReader.ParseText("---\nservice_type: osd\nservice_id: a\nplacement: {host_pattern: 'a*'}\ndata_devices: {all: true}\n---\n# b\nservice_type: osd\nservice_id: b\nplacement: {hosts: [b01]}\ndata_devices: {rotational: 1}\n", "two.yml");
            Assert.Equal(new[] { "a", "b" }, specs.Select(s => s.ServiceId));
            Assert.Equal(new[] { "b01" }, specs[1].Hosts);
        }

        [Fact]
        public void Json_reads_as_yaml_does_and_a_list_holds_several_specs()
        {
            var specs = OsdSpecReader.ParseText("[{\"service_type\": \"osd\", \"service_id\": \"j\", \"placement\": {\"host_pattern\": \"*\"}, \"spec\": {\"data_devices\": {\"size\": \":2T\"}, \"encrypted\": true}}]", "spec.json");
            var spec = Assert.Single(specs);
            Assert.Equal(":2T", spec.DataDevices.Size);
            Assert.True(spec.Encrypted);
        }

        [Fact]
        public void A_spec_in_a_list_names_its_index_in_the_error()
        {
            var e = Fails("- data_devices: {all: true}\n- data_devices: {size: 1X}\n");
            Assert.Equal("[1].data_devices.size", e.Key);
        }

        [Fact]
        public void Host_patterns_are_target_expressions()
        {
            var spec = One("placement: {host_pattern: 'osd* and not osd03*'}\ndata_devices: {all: true}\n");
            Assert.True(spec.Places(new McpNode("osd01.ceph.local")));
            Assert.False(spec.Places(new McpNode("osd03.ceph.local")));
            var listed = One("placement: {host_pattern: 'L@osd01,osd02'}\ndata_devices: {all: true}\n");
            Assert.True(listed.Places(new McpNode("osd02.ceph.local")));
            Assert.False(listed.Places(new McpNode("osd03.ceph.local")));
        }

        [Fact]
        public void Cephadms_pattern_map_takes_fnmatch_and_regex()
        {
            var regex = One("placement: {host_pattern: {pattern: 'node[1-3]$', pattern_type: regex}}\ndata_devices: {all: true}\n");
            Assert.Equal("E@node[1-3]$", regex.HostPattern);
            Assert.True(regex.Places(new McpNode("node2")));
            Assert.False(regex.Places(new McpNode("node4")));
        }

        /// test_drivegroup_pattern: node[1-3] among node0..node9.
        [Fact]
        public void A_glob_places_on_the_hosts_it_matches()
        {
            var spec = One("service_type: osd\nservice_id: foobar\nplacement: {host_pattern: 'node[1-3]'}\ndata_devices: {all: true}\n");
            var placed = Enumerable.Range(0, 10).Select(i => "node" + i).Where(n => spec.Places(new McpNode(n)));
            Assert.Equal(new[] { "node1", "node2", "node3" }, placed);
        }

        [Fact]
        public void Hosts_match_full_or_short_names()
        {
            var spec = One("placement: {hosts: [osd01, osd02.ceph.local]}\ndata_devices: {all: true}\n");
            Assert.True(spec.Places(new McpNode("osd01.ceph.local")));
            Assert.True(spec.Places(new McpNode("OSD02.ceph.local")));
            Assert.False(spec.Places(new McpNode("osd03.ceph.local")));
        }

        [Fact]
        public void Cephadm_keys_the_selection_does_not_use_are_kept()
        {
            var spec = One("data_devices: {all: true}\ndata_allocate_fraction: 0.8\nosd_id_claims: {host1: ['0', '1']}\n");
            Assert.Equal(0.8, spec.Options["data_allocate_fraction"]);
            Assert.True(spec.Options.ContainsKey("osd_id_claims"));
        }

        [Fact]
        public void A_missing_file_is_an_error_naming_it()
        {
            var e = Assert.Throws<OsdSpecException>(() => OsdSpecReader.ReadFile("/nonexistent/spec.yml"));
            Assert.Contains("/nonexistent/spec.yml", e.Message, StringComparison.Ordinal);
        }
    }
}
