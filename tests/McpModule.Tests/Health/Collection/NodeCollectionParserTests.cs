#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using McpModule.Health.Collection;
using Xunit;

namespace McpModule.Tests.Health.Collection
{
    /// collect-node.sh's output, written here line by line as the script prints it, read into metrics.
    public sealed class NodeCollectionParserTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        private static string Output(string boot = "b1", string uptime = "1000.00 1900.00",
            string cpu = "cpu  100 20 50 800 10 5 10 5 0 0", string eth0 = "50 0 0 0 0 0 0 0 0 0 7 3",
            params string[] more)
        {
            var lines = new List<string>
            {
                "mcp-health\t1",
                "boot\t" + boot,
                "uptime\t" + uptime,
                "loadavg\t0.45 0.39 0.98 2/109 1147",
                "stat\t" + cpu,
                "stat\tcpu0 50 10 25 400 5 2 5 2 0 0",
                "stat\tcpu1 50 10 25 400 5 3 5 3 0 0",
                "meminfo\tMemTotal:       1000 kB",
                "meminfo\tMemFree:         100 kB",
                "meminfo\tMemAvailable:    600 kB",
                "meminfo\tBuffers:          50 kB",
                "meminfo\tCached:          300 kB",
                "meminfo\tSwapTotal:         0 kB",
                "meminfo\tSwapFree:          0 kB",
                "netdev\t    lo: 1000 10 99 99 0 0 0 0 1000 10 99 99 0 0 0 0",
                // rx: bytes packets errs drop fifo frame compressed multicast; tx: bytes packets errs drop ...
                "netdev\t  eth0: 9000 90 " + Split(eth0, 0, 2) + " 0 0 0 0 9000 90 " + Split(eth0, 10, 2) + " 0 0 0 0",
            };
            lines.AddRange(more);
            lines.Add("end");
            return string.Join("\n", lines) + "\n";
        }

        // columns from..from+count of a 12-column stand-in for the counters this test varies
        private static string Split(string columns, int from, int count) => string.Join(" ", columns.Split(' ').Skip(from).Take(count));

        private static NodeCollection Parse(string stdout, NodeCounters? previous = null, DateTimeOffset? at = null) =>
            NodeCollectionParser.Parse("n1", stdout, at ?? T0, previous);

        [Fact]
        public void A_first_collection_gives_cpu_shares_and_interface_rates_since_boot()
        {
            var c = Parse(Output());
            Assert.Empty(c.Problems);
            // the cpu line's first eight columns sum to 1000
            Assert.Equal(10, c.Value("cpu_user"), 9);
            Assert.Equal(2, c.Value("cpu_nice"), 9);
            Assert.Equal(5, c.Value("cpu_system"), 9);
            Assert.Equal(80, c.Value("cpu_idle"), 9);
            Assert.Equal(1, c.Value("cpu_wait"), 9);
            Assert.Equal(0.5, c.Value("cpu_interrupt"), 9);
            Assert.Equal(1, c.Value("cpu_softirq"), 9);
            Assert.Equal(0.5, c.Value("cpu_steal"), 9);
            Assert.Equal(2, c.Value("cpu_count"));
            // 50 receive errors in 1000 s of uptime
            Assert.Equal(0.05, c.Value("if_errors_rx", ("interface", "eth0")), 9);
            Assert.Equal(0.007, c.Value("if_errors_tx", ("interface", "eth0")), 9);
            Assert.Equal(0.003, c.Value("if_dropped_tx", ("interface", "eth0")), 9);
            Assert.DoesNotContain(c.Metrics, m => m.Dimensions.TryGetValue("interface", out var i) && i == "lo");
            Assert.All(c.Metrics, m => Assert.Equal("n1", m.Node));
            Assert.All(c.Metrics, m => Assert.Equal(T0, m.Timestamp));
        }

        [Fact]
        public void Two_collections_ten_seconds_apart_give_the_shares_and_rates_of_those_ten_seconds()
        {
            var first = Parse(Output());
            // user +300, system +100, idle +1500, wait +50, softirq +50: 2000 in all
            var second = Parse(Output(uptime: "1010.00 1919.00", cpu: "cpu  400 20 150 2300 60 5 60 5 0 0", eth0: "70 0 0 0 0 0 0 0 0 0 7 8"),
                first.Counters, T0.AddSeconds(10));
            Assert.Empty(second.Problems);
            Assert.Equal(15, second.Value("cpu_user"), 9);
            Assert.Equal(0, second.Value("cpu_nice"), 9);
            Assert.Equal(5, second.Value("cpu_system"), 9);
            Assert.Equal(75, second.Value("cpu_idle"), 9);
            Assert.Equal(2.5, second.Value("cpu_wait"), 9);
            Assert.Equal(2.5, second.Value("cpu_softirq"), 9);
            Assert.Equal(0, second.Value("cpu_steal"), 9);
            Assert.Equal(2, second.Value("if_errors_rx", ("interface", "eth0")), 9);
            Assert.Equal(0, second.Value("if_errors_tx", ("interface", "eth0")), 9);
            Assert.Equal(0.5, second.Value("if_dropped_tx", ("interface", "eth0")), 9);
            Assert.Equal(1010, second.Counters!.Uptime);
            Assert.Equal(T0.AddSeconds(10), second.Counters.Timestamp);
        }

        [Fact]
        public void The_nodes_own_uptime_is_the_interval_not_the_callers_clock()
        {
            var first = Parse(Output());
            // the SSH round trip made the caller see 12 s; the node counted 10
            var second = Parse(Output(uptime: "1010.00 0", eth0: "70 0 0 0 0 0 0 0 0 0 7 3"), first.Counters, T0.AddSeconds(12));
            Assert.Equal(2, second.Value("if_errors_rx", ("interface", "eth0")), 9);
        }

        [Fact]
        public void After_a_reboot_the_boot_id_changes_and_everything_is_since_boot_again()
        {
            var before = Parse(Output(uptime: "90000 0", cpu: "cpu  9000 0 9000 90000 0 0 0 0 0 0", eth0: "5000 0 0 0 0 0 0 0 0 0 0 0"));
            var after = Parse(Output(boot: "b2", uptime: "100.00 0", eth0: "10 0 0 0 0 0 0 0 0 0 0 0"), before.Counters, T0.AddSeconds(60));
            Assert.Equal(10, after.Value("cpu_user"), 9);
            Assert.Equal(0.1, after.Value("if_errors_rx", ("interface", "eth0")), 9);
            Assert.Equal("b2", after.Counters!.BootId);
        }

        [Fact]
        public void A_counter_that_went_backwards_counts_from_zero()
        {
            var first = Parse(Output(eth0: "50 0 0 0 0 0 0 0 0 0 7 3"));
            // a driver reset its counters: 50 became 10, on the same boot
            var second = Parse(Output(uptime: "1010.00 0", cpu: "cpu  40 20 50 800 10 5 10 5 0 0", eth0: "10 0 0 0 0 0 0 0 0 0 7 3"), first.Counters, T0.AddSeconds(10));
            Assert.Equal(1, second.Value("if_errors_rx", ("interface", "eth0")), 9);
            // user 100 -> 40 counts as 40; nothing else moved
            Assert.Equal(100, second.Value("cpu_user"), 9);
        }

        [Fact]
        public void An_interface_new_since_the_previous_collection_is_since_boot()
        {
            var first = Parse(Output());
            var second = Parse(Output(uptime: "1010.00 0", more: "netdev\t  eth1: 0 0 101 0 0 0 0 0 0 0 0 0 0 0 0 0"), first.Counters, T0.AddSeconds(10));
            Assert.Equal(0.1, second.Value("if_errors_rx", ("interface", "eth1")), 9);
        }

        [Fact]
        public void Counters_go_to_json_and_back_as_they_are()
        {
            var counters = Parse(Output()).Counters!;
            var json = JsonSerializer.Serialize(counters);
            var back = JsonSerializer.Deserialize<NodeCounters>(json)!;
            Assert.Equal(counters.BootId, back.BootId);
            Assert.Equal(counters.Timestamp, back.Timestamp);
            Assert.Equal(counters.Uptime, back.Uptime);
            Assert.Equal(counters.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal), back.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            Assert.Contains("\"if/eth0/errors_rx\":50", json, StringComparison.Ordinal);
            // and parse the next collection as well as the original
            var next = Parse(Output(uptime: "1010.00 0", eth0: "70 0 0 0 0 0 0 0 0 0 7 3"), back, T0.AddSeconds(10));
            Assert.Equal(2, next.Value("if_errors_rx", ("interface", "eth0")), 9);
        }

        [Fact]
        public void Memory_is_in_bytes_and_used_is_collectds()
        {
            var c = Parse(Output());
            Assert.Equal(1024000, c.Value("memory_total"));
            Assert.Equal(102400, c.Value("memory_free"));
            Assert.Equal(614400, c.Value("memory_available"));
            Assert.Equal(307200, c.Value("memory_cached"));
            Assert.Equal(51200, c.Value("memory_buffered"));
            Assert.Equal((1000 - 100 - 50 - 300) * 1024, c.Value("memory_used"));
            Assert.Equal(60, c.Value("memory_percent_available"), 9);
            Assert.Equal(0, c.Value("swap_total"));
            // no swap: no share of it
            Assert.Empty(c.Named("swap_percent_used"));
            Assert.Equal(0.45, c.Value("load_shortterm"));
            Assert.Equal(0.98, c.Value("load_longterm"));

            var swapping = Parse(Output().Replace("SwapTotal:         0", "SwapTotal:       400", StringComparison.Ordinal).Replace("SwapFree:          0", "SwapFree:        100", StringComparison.Ordinal));
            Assert.Equal(300 * 1024, swapping.Value("swap_used"));
            Assert.Equal(75, swapping.Value("swap_percent_used"), 9);
        }

        [Fact]
        public void File_systems_are_named_by_their_mount_point_unescaped_and_counted_as_df_does()
        {
            var c = Parse(Output(more: new[]
            {
                // frsize blocks bfree bavail files ffree
                "fs\t/\text4\t4096 1000 400 300 100 25",
                "fs\t/srv/my\\040data\\011x\txfs\t1024 10 5 5 10 5",
                "fs\t/mnt/ünï €\text4\t1024 10 5 5 10 5",
                "fs\t/back\\134slash\text4\t1024 10 5 5 10 5",
                // btrfs counts no inodes; a file system without blocks holds no data
                "fs\t/var/lib/docker\tbtrfs\t4096 100 50 50 0 0",
                "fs\t/sys/fs/weird\tweirdfs\t4096 0 0 0 0 0",
            }));
            Assert.Empty(c.Problems);
            Assert.Equal(300 * 4096, c.Value("fs_space_free", ("fs", "/"), ("type", "ext4")));
            Assert.Equal(600 * 4096, c.Value("fs_space_used", ("fs", "/")));
            // df's Use% base: used + available (the root reserve left out)
            Assert.Equal(100.0 / 3, c.Value("fs_space_percent_free", ("fs", "/")), 9);
            Assert.Equal(25, c.Value("fs_inodes_free", ("fs", "/")));
            Assert.Equal(75, c.Value("fs_inodes_used", ("fs", "/")));
            Assert.Equal(25, c.Value("fs_inodes_percent_free", ("fs", "/")), 9);
            Assert.Equal(
                new[] { "/", "/back\\slash", "/mnt/ünï €", "/srv/my data\tx", "/var/lib/docker" },
                c.Named("fs_space_free").Select(m => m.Dimensions["fs"]).OrderBy(f => f, StringComparer.Ordinal));
            Assert.DoesNotContain(c.Named("fs_inodes_free"), m => m.Dimensions["fs"] == "/var/lib/docker");
        }

        [Theory]
        [InlineData("/a\\040b", "/a b")]
        [InlineData("/a\\012b", "/a\nb")]
        [InlineData("/a\\134040", "/a\\040")]
        [InlineData("/a\\04", "/a\\04")]
        [InlineData("/a\\", "/a\\")]
        [InlineData("/plain", "/plain")]
        public void Mount_point_escapes_are_decoded_as_the_kernel_wrote_them(string escaped, string path) =>
            Assert.Equal(path, FileSystemMetrics.Unescape(escaped));

        [Fact]
        public void A_unit_name_with_an_instance_and_escapes_keeps_them_in_its_dimension()
        {
            const string unit = "systemd-fsck@dev-disk-by\\x2duuid-1a2b.service";
            var c = Parse(Output(more: new[]
            {
                "unit\tboot\t" + unit,
                "unit\tceph\tceph-osd@*.service",
                "systemd\tNRestarts=0",
                "systemd\tId=" + unit,
                "systemd\tNames=" + unit,
                "systemd\tLoadState=loaded",
                "systemd\tActiveState=active",
                "systemd\tSubState=exited",
                "systemd\t",
                "systemd\tNRestarts=3",
                "systemd\tId=ceph-osd@12.service",
                "systemd\tNames=ceph-osd@12.service",
                "systemd\tLoadState=loaded",
                "systemd\tActiveState=activating",
                "systemd\tSubState=auto-restart",
                "journal\t4\tceph-osd@12.service\t\t\t",
                "journal-read",
            }));
            Assert.Empty(c.Problems);
            Assert.Equal(1, c.Value("systemd_unit_active", ("unit", unit), ("service", "boot")));
            Assert.Equal(0, c.Value("log_errors", ("unit", unit)));
            Assert.Equal(0, c.Value("systemd_unit_active", ("unit", "ceph-osd@12.service"), ("service", "ceph")));
            Assert.Equal(0, c.Value("systemd_unit_failed", ("unit", "ceph-osd@12.service")));
            Assert.Equal(3, c.Value("systemd_unit_restarts", ("unit", "ceph-osd@12.service")));
            Assert.Equal(4, c.Value("log_errors", ("unit", "ceph-osd@12.service")));
        }

        [Fact]
        public void Without_the_journals_end_no_error_count_is_claimed()
        {
            var c = Parse(Output(more: new[] { "unit\ts\tssh.service", "systemd\tId=ssh.service", "systemd\tLoadState=loaded", "systemd\tActiveState=active" }));
            Assert.Equal(1, c.Value("systemd_unit_loaded", ("unit", "ssh.service")));
            Assert.Empty(c.Named("log_errors"));
            // not a service: no restart count
            Assert.Empty(c.Named("systemd_unit_restarts"));
        }

        [Fact]
        public void A_line_cut_in_half_is_a_problem_and_the_lines_before_it_count()
        {
            var full = Output();
            var cut = full.Substring(0, full.IndexOf("MemFree:", StringComparison.Ordinal) + 12);
            var c = Parse(cut);
            Assert.Contains(c.Problems, p => p.StartsWith("The output was cut short", StringComparison.Ordinal) && p.EndsWith("MemFree:    ", StringComparison.Ordinal));
            Assert.Contains("The output ended before the collector's end line: what came after it is missing.", c.Problems);
            Assert.Equal(1024000, c.Value("memory_total"));
            Assert.Empty(c.Named("memory_free"));
            Assert.Equal(2, c.Value("cpu_count"));
            Assert.Equal("b1", c.Counters!.BootId);
        }

        [Fact]
        public void A_number_cut_at_the_end_of_the_output_is_left_out_rather_than_read_short()
        {
            var full = Output();
            var cut = full.Substring(0, full.IndexOf("cpu  100", StringComparison.Ordinal) + 7);
            var c = Parse(cut);
            Assert.Empty(c.Named("cpu_user"));
            Assert.Contains(c.Problems, p => p.EndsWith("stat\tcpu  10", StringComparison.Ordinal));
        }

        [Fact]
        public void An_empty_output_is_a_problem_and_keeps_the_previous_counters()
        {
            var previous = Parse(Output()).Counters;
            foreach (var stdout in new[] { "", "\n", "   " })
            {
                var c = Parse(stdout, previous);
                Assert.Empty(c.Metrics);
                Assert.Equal("The node printed nothing (the collection script did not run?).", Assert.Single(c.Problems));
                Assert.Same(previous, c.Counters);
            }
            Assert.Null(Parse("").Counters);
        }

        [Fact]
        public void Output_that_is_not_the_collectors_or_of_another_version_is_refused_whole()
        {
            var c = Parse("Welcome to node01!\n" + Output());
            Assert.Empty(c.Metrics);
            Assert.Equal("Not the health collector's output; its first line is: Welcome to node01!", Assert.Single(c.Problems));

            c = Parse(Output().Replace("mcp-health\t1", "mcp-health\t2", StringComparison.Ordinal));
            Assert.Empty(c.Metrics);
            Assert.Equal("The health collector's output is version 2; this module reads version 1.", Assert.Single(c.Problems));
        }

        [Fact]
        public void Lines_that_do_not_read_are_problems_and_the_rest_still_counts()
        {
            var c = Parse(Output(more: new[] { "fs\t/x", "journal\tmany\ta\tb\tc\td", "meminfo\tDirty: lots", "stat\tcpu7 x", "problem\tstatfs /nfs: no answer in 5 s", "future-record\twhatever" }));
            Assert.Contains("A line of the collector's output could not be read: fs\t/x", c.Problems);
            Assert.Contains("A line of the collector's output could not be read: journal\tmany\ta\tb\tc\td", c.Problems);
            Assert.Contains("/proc/meminfo: a line could not be read: Dirty: lots", c.Problems);
            Assert.Contains("statfs /nfs: no answer in 5 s", c.Problems);
            Assert.Equal(4, c.Problems.Count);
            Assert.Equal(3, c.Value("cpu_count"));
            Assert.Equal(1024000, c.Value("memory_total"));
        }

        [Fact]
        public void An_unreachable_node_gives_ssh_check_0_and_keeps_its_counters()
        {
            var previous = Parse(Output()).Counters;
            var c = NodeCollection.Unreachable("n2", T0, previous);
            var m = Assert.Single(c.Metrics);
            Assert.Equal(("ssh_check", 0.0, "n2", T0), (m.Name, m.Value, m.Node, m.Timestamp));
            Assert.Empty(m.Dimensions);
            Assert.Same(previous, c.Counters);
        }
    }
}
