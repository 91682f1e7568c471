using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Ceph;
using McpModule.Ceph.Osd;
using Xunit;

namespace McpModule.Tests.Ceph.Osd
{
    /// Add-McpCephOsd's checks before anything changes: device paths, what ceph-volume sees on the
    /// node, what the cluster holds, and the ids of destroyed OSDs to reuse.
    public sealed class CephOsdPlannerTests
    {
        [Theory]
        [InlineData("/dev/sdb")]
        [InlineData("/dev/disk/by-id/nvme-Samsung_SSD_970-part1")]
        [InlineData("/dev/disk/by-path/pci-0000:00:1f.2-ata-1")]
        [InlineData("/dev/mapper/x")]
        [InlineData("/dev/mapper/ceph--vg-osd+block.1")]
        [InlineData("/dev/loop0")]
        [InlineData("/dev/nvme0n1")]
        public void A_device_path_is_accepted(string path)
        {
            Assert.Null(CephOsdPlanner.PathProblem(path));
        }

        [Theory]
        [InlineData("/dev/x;rm -rf /")]
        [InlineData("$(reboot)")]
        [InlineData("/dev/$(reboot)")]
        [InlineData("/dev/sdb`reboot`")]
        [InlineData("/dev/../etc/passwd")]
        [InlineData("/dev/sdb/../../etc/passwd")]
        [InlineData("/dev/sdb/..")]
        [InlineData("/dev//sdb")]
        [InlineData("/dev/sd b")]
        [InlineData("/dev/sdb ")]
        [InlineData(" /dev/sdb")]
        [InlineData("/dev/'sdb'")]
        [InlineData("/dev/\"sdb\"")]
        [InlineData("/dev/sdb\n")]
        [InlineData("/dev/sdb\nreboot")]
        [InlineData("/dev/sdb\r\n")]
        [InlineData("/dev/sdb\t")]
        [InlineData("/dev/sdb|x")]
        [InlineData("/dev/sdb&")]
        [InlineData("/dev/sdb>x")]
        [InlineData("/dev/*")]
        [InlineData("/dev/")]
        [InlineData("/dev")]
        [InlineData("")]
        [InlineData("sdb")]
        [InlineData("/etc/passwd")]
        [InlineData("/dev/-rf")]
        public void A_path_that_is_no_device_path_is_refused_saying_what_one_is(string path)
        {
            // the path as it can be shown: a line break or tab escaped, never raw in the message
            Assert.Equal($"'{McpModule.Text.DisplayText.Printable(path)}' is not a device path (/dev/ followed by letters, digits and _ . : + - /)", CephOsdPlanner.PathProblem(path));
            Assert.DoesNotContain('\n', CephOsdPlanner.PathProblem(path));
        }

        [Fact]
        public void A_path_longer_than_the_bound_is_refused_and_shown_cut()
        {
            Assert.Null(CephOsdPlanner.PathProblem("/dev/" + new string('a', CephOsdPlanner.MaxPathLength - 5)));
            var problem = CephOsdPlanner.PathProblem("/dev/" + new string('a', 100_000));
            Assert.EndsWith("is not a device path: 100005 characters, more than 256", problem, StringComparison.Ordinal);
            Assert.True(problem!.Length < 200);
        }

        [Theory]
        [InlineData("/dev/sdb", "ceph_osd_sdb")]
        [InlineData("/dev/loop0", "ceph_osd_loop0")]
        [InlineData("/dev/disk/by-id/nvme-Samsung_SSD_970-part1", "ceph_osd_disk_by_id_nvme_Samsung_SSD_970_part1")]
        [InlineData("/dev/disk/by-path/pci-0000:00:1f.2-ata-1", "ceph_osd_disk_by_path_pci_0000_00_1f_2_ata_1")]
        [InlineData("/dev/mapper/vg-lv", "ceph_osd_mapper_vg_lv")]
        [InlineData("sdb", "ceph_osd_sdb")]
        public void The_state_id_is_the_device_without_dev_and_underscores_for_separators(string device, string id)
        {
            Assert.Equal(id, CephOsdPlanner.StateId(device));
        }

        // ---- Plan ----

        private static readonly McpNode Osd01 = new McpNode("osd01.ceph.local");
        private static readonly McpNode Osd02 = new McpNode("osd02.ceph.local");

        private static McpCephDevice Device(string node, string path, bool available = true, int? osd = null, params string[] reasons) =>
            new McpCephDevice { Node = node, Path = path, Available = available, OsdId = osd, RejectedReasons = new McpList<string>(reasons), Size = 10L << 30 };

        private static Dictionary<string, IReadOnlyList<McpCephDevice>> Inventory(McpNode node, params McpCephDevice[] devices) =>
            new Dictionary<string, IReadOnlyList<McpCephDevice>> { [node.Name] = devices };

        private static Dictionary<string, IReadOnlyList<McpCephDevice>> Free(McpNode node, params string[] paths) =>
            Inventory(node, paths.Select(p => Device(node.Name, p)).ToArray());

        private static CephOsdRequest Ask(McpNode node, string device, string db = null, string wal = null) => new CephOsdRequest(node, device, db, wal);

        private static List<McpCephOsdPlan> Plan(IReadOnlyDictionary<string, IReadOnlyList<McpCephDevice>> inventory, List<CephOsdProblem> problems,
            string mode = "Lvm", IReadOnlyList<McpCephOsd> osds = null, bool encrypted = false, params CephOsdRequest[] requests) =>
            CephOsdPlanner.Plan(requests, inventory, osds ?? Array.Empty<McpCephOsd>(), n => mode, encrypted, problems);

        [Fact]
        public void Free_devices_become_plans_with_their_mode_state_id_and_no_reused_id()
        {
            var problems = new List<CephOsdProblem>();
            var plans = Plan(Free(Osd01, "/dev/sdb", "/dev/sdc", "/dev/nvme0n1"), problems, "Lvm", encrypted: true, requests: new[]
            {
                Ask(Osd01, "/dev/sdb", db: "/dev/nvme0n1"), Ask(Osd01, "/dev/sdc", db: "/dev/nvme0n1"),
            });
            Assert.Empty(problems);
            Assert.Equal(new[] { "/dev/sdb", "/dev/sdc" }, plans.Select(p => p.Device));
            var p0 = plans[0];
            Assert.Equal("osd01.ceph.local", p0.Node);
            Assert.Equal("/dev/nvme0n1", p0.DbDevice);
            Assert.Equal("", p0.WalDevice);
            Assert.Equal("Lvm", p0.Mode);
            Assert.True(p0.Encrypted);
            Assert.Null(p0.ReuseId);
            Assert.Equal("ceph_osd_sdb", p0.StateId);
            Assert.Equal("/dev/sdb → a new OSD (lvm, DB /dev/nvme0n1, encrypted)", p0.ToString());
        }

        [Fact]
        public void Two_devices_that_would_be_one_step_of_the_run_are_refused_naming_both()
        {
            var problems = new List<CephOsdProblem>();
            var plans = Plan(Free(Osd01, "/dev/a-b", "/dev/a_b", "/dev/sdc"), problems, requests: new[] { Ask(Osd01, "/dev/a-b"), Ask(Osd01, "/dev/a_b"), Ask(Osd01, "/dev/sdc") });
            Assert.Equal(new[] { "/dev/sdc" }, plans.Select(p => p.Device));
            var problem = Assert.Single(problems);
            Assert.Equal("Mcp.Ceph.StepIdClash", problem.ErrorId);
            Assert.Contains("/dev/a-b and /dev/a_b would be one step (ceph_osd_a_b)", problem.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_device_asked_for_twice_is_planned_once()
        {
            var problems = new List<CephOsdProblem>();
            var plans = Plan(Free(Osd01, "/dev/sdb"), problems, requests: new[] { Ask(Osd01, "/dev/sdb"), Ask(Osd01, "/dev/sdb") });
            Assert.Empty(problems);
            Assert.Single(plans);
        }

        [Fact]
        public void A_device_ceph_volume_does_not_see_is_refused_naming_what_it_sees()
        {
            var problems = new List<CephOsdProblem>();
            var plans = Plan(Free(Osd01, "/dev/sdb", "/dev/sdc"), problems, requests: new[] { Ask(Osd01, "/dev/sdz"), Ask(Osd01, "/dev/sdb") });
            var p = Assert.Single(problems);
            Assert.Equal("Mcp.Ceph.DeviceNotFound", p.ErrorId);
            Assert.Equal("osd01.ceph.local", p.Node);
            Assert.Equal("/dev/sdz", p.Device);
            Assert.Equal("osd01.ceph.local has no device /dev/sdz (ceph-volume sees /dev/sdb, /dev/sdc)", p.Message);
            Assert.Equal(new[] { "/dev/sdb" }, plans.Select(x => x.Device));
        }

        [Fact]
        public void A_node_where_ceph_volume_sees_nothing_says_so()
        {
            var problems = new List<CephOsdProblem>();
            Assert.Empty(Plan(Free(Osd01), problems, requests: Ask(Osd01, "/dev/sdb")));
            Assert.Equal("osd01.ceph.local has no device /dev/sdb (ceph-volume sees no device)", Assert.Single(problems).Message);
        }

        [Fact]
        public void A_device_that_is_an_osd_already_is_refused_naming_the_osd()
        {
            var problems = new List<CephOsdProblem>();
            var plans = Plan(Inventory(Osd01, Device(Osd01.Name, "/dev/sdb", available: false, osd: 3, "LVM detected")), problems, requests: Ask(Osd01, "/dev/sdb"));
            Assert.Empty(plans);
            var p = Assert.Single(problems);
            Assert.Equal("Mcp.Ceph.DeviceIsOsd", p.ErrorId);
            Assert.Equal("osd01.ceph.local: /dev/sdb is osd.3 already", p.Message);
        }

        [Fact]
        public void An_unavailable_device_is_refused_with_ceph_volumes_reasons()
        {
            var problems = new List<CephOsdProblem>();
            var plans = Plan(Inventory(Osd01, Device(Osd01.Name, "/dev/sdb", false, null, "Has a FileSystem", "Insufficient space (<5GB)")), problems, requests: Ask(Osd01, "/dev/sdb"));
            Assert.Empty(plans);
            var p = Assert.Single(problems);
            Assert.Equal("Mcp.Ceph.DeviceNotAvailable", p.ErrorId);
            Assert.Equal("osd01.ceph.local: /dev/sdb cannot be an OSD's device: Has a FileSystem; Insufficient space (<5GB)", p.Message);
        }

        [Fact]
        public void An_unavailable_db_device_is_refused_as_a_db_device()
        {
            var problems = new List<CephOsdProblem>();
            var inventory = Inventory(Osd01, Device(Osd01.Name, "/dev/sdb"), Device(Osd01.Name, "/dev/nvme0n1", false, null, "locked"));
            Assert.Empty(Plan(inventory, problems, requests: Ask(Osd01, "/dev/sdb", db: "/dev/nvme0n1")));
            Assert.Equal("osd01.ceph.local: /dev/nvme0n1 cannot be an OSD's DB device: locked", Assert.Single(problems).Message);
        }

        [Fact]
        public void A_missing_wal_device_is_refused_as_a_wal_device()
        {
            var problems = new List<CephOsdProblem>();
            Assert.Empty(Plan(Free(Osd01, "/dev/sdb"), problems, requests: Ask(Osd01, "/dev/sdb", wal: "/dev/nvme1n1")));
            Assert.Equal("osd01.ceph.local has no WAL device /dev/nvme1n1 (ceph-volume sees /dev/sdb)", Assert.Single(problems).Message);
        }

        [Fact]
        public void A_db_device_that_is_also_a_data_device_is_refused()
        {
            var problems = new List<CephOsdProblem>();
            var plans = Plan(Free(Osd01, "/dev/sdb", "/dev/sdc"), problems, requests: new[] { Ask(Osd01, "/dev/sdb", db: "/dev/sdc"), Ask(Osd01, "/dev/sdc") });
            var p = Assert.Single(problems);
            Assert.Equal("Mcp.Ceph.DeviceTwice", p.ErrorId);
            Assert.Equal("/dev/sdc", p.Device);
            Assert.Equal("osd01.ceph.local: /dev/sdc is asked for as a data device and as a DB device", p.Message);
            Assert.Equal(new[] { "/dev/sdc" }, plans.Select(x => x.Device));
        }

        [Fact]
        public void An_invalid_path_in_a_plan_is_refused_before_the_inventory_is_looked_at()
        {
            var problems = new List<CephOsdProblem>();
            Assert.Empty(Plan(Free(Osd01, "/dev/sdb"), problems, requests: Ask(Osd01, "/dev/sdb", db: "/dev/x;reboot")));
            var p = Assert.Single(problems);
            Assert.Equal("Mcp.Ceph.InvalidDevicePath", p.ErrorId);
            Assert.Equal("osd01.ceph.local: '/dev/x;reboot' is not a device path (/dev/ followed by letters, digits and _ . : + - /)", p.Message);
        }

        [Fact]
        public void Raw_mode_with_one_db_device_for_two_osds_needs_lvm_and_drops_those_plans()
        {
            var problems = new List<CephOsdProblem>();
            var plans = Plan(Free(Osd01, "/dev/sdb", "/dev/sdc", "/dev/sdd", "/dev/nvme0n1", "/dev/nvme1n1"), problems, "Raw", requests: new[]
            {
                Ask(Osd01, "/dev/sdb", db: "/dev/nvme0n1"), Ask(Osd01, "/dev/sdc", db: "/dev/nvme0n1"), Ask(Osd01, "/dev/sdd", db: "/dev/nvme1n1"),
            });
            var p = Assert.Single(problems);
            Assert.Equal("Mcp.Ceph.SharedDbNeedsLvm", p.ErrorId);
            Assert.Equal("/dev/nvme0n1", p.Device);
            Assert.Equal("osd01.ceph.local: /dev/nvme0n1 is the DB/WAL device of 2 OSDs; raw mode takes a whole device for each OSD's DB (use -Mode Lvm to share one)", p.Message);
            var left = Assert.Single(plans);
            Assert.Equal("/dev/sdd", left.Device);
            Assert.Equal("Raw", left.Mode);
        }

        [Fact]
        public void Lvm_mode_shares_one_db_device()
        {
            var problems = new List<CephOsdProblem>();
            var plans = Plan(Free(Osd01, "/dev/sdb", "/dev/sdc", "/dev/nvme0n1"), problems, "Lvm", requests: new[]
            {
                Ask(Osd01, "/dev/sdb", db: "/dev/nvme0n1", wal: "/dev/nvme0n1"), Ask(Osd01, "/dev/sdc", db: "/dev/nvme0n1"),
            });
            Assert.Empty(problems);
            Assert.Equal(2, plans.Count);
        }

        [Fact]
        public void A_shared_db_device_that_fails_its_check_fails_every_osd_that_asked_for_it()
        {
            var problems = new List<CephOsdProblem>();
            var plans = Plan(Free(Osd01, "/dev/sdb", "/dev/sdc"), problems, "Lvm", requests: new[]
            {
                Ask(Osd01, "/dev/sdb", db: "/dev/nvme0n1"), Ask(Osd01, "/dev/sdc", db: "/dev/nvme0n1"),
            });
            Assert.Equal("Mcp.Ceph.DeviceNotFound", Assert.Single(problems).ErrorId);
            Assert.Empty(plans);
        }

        [Fact]
        public void Destroyed_ids_of_the_same_host_are_reused_in_ascending_order_and_other_hosts_ids_are_not()
        {
            var osds = new[]
            {
                new McpCephOsd { Id = 0, Host = "osd01", Status = "up" },
                new McpCephOsd { Id = 5, Host = "osd01", Status = "destroyed" },
                new McpCephOsd { Id = 2, Host = "OSD01", Status = "destroyed" },
                new McpCephOsd { Id = 1, Host = "osd02", Status = "destroyed" },
                new McpCephOsd { Id = 3, Host = "osd01", Status = "down" },
                new McpCephOsd { Id = 4, Host = "osd01.ceph.local", Status = "destroyed" },
            };
            var inventory = new Dictionary<string, IReadOnlyList<McpCephDevice>>
            {
                [Osd01.Name] = new[] { Device(Osd01.Name, "/dev/sdb"), Device(Osd01.Name, "/dev/sdc"), Device(Osd01.Name, "/dev/sdd") },
                [Osd02.Name] = new[] { Device(Osd02.Name, "/dev/sdb"), Device(Osd02.Name, "/dev/sdc") },
            };
            var problems = new List<CephOsdProblem>();
            var plans = Plan(inventory, problems, osds: osds, requests: new[]
            {
                Ask(Osd01, "/dev/sdb"), Ask(Osd02, "/dev/sdb"), Ask(Osd01, "/dev/sdc"), Ask(Osd01, "/dev/sdd"), Ask(Osd02, "/dev/sdc"),
            });
            Assert.Empty(problems);
            Assert.Equal(new int?[] { 2, 5, null }, plans.Where(p => p.Node == Osd01.Name).Select(p => p.ReuseId));
            Assert.Equal(new int?[] { 1, null }, plans.Where(p => p.Node == Osd02.Name).Select(p => p.ReuseId));
            Assert.Equal("/dev/sdb → osd.2 again (lvm)", plans[0].ToString());
        }

        [Fact]
        public void A_node_whose_inventory_failed_gets_no_plan_and_no_second_problem()
        {
            var problems = new List<CephOsdProblem>();
            var plans = Plan(Free(Osd01, "/dev/sdb"), problems, requests: new[] { Ask(Osd01, "/dev/sdb"), Ask(Osd02, "/dev/sdb") });
            Assert.Empty(problems);
            Assert.Equal(new[] { Osd01.Name }, plans.Select(p => p.Node));
        }

        [Fact]
        public void Every_problem_of_every_node_is_named_in_one_pass()
        {
            var inventory = new Dictionary<string, IReadOnlyList<McpCephDevice>>
            {
                [Osd01.Name] = new[] { Device(Osd01.Name, "/dev/sdb", false, 7) },
                [Osd02.Name] = new[] { Device(Osd02.Name, "/dev/sdb", false, null, "locked") },
            };
            var problems = new List<CephOsdProblem>();
            var plans = Plan(inventory, problems, requests: new[] { Ask(Osd01, "/dev/sdb"), Ask(Osd01, "/dev/sdc"), Ask(Osd02, "/dev/sdb") });
            Assert.Empty(plans);
            Assert.Equal(new[] { "Mcp.Ceph.DeviceIsOsd", "Mcp.Ceph.DeviceNotFound", "Mcp.Ceph.DeviceNotAvailable" }, problems.Select(p => p.ErrorId));
        }
    }
}
