#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Health.Collection;
using McpModule.Tests.Ceph;
using McpModule.Tests.Differential;
using Xunit;
using Xunit.Abstractions;
using static McpModule.Tests.Health.Collection.CollectorRun;

namespace McpModule.Tests.Health.Collection
{
    /// collect-node.sh run for real on this machine's /bin/sh (Debian 12, like the nodes) against its
    /// real /proc, mounts and tools. Where a part needs what this machine lacks (systemd as PID 1, a Ceph
    /// cluster), stand-ins for systemctl, journalctl and ceph first on PATH print what the real tools
    /// print (systemd 252; ceph 16.2 fixtures captured from a real cluster): a mock of the tools, the
    /// script itself runs as it would on a node.
    public sealed class NodeCollectorScriptTests
    {
        private readonly ITestOutputHelper _log;

        public NodeCollectorScriptTests(ITestOutputHelper log) => _log = log;

        private static bool SystemdRuns => Directory.Exists("/run/systemd/system");

        [Fact]
        public void The_request_becomes_quoted_shell_variables_after_the_first_line()
        {
            var script = NodeCollectorScript.Build(Request(true, ("openssh", "ssh.service"), ("ceph", "ceph-osd@*.service"), ("x", "ntp")));
            var lines = script.Split('\n');
            Assert.Equal("#!/bin/sh", lines[0]);
            Assert.Equal("MCP_UNITS='openssh\tssh.service", lines[1]);
            Assert.Equal("ceph\tceph-osd@*.service", lines[2]);
            // a name without a type is a service, as systemctl takes it
            Assert.Equal("x\tntp.service'", lines[3]);
            Assert.Equal("MCP_LOG_WINDOW=300", lines[4]);
            Assert.Equal("MCP_CEPH=1", lines[5]);
        }

        [Theory]
        [InlineData("open ssh", "ssh.service")]
        [InlineData("a'b", "ssh.service")]
        [InlineData("", "ssh.service")]
        [InlineData("x", "ssh.service; reboot")]
        [InlineData("x", "$(reboot).service")]
        [InlineData("x", "a\tb.service")]
        [InlineData("x", "a\nb.service")]
        [InlineData("ssh\n", "ssh.service")]
        [InlineData("x", "ssh.service\n")]
        [InlineData("x", "")]
        public void A_service_or_unit_name_outside_systemds_characters_is_refused(string service, string unit)
        {
            var e = Assert.Throws<ArgumentException>(() => NodeCollectorScript.Build(Request(false, (service, unit))));
            Assert.DoesNotContain("\n", e.Message);
        }

        [Fact]
        public void The_log_window_and_the_unit_count_are_bounded()
        {
            Assert.Throws<ArgumentException>(() => NodeCollectorScript.Build(new NodeCollectorRequest { LogWindowSeconds = 0 }));
            Assert.Throws<ArgumentException>(() => NodeCollectorScript.Build(new NodeCollectorRequest { LogWindowSeconds = 8 * 24 * 3600 }));
            var many = Enumerable.Range(0, NodeCollectorScript.MaxUnits + 1).Select(i => new NodeUnit("s", $"u{i}.service")).ToList();
            Assert.Throws<ArgumentException>(() => NodeCollectorScript.Build(new NodeCollectorRequest { Units = many }));
        }

        [Fact]
        public void On_this_machine_the_script_reads_the_real_proc_and_mounts_and_exits_0()
        {
            if (!OperatingSystem.IsLinux()) return;
            using var tools = new StandInTools();
            var run = Run(tools, Request(false, ("openssh", "ssh.service")));
            Assert.Equal(0, run.Code);
            Assert.Equal("", run.Err);
            var c = Parse(run.Out);
            _log.WriteLine(string.Join("\n", c.Problems));

            Assert.Equal(Environment.ProcessorCount, c.Value("cpu_count"));
            var shares = new[] { "user", "nice", "system", "idle", "wait", "interrupt", "softirq", "steal" }.Select(s => c.Value("cpu_" + s)).ToList();
            Assert.All(shares, s => Assert.InRange(s, 0, 100));
            Assert.Equal(100, shares.Sum(), 6);

            var memTotal = File.ReadAllLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            Assert.Equal(double.Parse(memTotal, System.Globalization.CultureInfo.InvariantCulture) * 1024, c.Value("memory_total"));
            Assert.InRange(c.Value("memory_percent_available"), 0, 100);
            Assert.Equal(c.Value("memory_total") - c.Value("memory_free") - c.Value("memory_buffered") - c.Value("memory_cached"), c.Value("memory_used"));
            Assert.Single(c.Named("load_shortterm"));

            var mounts = MountPoints();
            var fs = c.Metrics.Where(m => m.Name.StartsWith("fs_", StringComparison.Ordinal)).ToList();
            Assert.Contains(fs, m => m.Dimensions["fs"] == "/");
            Assert.All(fs, m => Assert.Contains(m.Dimensions["fs"], mounts));
            Assert.DoesNotContain(fs, m => m.Dimensions["type"] is "tmpfs" or "proc" or "sysfs" or "cgroup" or "cgroup2" or "devpts");
            // this machine mounts /run/netns and the cgroup trees: trees of the kernel and runtime, left out
            Assert.DoesNotContain(fs, m => System.Text.RegularExpressions.Regex.IsMatch(m.Dimensions["fs"], "^/(dev|proc|sys|run)(/|$)"));
            Assert.All(c.Named("fs_space_percent_free"), m => Assert.InRange(m.Value, 0, 100));
            // one series per mount point
            Assert.Equal(c.Named("fs_space_free").Count(), c.Named("fs_space_free").Select(m => m.Dimensions["fs"]).Distinct().Count());

            var interfaces = File.ReadAllLines("/proc/net/dev").Skip(2).Select(l => l.Split(':')[0].Trim()).Where(i => i != "lo").ToList();
            Assert.Equal(interfaces.OrderBy(i => i, StringComparer.Ordinal), c.Named("if_errors_rx").Select(m => m.Dimensions["interface"]).OrderBy(i => i, StringComparer.Ordinal));

            Assert.Equal(File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim(), c.Counters!.BootId);
            Assert.True(c.Counters.Uptime > 0);
            Assert.DoesNotContain(c.Problems, p => p.Contains("/proc", StringComparison.Ordinal) || p.Contains("statfs", StringComparison.Ordinal));

            if (SystemdRuns) Assert.Single(c.Named("systemd_unit_loaded"));
            else
            {
                // no systemd as PID 1 here: the unit part says so, and claims nothing about the unit
                Assert.Contains(c.Problems, p => p.StartsWith("show: ", StringComparison.Ordinal));
                Assert.Contains("systemctl show exited 1", c.Problems);
                Assert.DoesNotContain(c.Metrics, m => m.Name.StartsWith("systemd_", StringComparison.Ordinal) || m.Name == "log_errors");
            }
        }

        [Fact]
        public void Without_systemd_a_pattern_cannot_be_expanded_and_says_so()
        {
            if (!OperatingSystem.IsLinux() || SystemdRuns) return;
            using var tools = new StandInTools();
            var c = Parse(Run(tools, Request(false, ("ceph", "ceph-osd@*.service"), ("openssh", "ssh.service"))).Out);
            Assert.Contains("systemctl list-units exited 1", c.Problems);
            Assert.DoesNotContain(c.Metrics, m => m.Name.StartsWith("systemd_", StringComparison.Ordinal));
            Assert.Contains(c.Metrics, m => m.Name == "cpu_idle");
        }

        [Fact]
        public void Ceph_without_a_cluster_is_a_problem_and_the_rest_carries_on()
        {
            if (!OperatingSystem.IsLinux()) return;
            using var tools = new StandInTools();
            // the real ceph CLI when installed (no ceph.conf here), else command not found
            var run = Run(tools, Request(true), environment: new Dictionary<string, string> { ["CEPH_CONF"] = "/nonexistent/ceph.conf" });
            Assert.Equal(0, run.Code);
            var c = Parse(run.Out);
            Assert.Contains(c.Problems, p => p.StartsWith("ceph", StringComparison.Ordinal));
            Assert.DoesNotContain(c.Metrics, m => m.Name.StartsWith("ceph_", StringComparison.Ordinal));
            Assert.Contains(c.Metrics, m => m.Name == "memory_total");
        }

        [Fact]
        public void Mount_points_with_spaces_quotes_line_breaks_backslashes_and_unicode_are_read_and_named_as_they_are()
        {
            // a private mount table (unshare -m, root only): bind mounts at odd paths, none seen outside
            if (!OperatingSystem.IsLinux()) return;
            using var tools = new StandInTools();
            var root = Path.Combine(Path.GetTempPath(), "mcp-mounts-" + Guid.NewGuid().ToString("N"));
            var names = new[] { "a b", "q'x", "t\tb", "n\nl", "b\\s", "d\"$(id)`id`", "ünï €", "stacked" };
            foreach (var n in names) Directory.CreateDirectory(Path.Combine(root, n));
            try
            {
                // bind mounts of the repository's file system, which must be one the collector reports
                var source = OracleRunner.RepoRoot;
                if (tools.Run("unshare -m true").Code != 0 || MountTypeOf(source) is "tmpfs" or "overlay") return;
                // the last mount at a point is what is seen there: tmpfs on the bind mount leaves it out
                var run = Run(tools, Request(), "exec unshare -m /bin/sh -c 'for d in \"$1\"/*; do mount --bind \"$2\" \"$d\" || exit 9; done; " +
                    "mount -t tmpfs none \"$1/stacked\" && exec /bin/sh \"$3\"' sh '" + root + "' '" + source + "' {script}");
                Assert.Equal(0, run.Code);
                var fs = Parse(run.Out).Named("fs_space_free").Select(m => m.Dimensions["fs"]).ToList();
                Assert.Equal(names.Where(n => n != "stacked").Select(n => Path.Combine(root, n)).OrderBy(p => p, StringComparer.Ordinal),
                    fs.Where(p => p.StartsWith(root, StringComparison.Ordinal)).OrderBy(p => p, StringComparer.Ordinal));
                Assert.DoesNotContain(MountPoints(), p => p.StartsWith(root, StringComparison.Ordinal));
            }
            finally { Directory.Delete(root, true); }
        }

        private const string Systemctl = """
            echo "$*" >> "$ARGS/systemctl"
            cmd=$1
            while [ "$1" != "--" ]; do shift; done
            shift
            case $cmd in
            list-units)
                # systemd 252: UNIT LOAD ACTIVE SUB DESCRIPTION, padded; a not-found unit still referenced is listed with --all
                printf '%s\n' 'ceph-osd@0.service loaded active running Ceph object storage daemon osd.0' \
                    'ceph-osd@1.service loaded failed failed  Ceph object storage daemon osd.1' \
                    'ceph-osd@7.service not-found inactive dead ceph-osd@7.service' ;;
            show)
                first=1
                for u in "$@"; do
                    [ $first = 1 ] || echo
                    first=0
                    # systemd 252 prints the type's properties first, then the unit's
                    case $u in
                    ssh.service|sshd.service) printf 'NRestarts=0\nId=ssh.service\nNames=ssh.service sshd.service\nLoadState=loaded\nActiveState=active\nSubState=running\n' ;;
                    ceph-osd@0.service) printf 'NRestarts=2\nId=%s\nNames=%s\nLoadState=loaded\nActiveState=active\nSubState=running\n' "$u" "$u" ;;
                    ceph-osd@1.service) printf 'NRestarts=5\nId=%s\nNames=%s\nLoadState=loaded\nActiveState=failed\nSubState=failed\n' "$u" "$u" ;;
                    'systemd-fsck@dev-disk-by\x2duuid-1a2b.service') printf 'NRestarts=0\nId=%s\nNames=%s\nLoadState=loaded\nActiveState=inactive\nSubState=dead\n' "$u" "$u" ;;
                    chrony.service) printf 'NRestarts=0\nId=%s\nNames=%s\nLoadState=masked\nActiveState=inactive\nSubState=dead\n' "$u" "$u" ;;
                    *) printf 'NRestarts=0\nId=%s\nNames=%s\nLoadState=not-found\nActiveState=inactive\nSubState=dead\n' "$u" "$u" ;;
                    esac
                done ;;
            esac
            """;

        // journalctl -o export with --output-fields: the address fields, then the fields asked for; a blank line after each entry
        private const string Journalctl = """
            echo "$*" >> "$ARGS/journalctl"
            entry() { printf '__CURSOR=s=1;i=%s\n__REALTIME_TIMESTAMP=1700000000000000\n__MONOTONIC_TIMESTAMP=1\n_BOOT_ID=0525449cd0cf457f97ee600af36d336c\n' "$1"; shift; printf '%s\n' "$@"; echo; }
            entry 1 _SYSTEMD_UNIT=ssh.service
            entry 2 _SYSTEMD_UNIT=ssh.service
            entry 3 _SYSTEMD_UNIT=init.scope UNIT=ceph-osd@1.service
            entry 4 _SYSTEMD_UNIT=systemd-coredump@0-1-0.service COREDUMP_UNIT=ceph-osd@1.service
            entry 5 _SYSTEMD_UNIT=ceph-osd@1.service
            entry 6 '_SYSTEMD_UNIT=systemd-fsck@dev-disk-by\x2duuid-1a2b.service'
            """;

        [Fact]
        public void Units_are_read_with_one_list_units_one_show_and_one_journalctl_and_matched_to_their_services()
        {
            if (!OperatingSystem.IsLinux()) return;
            using var tools = new StandInTools();
            var args = Directory.CreateTempSubdirectory("mcp-args-").FullName;
            try
            {
                tools.Add("systemctl", Systemctl);
                tools.Add("journalctl", Journalctl);
                var request = Request(false, ("openssh", "sshd.service"), ("ceph", "ceph-osd@*.service"), ("ntp", "chrony.service"),
                    ("ntp", "ntpsec.service"), ("boot", "systemd-fsck@dev-disk-by\\x2duuid-1a2b.service"));
                request.LogWindowSeconds = 600;
                var run = Run(tools, request, environment: new Dictionary<string, string> { ["ARGS"] = args });
                Assert.Equal(0, run.Code);
                var c = Parse(run.Out);
                Assert.Empty(c.Problems);

                var systemctl = File.ReadAllLines(Path.Combine(args, "systemctl"));
                Assert.Equal(2, systemctl.Length);
                Assert.Equal("list-units --all --plain --no-legend --no-pager -- ceph-osd@*.service", systemctl[0]);
                Assert.Equal("show --no-pager -p Id,Names,LoadState,ActiveState,SubState,NRestarts -- sshd.service chrony.service ntpsec.service " +
                    "systemd-fsck@dev-disk-by\\x2duuid-1a2b.service ceph-osd@0.service ceph-osd@1.service", systemctl[1]);
                var journalctl = Assert.Single(File.ReadAllLines(Path.Combine(args, "journalctl")));
                Assert.StartsWith("--no-pager -q -p err --since -600s -o export --output-fields=_SYSTEMD_UNIT,UNIT,OBJECT_SYSTEMD_UNIT,COREDUMP_UNIT -u sshd.service", journalctl, StringComparison.Ordinal);

                // an alias is named as asked
                Assert.Equal(1, c.Value("systemd_unit_active", ("unit", "sshd.service"), ("service", "openssh")));
                Assert.Equal(2, c.Value("log_errors", ("unit", "sshd.service")));
                // a pattern covers the loaded units it matches, not one listed as not-found
                Assert.Equal(new[] { "ceph-osd@0.service", "ceph-osd@1.service" },
                    c.Named("systemd_unit_loaded").Where(m => m.Dimensions["service"] == "ceph").Select(m => m.Dimensions["unit"]).OrderBy(u => u, StringComparer.Ordinal));
                Assert.Equal(1, c.Value("systemd_unit_failed", ("unit", "ceph-osd@1.service")));
                Assert.Equal(0, c.Value("systemd_unit_active", ("unit", "ceph-osd@1.service")));
                Assert.Equal(5, c.Value("systemd_unit_restarts", ("unit", "ceph-osd@1.service")));
                Assert.Equal(2, c.Value("systemd_unit_restarts", ("unit", "ceph-osd@0.service")));
                // its own entry, systemd's about it, and its core dump
                Assert.Equal(3, c.Value("log_errors", ("unit", "ceph-osd@1.service")));
                Assert.Equal(0, c.Value("log_errors", ("unit", "ceph-osd@0.service")));
                // expected and absent is down; masked is not loaded
                Assert.Equal(0, c.Value("systemd_unit_loaded", ("unit", "ntpsec.service")));
                Assert.Equal(0, c.Value("systemd_unit_active", ("unit", "ntpsec.service")));
                Assert.Equal(0, c.Value("systemd_unit_loaded", ("unit", "chrony.service")));
                Assert.Equal(1, c.Value("systemd_unit_loaded", ("unit", "systemd-fsck@dev-disk-by\\x2duuid-1a2b.service"), ("service", "boot")));
                Assert.Equal(1, c.Value("log_errors", ("unit", "systemd-fsck@dev-disk-by\\x2duuid-1a2b.service")));
            }
            finally { Directory.Delete(args, true); }
        }

        [Fact]
        public void A_failing_systemctl_or_journalctl_is_a_problem_line_with_what_it_said()
        {
            if (!OperatingSystem.IsLinux()) return;
            using var tools = new StandInTools();
            tools.Add("systemctl", "echo 'Failed to connect to bus: No such file or directory' >&2; exit 1");
            var c = Parse(Run(tools, Request(false, ("openssh", "ssh.service"))).Out);
            Assert.Equal(new[] { "show: Failed to connect to bus: No such file or directory", "systemctl show exited 1" }, c.Problems);
            Assert.DoesNotContain(c.Metrics, m => m.Name.StartsWith("systemd_", StringComparison.Ordinal));

            tools.Add("systemctl", Systemctl.Replace("\"$ARGS/systemctl\"", "/dev/null", StringComparison.Ordinal));
            tools.Add("journalctl", "echo 'Failed to open journal: Permission denied' >&2; exit 1");
            c = Parse(Run(tools, Request(false, ("openssh", "ssh.service"))).Out);
            Assert.Equal(new[] { "journalctl exited 1", "journal: Failed to open journal: Permission denied" }, c.Problems);
            // the unit's state is known, its error count is not
            Assert.Equal(1, c.Value("systemd_unit_active", ("unit", "ssh.service")));
            Assert.Empty(c.Named("log_errors"));
        }

        [Fact]
        public void Ceph_is_read_with_one_bounded_call_and_turned_into_metrics()
        {
            if (!OperatingSystem.IsLinux()) return;
            using var tools = new StandInTools();
            var args = Directory.CreateTempSubdirectory("mcp-args-").FullName;
            var fixtures = Path.Combine(OracleRunner.RepoRoot, "tests", "fixtures", "ceph", "health");
            try
            {
                // ceph --connect-timeout 5 status -f json
                tools.Add("ceph", "echo \"$*\" >> \"$ARGS/ceph\"\nexec cat \"" + fixtures + "/warn-status.json\"");
                var run = Run(tools, Request(true), environment: new Dictionary<string, string> { ["ARGS"] = args });
                var c = Parse(run.Out);
                Assert.Empty(c.Problems);
                Assert.Equal(new[] { "--connect-timeout 5 status -f json" },
                    File.ReadAllLines(Path.Combine(args, "ceph")));
                Assert.Equal(2, c.Value("ceph_health"));
                Assert.Equal(1, c.Value("ceph_osd_down"));
                Assert.Equal(2, c.Named("ceph_health_check").Count());

                // a cluster that cannot be reached: what ceph said, as problems
                File.Delete(Path.Combine(args, "ceph"));
                tools.Add("ceph", "echo \"$*\" >> \"$ARGS/ceph\"\necho '[errno 110] RADOS timed out (error connecting to the cluster)' >&2\nexit 1");
                c = Parse(Run(tools, Request(true), environment: new Dictionary<string, string> { ["ARGS"] = args }).Out);
                Assert.Equal(new[] { "ceph status: [errno 110] RADOS timed out (error connecting to the cluster)", "ceph status exited 1" }, c.Problems);
                Assert.Single(File.ReadAllLines(Path.Combine(args, "ceph")));
                Assert.DoesNotContain(c.Metrics, m => m.Name.StartsWith("ceph_", StringComparison.Ordinal));
            }
            finally { Directory.Delete(args, true); }
        }

        [Fact]
        public void The_script_is_fast_on_this_machine()
        {
            if (!OperatingSystem.IsLinux()) return;
            using var tools = new StandInTools();
            var request = Request(false, ("openssh", "ssh.service"), ("ceph", "ceph-osd@*.service"));
            var times = Enumerable.Range(0, 10).Select(_ => Milliseconds(() => Run(tools, request))).OrderBy(t => t).ToList();
            // measured, not asserted tightly: the machine is shared (docs/health-metrics.md has a figure)
            _log.WriteLine($"collect-node.sh on /bin/sh, 10 runs: median {times[5]} ms, min {times[0]} ms, max {times[9]} ms");
            Assert.True(times[5] < 5000, $"median {times[5]} ms");
        }
    }
}
