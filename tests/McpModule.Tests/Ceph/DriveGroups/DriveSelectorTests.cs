using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Ceph;
using McpModule.Ceph.DriveGroups;
using Xunit;

namespace McpModule.Tests.Ceph.DriveGroups
{
    /// cephadm's TestDriveSelection and TestDeviceSelectionLimit (test_disk_selector.py) and the
    /// selections behind test_ceph_volume_command_* (test_drive_group.py), ported; then ours.
    public sealed class DriveSelectorTests
    {
        private const long GiB = 1L << 30;

        /// cephadm's _mk_device: 394.27 GB, rotational, model "Model", vendor "Vendor", available.
        private static McpCephDevice Dev(bool rotational = true, long size = 423347879936, string model = "Model", bool locked = false) => new McpCephDevice
        {
            Node = "host1", Size = size, Rotational = rotational, Model = model, Vendor = "Vendor",
            Available = !locked, DeviceId = "Model-Vendor-foobar",
        };

        /// cephadm's _mk_inventory: the devices named /dev/sda, /dev/sdb, ... in order.
        private static List<McpCephDevice> Inventory(params McpCephDevice[] devices)
        {
            for (var i = 0; i < devices.Length; i++) devices[i].Path = "/dev/sd" + (char)('a' + i);
            return devices.ToList();
        }

        private static McpCephDevice[] Times(int n, Func<McpCephDevice> make) => Enumerable.Range(0, n).Select(_ => make()).ToArray();

        private static OsdSpec Spec(string yaml) =>
            Assert.Single(OsdSpecReader.ParseText("service_type: osd\nservice_id: foobar\nplacement: {host_pattern: '*'}\n" + yaml, "test"));

        private static string[] Paths(IEnumerable<McpCephDevice> devices) => devices.Select(d => d.Path).ToArray();

        [Fact]
        public void All_takes_every_device()
        {
            var s = DriveSelector.SelectHost(Spec("data_devices: {all: true}\n"), "host1", Inventory(Times(5, () => Dev())));
            Assert.Equal(new[] { "/dev/sda", "/dev/sdb", "/dev/sdc", "/dev/sdd", "/dev/sde" }, Paths(s.Data));
            Assert.Empty(s.Db);
        }

        [Fact]
        public void A_limit_leaves_the_rest_to_the_next_role()
        {
            var s = DriveSelector.SelectHost(Spec("data_devices: {all: true, limit: 3}\ndb_devices: {size: ':1T'}\n"), "host1", Inventory(Times(5, () => Dev())));
            Assert.Equal(new[] { "/dev/sda", "/dev/sdb", "/dev/sdc" }, Paths(s.Data));
            Assert.Equal(new[] { "/dev/sdd", "/dev/sde" }, Paths(s.Db));
        }

        [Fact]
        public void Rotational_splits_data_from_db()
        {
            var spec = Spec("data_devices: {rotational: true}\ndb_devices: {rotational: false}\n");
            var s = DriveSelector.SelectHost(spec, "host1", Inventory(Dev(rotational: false), Dev(rotational: true)));
            Assert.Equal(new[] { "/dev/sdb" }, Paths(s.Data));
            Assert.Equal(new[] { "/dev/sda" }, Paths(s.Db));

            s = DriveSelector.SelectHost(spec, "host1", Inventory(Dev(), Dev(), Dev(rotational: false)));
            Assert.Equal(new[] { "/dev/sda", "/dev/sdb" }, Paths(s.Data));
            Assert.Equal(new[] { "/dev/sdc" }, Paths(s.Db));

            s = DriveSelector.SelectHost(spec, "host1", Inventory(Dev(), Dev()));
            Assert.Equal(new[] { "/dev/sda", "/dev/sdb" }, Paths(s.Data));
            Assert.Empty(s.Db);
        }

        /// TestDeviceSelectionLimit.test_limit_existing_devices: /dev/sda holds an OSD of the spec.
        [Fact]
        public void A_device_that_holds_an_osd_does_not_count_towards_the_limit_the_existing_osds_do()
        {
            var a = new McpCephDevice { Node = "h", Path = "/dev/sda", CephDevice = true, Available = false };
            var b = new McpCephDevice { Node = "h", Path = "/dev/sdb", Available = true };
            var c = new McpCephDevice { Node = "h", Path = "/dev/sdc", Available = true };
            var spec = Assert.Single(OsdSpecReader.ParseText("data_devices: {all: true, limit: 2}\n", "t"));
            var s = DriveSelector.SelectHost(spec, "h", new[] { a, b, c }, existingDaemons: 1);
            Assert.Equal(new[] { a, b }, s.Data);
        }

        [Fact]
        public void Sizes_rotational_and_wal_as_in_ceph_volume_command_2()
        {
            var spec = Spec("data_devices: {size: '200GB:350GB', rotational: true}\ndb_devices: {size: '200GB:350GB', rotational: false}\nwal_devices: {size: 10G}\n");
            var inv = Inventory(Dev(size: 300 * GiB), Dev(size: 300 * GiB), Dev(false, 300 * GiB), Dev(false, 300 * GiB), Dev(false, 10 * GiB), Dev(false, 10 * GiB));
            var s = DriveSelector.SelectHost(spec, "host1", inv);
            Assert.Equal(new[] { "/dev/sda", "/dev/sdb" }, Paths(s.Data));
            Assert.Equal(new[] { "/dev/sdc", "/dev/sdd" }, Paths(s.Db));
            Assert.Equal(new[] { "/dev/sde", "/dev/sdf" }, Paths(s.Wal));
        }

        [Fact]
        public void Or_takes_a_device_any_filter_matches_as_in_ceph_volume_command_8()
        {
            var spec = Spec("data_devices: {rotational: true, model: INTEL SSDS}\ndb_devices: {model: INTEL SSDP}\nfilter_logic: OR\n");
            var inv = Inventory(
                Dev(true, 2000398934016, "ST2000DM001-1ER1"),       // 1.82 TB: data
                Dev(false, 223 * GiB, "INTEL SSDSC2KG24"),          // data
                Dev(false, 349 * GiB, "INTEL SSDPED1K375GA"));      // db
            var s = DriveSelector.SelectHost(spec, "host1", inv);
            Assert.Equal(new[] { "/dev/sda", "/dev/sdb" }, Paths(s.Data));
            Assert.Equal(new[] { "/dev/sdc" }, Paths(s.Db));
        }

        [Fact]
        public void And_needs_every_filter()
        {
            var spec = Spec("data_devices: {rotational: true, model: INTEL SSDS}\n");
            var s = DriveSelector.SelectHost(spec, "host1", Inventory(Dev(true, 2000398934016, "ST2000DM001-1ER1"), Dev(false, 223 * GiB, "INTEL SSDSC2KG24")));
            Assert.Empty(s.Data);
        }

        [Fact]
        public void Roles_are_filled_data_then_wal_then_db()
        {
            // wal and db both take solid state devices: wal comes first and takes them all
            var spec = Spec("data_devices: {rotational: 1}\ndb_devices: {rotational: 0}\nwal_devices: {rotational: 0}\n");
            var s = DriveSelector.SelectHost(spec, "host1", Inventory(Dev(), Dev(false), Dev(false)));
            Assert.Equal(new[] { "/dev/sda" }, Paths(s.Data));
            Assert.Equal(new[] { "/dev/sdb", "/dev/sdc" }, Paths(s.Wal));
            Assert.Empty(s.Db);
        }

        [Fact]
        public void A_device_is_taken_by_one_role_only()
        {
            var s = DriveSelector.SelectHost(Spec("data_devices: {all: true}\ndb_devices: {rotational: 1}\n"), "host1", Inventory(Dev(), Dev()));
            Assert.Equal(2, s.Data.Count);
            Assert.Empty(s.Db);
        }

        [Fact]
        public void Devices_are_walked_in_path_order_whatever_order_they_come_in()
        {
            var devices = new[] { "/dev/sdc", "/dev/nvme0n1", "/dev/sda", "/dev/sdb" }.Select(p => new McpCephDevice { Node = "h", Path = p, Available = true }).ToList();
            var s = DriveSelector.SelectHost(Assert.Single(OsdSpecReader.ParseText("data_devices: {all: true, limit: 2}\n", "t")), "h", devices);
            Assert.Equal(new[] { "/dev/nvme0n1", "/dev/sda" }, Paths(s.Data));
        }

        [Fact]
        public void An_unavailable_device_is_skipped()
        {
            var s = DriveSelector.SelectHost(Spec("data_devices: {all: true}\n"), "host1", Inventory(Dev(locked: true), Dev()));
            Assert.Equal(new[] { "/dev/sdb" }, Paths(s.Data));
        }

        [Fact]
        public void A_used_device_of_another_spec_is_skipped_one_of_this_spec_or_of_none_is_kept()
        {
            McpCephDevice Used(string path, params string[] affinity) =>
                new McpCephDevice { Node = "h", Path = path, CephDevice = true, Available = false, OsdId = 1, OsdSpecAffinity = new McpList<string>(affinity) };
            var devices = new List<McpCephDevice>
            {
                Used("/dev/sda", "foobar"),
                Used("/dev/sdb", "other"),
                Used("/dev/sdc"),
                Used("/dev/sdd", "foobar", "other"),
                new McpCephDevice { Node = "h", Path = "/dev/sde", Available = true },
            };
            var s = DriveSelector.SelectHost(Spec("data_devices: {all: true}\n"), "h", devices);
            Assert.Equal(new[] { "/dev/sda", "/dev/sdc", "/dev/sde" }, Paths(s.Data));
        }

        [Fact]
        public void Paths_bypass_filters_availability_and_the_other_roles()
        {
            var inv = Inventory(Dev(locked: true), Dev(false));
            var s = DriveSelector.SelectHost(Spec("data_devices: {paths: [/dev/sda, /dev/sdz]}\ndb_devices: {rotational: 0}\n"), "host1", inv);
            Assert.Equal(new[] { "/dev/sda", "/dev/sdz" }, Paths(s.Data));
            Assert.Same(inv[0], s.Data[0]);                       // the inventory's device where it has one
            Assert.Equal("host1", s.Data[1].Node);                 // else the path alone
            Assert.Equal(new[] { "/dev/sdb" }, Paths(s.Db));
        }

        [Fact]
        public void Paths_do_not_remove_devices_from_the_later_roles_as_in_cephadm()
        {
            var s = DriveSelector.SelectHost(Spec("data_devices: {paths: [/dev/sda]}\ndb_devices: {rotational: 1}\n"), "host1", Inventory(Dev(), Dev()));
            Assert.Equal(new[] { "/dev/sda", "/dev/sdb" }, Paths(s.Db));
        }

        [Fact]
        public void Model_and_vendor_match_substrings_with_case()
        {
            var inv = Inventory(Dev(model: "Samsung SSD 860"), Dev(model: "samsung ssd"), Dev(model: "ST4000"));
            Assert.Equal(new[] { "/dev/sda" }, Paths(DriveSelector.SelectHost(Spec("data_devices: {model: Samsung}\n"), "host1", inv).Data));
            Assert.Equal(3, DriveSelector.SelectHost(Spec("data_devices: {vendor: end}\n"), "host1", inv).Data.Count);
        }

        [Fact]
        public void A_device_cephadm_cannot_size_fails_the_spec_naming_the_role()
        {
            var tiny = new McpCephDevice { Node = "h", Path = "/dev/sda", Size = 512, Available = true };
            var e = Assert.Throws<OsdSpecException>(() => DriveSelector.SelectHost(Spec("data_devices: {size: '1G:'}\n"), "h", new[] { tiny }));
            Assert.Equal("data_devices.size", e.Key);
            Assert.Contains("/dev/sda", e.Problem, StringComparison.Ordinal);
        }

        [Fact]
        public void Across_hosts_the_placement_picks_the_nodes()
        {
            var devices = new List<McpCephDevice>();
            foreach (var node in new[] { "osd01.ceph.local", "osd02.ceph.local", "cmn01.ceph.local" })
                foreach (var (path, rot) in new[] { ("/dev/sdb", true), ("/dev/sdc", true), ("/dev/nvme0n1", false) })
                    devices.Add(new McpCephDevice { Node = node, Path = path, Rotational = rot, Available = true, Size = 100 * GiB });
            var spec = Assert.Single(OsdSpecReader.ParseText("service_type: osd\nservice_id: hdd\nplacement: {host_pattern: 'osd*'}\nspec:\n  data_devices: {rotational: 1}\n  db_devices: {rotational: 0}\n", "t"));
            var selection = DriveSelector.Select(spec, devices);
            Assert.Equal(new[]
            {
                "osd01.ceph.local:/dev/sdb Data", "osd01.ceph.local:/dev/sdc Data", "osd01.ceph.local:/dev/nvme0n1 Db",
                "osd02.ceph.local:/dev/sdb Data", "osd02.ceph.local:/dev/sdc Data", "osd02.ceph.local:/dev/nvme0n1 Db",
            }, selection.Select(s => $"{s.Node}:{s.Path} {s.Role}"));
            Assert.All(selection, s => Assert.Equal("hdd", s.Spec));
            Assert.All(selection, s => Assert.Equal(100 * GiB, s.Size));
        }

        [Fact]
        public void Across_hosts_a_host_counts_its_osds_of_the_spec_towards_the_limit()
        {
            var devices = new List<McpCephDevice>
            {
                new McpCephDevice { Node = "h", Path = "/dev/sda", CephDevice = true, OsdId = 0, OsdSpecAffinity = new McpList<string> { "lim" } },
                new McpCephDevice { Node = "h", Path = "/dev/sdb", Available = true },
                new McpCephDevice { Node = "h", Path = "/dev/sdc", Available = true },
            };
            var spec = Assert.Single(OsdSpecReader.ParseText("service_id: lim\ndata_devices: {all: true, limit: 2}\n", "t"));
            var selection = DriveSelector.Select(spec, devices);
            Assert.Equal(new[] { "/dev/sda", "/dev/sdb" }, selection.Select(s => s.Path));
            Assert.True(selection[0].InUse);
            Assert.False(selection[1].InUse);
        }

        [Fact]
        public void A_paths_entry_gives_its_crush_device_class_to_the_selection()
        {
            var spec = Assert.Single(OsdSpecReader.ParseText("crush_device_class: ssd\ndata_devices:\n  paths:\n  - {path: /dev/sda, crush_device_class: hdd}\n  - /dev/sdb\n", "t"));
            var selection = DriveSelector.Select(spec, new[] { new McpCephDevice { Node = "h", Path = "/dev/sda" } });
            Assert.Equal(new[] { "hdd", "ssd" }, selection.Select(s => s.CrushDeviceClass));
            Assert.All(selection, s => Assert.True(s.ByPath));
        }

        [Fact]
        public void A_host_pattern_may_match_no_host_then_nothing_is_selected()
        {
            var spec = Assert.Single(OsdSpecReader.ParseText("placement: {host_pattern: 'nothing*'}\ndata_devices: {all: true}\n", "t"));
            Assert.Empty(DriveSelector.Select(spec, new[] { new McpCephDevice { Node = "h", Path = "/dev/sda", Available = true } }));
        }

        /// The lab's 4 GiB loop device: ceph-volume rejects it (<5GB), so no spec selects it.
        [Fact]
        public void The_lab_loop_device_is_rejected_by_ceph_volume_and_selected_by_none()
        {
            var devices = CephDeviceInventory.Parse(CephDeviceInventoryTests.LoopInventory, "cmn01", "lab.json");
            Assert.Empty(DriveSelector.Select(Assert.Single(OsdSpecReader.ParseText("data_devices: {all: true}\n", "t")), devices));
            // were it available, "4G" would be its exact size as cephadm reads "4.00 GB"
            devices[0].Available = true;
            Assert.Single(DriveSelector.Select(Assert.Single(OsdSpecReader.ParseText("data_devices: {size: 4G}\n", "t")), devices));
            Assert.Empty(DriveSelector.Select(Assert.Single(OsdSpecReader.ParseText("data_devices: {size: '5G:'}\n", "t")), devices));
        }
    }
}
