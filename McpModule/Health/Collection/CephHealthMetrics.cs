#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using McpModule.Ceph;

namespace McpModule.Health.Collection
{
    /// ceph_* from what one monitor node prints for `ceph status`, `ceph health detail` and `ceph df`
    /// (-f json; pacific's shapes, and the older ones where they differ). Status alone carries the
    /// health checks and the raw space too, so a detail or df that could not be read leaves no gap.
    internal static class CephHealthMetrics
    {
        internal static void Read(string? status, string? healthDetail, string? df, MetricSink metrics, List<string> problems)
        {
            if (string.IsNullOrWhiteSpace(status))
            {
                problems.Add("ceph status: no answer, so no Ceph metrics.");
                return;
            }
            using var s = TryOpen(status!, "ceph status", problems);
            if (s == null) return;
            using var detail = string.IsNullOrWhiteSpace(healthDetail) ? null : TryOpen(healthDetail!, "ceph health detail", problems);
            using var space = string.IsNullOrWhiteSpace(df) ? null : TryOpen(df!, "ceph df", problems);
            var root = s.RootElement;

            Health(root, detail?.RootElement, metrics, problems);

            var monmap = Child(root, "monmap");
            if ((CephJson.Int(monmap, "num_mons", out var n) ? n : Count(monmap, "mons")) is int mons)
                metrics.Add("ceph_mon_count", mons);
            else problems.Add("ceph status: no monmap.num_mons or monmap.mons.");
            if (Count(root, "quorum") is int quorum) metrics.Add("ceph_mon_quorum_count", quorum);
            else problems.Add("ceph status: no quorum list.");

            // flat in pacific; osdmap.osdmap before octopus
            var osdmap = Child(root, "osdmap");
            if (!CephJson.Int(osdmap, "num_osds", out _)) osdmap = Child(osdmap, "osdmap");
            if (CephJson.Int(osdmap, "num_osds", out var osds) && CephJson.Int(osdmap, "num_up_osds", out var up) && CephJson.Int(osdmap, "num_in_osds", out var inCluster))
            {
                metrics.Add("ceph_osd_count", osds);
                metrics.Add("ceph_osd_up", up);
                metrics.Add("ceph_osd_in", inCluster);
                metrics.Add("ceph_osd_down", osds - up);
            }
            else problems.Add("ceph status: no osdmap counts (num_osds, num_up_osds, num_in_osds).");

            var pgmap = Child(root, "pgmap");
            if (CephJson.Int(pgmap, "num_pgs", out var pgs))
            {
                metrics.Add("ceph_pg_count", pgs);
                // active and clean, whatever else they are doing (scrubbing, remapped, ...)
                metrics.Add("ceph_pgs_active_clean", CephJson.Items(pgmap, "pgs_by_state")
                    .Where(p => CephJson.Str(p, "state_name").Split('+') is var flags && flags.Contains("active") && flags.Contains("clean"))
                    .Sum(p => CephJson.Dbl(p, "count")));
            }
            else problems.Add("ceph status: no pgmap.num_pgs.");

            Space(root, space?.RootElement, metrics, problems);
        }

        private static void Health(JsonElement status, JsonElement? detail, MetricSink metrics, List<string> problems)
        {
            var health = Child(status, "health");
            // luminous printed overall_status beside a status that could say HEALTH_OK
            var text = CephJson.Str(health, "status");
            if (text.Length == 0 && detail is JsonElement d) text = CephJson.Str(d, "status");
            if (Level(text) is int level) metrics.Add("ceph_health", level);
            else problems.Add($"ceph status: health status '{text}' is none of HEALTH_OK, HEALTH_WARN, HEALTH_ERR.");

            // detail's checks when it answered; status carries the same summaries
            var checks = detail is JsonElement dc && Child(dc, "checks").ValueKind == JsonValueKind.Object ? Child(dc, "checks") : Child(health, "checks");
            if (checks.ValueKind != JsonValueKind.Object) return;
            foreach (var check in checks.EnumerateObject())
            {
                var severity = CephJson.Str(check.Value, "severity");
                if (!(Level(severity) is int value) || value < 2)
                {
                    problems.Add($"ceph health: check {check.Name} has severity '{severity}'.");
                    continue;
                }
                metrics.Add("ceph_health_check", value, ("check", check.Name), ("summary", CephJson.Str(Child(check.Value, "summary"), "message")));
            }
        }

        private static void Space(JsonElement status, JsonElement? df, MetricSink metrics, List<string> problems)
        {
            // df's raw figures (total_used_raw_bytes: what the OSDs' disks hold, replicas and overhead
            // included, as ceph df's RAW USED); status's pgmap has the same ones
            double total, used, available;
            var stats = df is JsonElement d ? Child(d, "stats") : default;
            if (Has(stats, "total_bytes") && Has(stats, "total_avail_bytes"))
            {
                total = CephJson.Dbl(stats, "total_bytes");
                available = CephJson.Dbl(stats, "total_avail_bytes");
                used = Has(stats, "total_used_raw_bytes") ? CephJson.Dbl(stats, "total_used_raw_bytes") : CephJson.Dbl(stats, "total_used_bytes");
            }
            else
            {
                var pgmap = Child(status, "pgmap");
                if (!Has(pgmap, "bytes_total") || !Has(pgmap, "bytes_avail"))
                {
                    problems.Add("ceph df: no stats.total_bytes, and ceph status no pgmap.bytes_total: no cluster space.");
                    return;
                }
                total = CephJson.Dbl(pgmap, "bytes_total");
                available = CephJson.Dbl(pgmap, "bytes_avail");
                used = CephJson.Dbl(pgmap, "bytes_used");
            }
            metrics.Add("ceph_cluster_space_total", total);
            metrics.Add("ceph_cluster_space_used", used);
            // a cluster without OSDs has no space at all: no percentage rather than 0 % free
            if (total > 0) metrics.Add("ceph_cluster_space_percent_free", available / total * 100);
        }

        /// StackLight's numbers for Ceph's health: 1 OK, 2 WARN, 3 ERR.
        private static int? Level(string health) => health switch
        {
            "HEALTH_OK" => 1,
            "HEALTH_WARN" => 2,
            "HEALTH_ERR" => 3,
            _ => null,
        };

        private static JsonDocument? TryOpen(string json, string what, List<string> problems)
        {
            try { return CephJson.Open(json, "ceph", what); }
            catch (FormatException e)
            {
                problems.Add(e.Message);
                return null;
            }
        }

        private static JsonElement Child(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

        private static bool Has(JsonElement e, string name) => Child(e, name).ValueKind == JsonValueKind.Number;

        private static int? Count(JsonElement e, string name) => Child(e, name) is var v && v.ValueKind == JsonValueKind.Array ? v.GetArrayLength() : (int?)null;
    }
}
