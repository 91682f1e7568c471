using System;
using McpModule.States;

namespace McpModule.Tests.States
{
    /// Runs with every field set to something a wrong reader or writer would not reproduce.
    internal static class RunSamples
    {
        public static McpRun Full(string runId = "20261125T181500Z-0a1b2c", DateTimeOffset? started = null)
        {
            // +02:00 and sub-millisecond ticks: the journal keeps the instant to the tick.
            var start = started ?? new DateTimeOffset(2026, 11, 25, 20, 15, 0, TimeSpan.FromHours(2)).AddTicks(1234567);
            var ctl = new McpNodeRun("ctl01.lab.local", McpRunStatus.Failed, new[]
            {
                new McpStateResult("ctl01.lab.local", "nginx_pkg", "pkg:nginx", McpResourceResult.Unchanged,
                                   null, "already installed", TimeSpan.FromTicks(12_345_678)),
                new McpStateResult("ctl01.lab.local", "nginx_conf", "file:/etc/nginx/nginx.conf", McpResourceResult.Changed,
                                   "--- old\n+++ new\n-worker_processes 1;\n+worker_processes 4;\n", "written, \"quoted\" & <tagged> ünïcode ✓", TimeSpan.FromMilliseconds(250)),
                new McpStateResult("ctl01.lab.local", "nginx_service", "service:nginx", McpResourceResult.Failed,
                                   "dead -> running", "systemctl start nginx: exit 1", TimeSpan.FromTicks(1)),
                new McpStateResult("ctl01.lab.local", "nginx_reload", "cmd:nginx -s reload", McpResourceResult.Skipped,
                                   null, "requisite nginx_service failed", TimeSpan.Zero),
            }, error: null, log: "line 1\nline 2\ttabbed\n");
            var cmp = new McpNodeRun("cmp001.lab.local", McpRunStatus.Failed, Array.Empty<McpStateResult>(),
                                     error: "unreachable: connection refused (10.11.0.101:22)", log: null);
            var kvm = new McpNodeRun("kvm01.lab.local", McpRunStatus.Interrupted, new[]
            {
                new McpStateResult("kvm01.lab.local", "ntp_pkg", "pkg:ntp", McpResourceResult.Changed, "absent -> 4.2.8", null, TimeSpan.FromSeconds(3)),
            }, error: "the run was stopped (Ctrl+C)", log: "apt-get install ntp\n");
            return new McpRun(runId, start, start.AddMinutes(2).AddTicks(42), "alice", "/srv/model", "0123456789abcdef0123456789abcdef01234567",
                              new[] { "ctl*", "cmp* or kvm*" }, new[] { "linux", "nginx" }, whatIf: true, McpRunStatus.Interrupted,
                              new[] { ctl, cmp, kvm }, host: "ops-jump01", command: "Add-McpCephOsd",
                              labOverrides: new[] { "ctl01.lab.local: ntp:client:control_clock = false", "ctl01.lab.local: linux:system:repo:mcplab:source = deb [trusted=yes] http://10.11.0.1:8278/ ./" });
        }

        public static McpRun Simple(string runId, DateTimeOffset started, McpRunStatus status = McpRunStatus.Succeeded, params McpNodeRun[] nodes) =>
            new McpRun(runId, started, started.AddSeconds(5), "bob", "/srv/model", null, new[] { "*" }, null, false, status, nodes);
    }
}
