#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Health;
using McpModule.Health.Collection;
using McpModule.Tests.Differential;
using Xunit;

namespace McpModule.Tests.Health.Collection
{
    /// ceph_* from `ceph status`, `ceph health detail` and `ceph df` (-f json). The fixtures are a real
    /// Ceph 16.2.15 cluster's (tests/fixtures/ceph/health/README.md); the older shapes are written
    /// here from Ceph's documented output (luminous and nautilus: osdmap nested, monmap's mons list).
    public sealed class CephHealthMetricsTests
    {
        private static string Fixture(string name) => File.ReadAllText(Path.Combine(OracleRunner.RepoRoot, "tests", "fixtures", "ceph", "health", name));

        private static (List<McpMetric> Metrics, List<string> Problems) Read(string? status, string? detail = null, string? df = null)
        {
            var sink = new MetricSink("cmn01", DateTimeOffset.UnixEpoch);
            var problems = new List<string>();
            CephHealthMetrics.Read(status, detail, df, sink, problems);
            return (sink.Metrics, problems);
        }

        private static (List<McpMetric> Metrics, List<string> Problems) ReadState(string state) =>
            Read(Fixture(state + "-status.json"), Fixture(state + "-health-detail.json"), Fixture(state + "-df.json"));

        private static double Value(List<McpMetric> metrics, string name) => metrics.Single(m => m.Name == name).Value;

        [Fact]
        public void A_healthy_cluster_is_1_with_no_checks_and_its_counts_and_space()
        {
            var (m, problems) = ReadState("ok");
            Assert.Empty(problems);
            Assert.Equal(1, Value(m, "ceph_health"));
            Assert.DoesNotContain(m, x => x.Name == "ceph_health_check");
            Assert.Equal(1, Value(m, "ceph_mon_count"));
            Assert.Equal(1, Value(m, "ceph_mon_quorum_count"));
            Assert.Equal(3, Value(m, "ceph_osd_count"));
            Assert.Equal(3, Value(m, "ceph_osd_up"));
            Assert.Equal(3, Value(m, "ceph_osd_in"));
            Assert.Equal(0, Value(m, "ceph_osd_down"));
            Assert.Equal(33, Value(m, "ceph_pg_count"));
            Assert.Equal(33, Value(m, "ceph_pgs_active_clean"));
            Assert.Equal(805306368, Value(m, "ceph_cluster_space_total"));
            Assert.Equal(138577, Value(m, "ceph_cluster_space_used"));
            Assert.Equal(805167791.0 / 805306368 * 100, Value(m, "ceph_cluster_space_percent_free"), 9);
            Assert.All(m, x => Assert.Equal("cmn01", x.Node));
        }

        [Fact]
        public void A_warning_is_2_with_one_metric_per_check_carrying_its_summary()
        {
            var (m, problems) = ReadState("warn");
            Assert.Empty(problems);
            Assert.Equal(2, Value(m, "ceph_health"));
            var checks = m.Where(x => x.Name == "ceph_health_check").OrderBy(x => x.Dimensions["check"], StringComparer.Ordinal).ToList();
            Assert.Equal(new[] { "OSDMAP_FLAGS", "OSD_DOWN" }, checks.Select(c => c.Dimensions["check"]));
            Assert.Equal(new[] { "noout flag(s) set", "1 osds down" }, checks.Select(c => c.Dimensions["summary"]));
            Assert.All(checks, c => Assert.Equal(2, c.Value));
            Assert.Equal(1, Value(m, "ceph_osd_down"));
            Assert.Equal(2, Value(m, "ceph_osd_up"));
            // active+clean and active+clean+remapped; not active+undersized
            Assert.Equal(17, Value(m, "ceph_pgs_active_clean"));
        }

        [Fact]
        public void An_error_is_3_and_each_check_has_its_own_severity()
        {
            var (m, problems) = ReadState("err");
            Assert.Empty(problems);
            Assert.Equal(3, Value(m, "ceph_health"));
            var checks = m.Where(x => x.Name == "ceph_health_check").ToDictionary(x => x.Dimensions["check"], x => x.Value);
            Assert.Equal(new Dictionary<string, double> { ["OSDMAP_FLAGS"] = 2, ["OSD_DOWN"] = 2, ["OSD_FULL"] = 3, ["POOL_FULL"] = 2 }, checks);
        }

        [Fact]
        public void Status_alone_gives_the_checks_and_the_space_when_detail_and_df_did_not_answer()
        {
            var (all, _) = ReadState("warn");
            var (m, problems) = Read(Fixture("warn-status.json"));
            Assert.Empty(problems);
            Assert.Equal(2, m.Count(x => x.Name == "ceph_health_check"));
            // pgmap's raw figures at the time of status, df's a moment later
            Assert.Equal(805306368, Value(m, "ceph_cluster_space_total"));
            Assert.Equal(179241, Value(m, "ceph_cluster_space_used"));
            Assert.Equal(all.Select(x => x.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal), m.Select(x => x.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public void The_nested_osdmap_and_the_mons_list_of_older_releases_are_read_too()
        {
            const string nautilus = """
                {"health":{"checks":{"MON_DOWN":{"severity":"HEALTH_WARN","summary":{"message":"1/3 mons down, quorum a,b"}}},"status":"HEALTH_WARN","overall_status":"HEALTH_WARN"},
                 "quorum":[0,1],"quorum_names":["a","b"],
                 "monmap":{"epoch":3,"mons":[{"rank":0,"name":"a"},{"rank":1,"name":"b"},{"rank":2,"name":"c"}]},
                 "osdmap":{"osdmap":{"epoch":40,"num_osds":6,"num_up_osds":5,"num_in_osds":6,"full":false,"nearfull":false,"num_remapped_pgs":0}},
                 "pgmap":{"pgs_by_state":[{"state_name":"active+clean","count":120},{"state_name":"active+clean+scrubbing+deep","count":8}],"num_pgs":128,
                          "bytes_used":3000,"bytes_avail":7000,"bytes_total":10000}}
                """;
            var (m, problems) = Read(nautilus);
            Assert.Empty(problems);
            Assert.Equal(3, Value(m, "ceph_mon_count"));
            Assert.Equal(2, Value(m, "ceph_mon_quorum_count"));
            Assert.Equal(6, Value(m, "ceph_osd_count"));
            Assert.Equal(1, Value(m, "ceph_osd_down"));
            Assert.Equal(128, Value(m, "ceph_pgs_active_clean"));
            Assert.Equal(70, Value(m, "ceph_cluster_space_percent_free"), 9);
            Assert.Equal("1/3 mons down, quorum a,b", m.Single(x => x.Name == "ceph_health_check").Dimensions["summary"]);
        }

        [Fact]
        public void Missing_fields_leave_their_metrics_out_and_say_which()
        {
            var (m, problems) = Read("""{"health":{"status":"HEALTH_OK"}}""");
            Assert.Equal(new[] { "ceph_health" }, m.Select(x => x.Name));
            Assert.Equal(new[]
            {
                "ceph status: no monmap.num_mons or monmap.mons.",
                "ceph status: no quorum list.",
                "ceph status: no osdmap counts (num_osds, num_up_osds, num_in_osds).",
                "ceph status: no pgmap.num_pgs.",
                "ceph df: no stats.total_bytes, and ceph status no pgmap.bytes_total: no cluster space.",
            }, problems);
        }

        [Fact]
        public void An_unknown_health_a_cluster_without_space_and_text_that_is_not_json_are_problems_not_crashes()
        {
            var (m, problems) = Read("""{"health":{"status":"HEALTH_UNKNOWN"},"pgmap":{"num_pgs":0,"bytes_total":0,"bytes_avail":0,"bytes_used":0}}""");
            Assert.Contains("ceph status: health status 'HEALTH_UNKNOWN' is none of HEALTH_OK, HEALTH_WARN, HEALTH_ERR.", problems);
            Assert.DoesNotContain(m, x => x.Name == "ceph_health");
            // no OSDs, no space: no percentage rather than 0 % free
            Assert.Equal(0, Value(m, "ceph_cluster_space_total"));
            Assert.DoesNotContain(m, x => x.Name == "ceph_cluster_space_percent_free");

            (m, problems) = Read("Error initializing cluster client");
            Assert.Empty(m);
            Assert.StartsWith("ceph: ceph status did not print JSON", Assert.Single(problems), StringComparison.Ordinal);

            (m, problems) = Read(Fixture("ok-status.json"), "{not json", "[]");
            Assert.Contains(problems, p => p.StartsWith("ceph: ceph health detail did not print JSON", StringComparison.Ordinal));
            Assert.Equal(1, Value(m, "ceph_health"));
            Assert.Equal(805306368, Value(m, "ceph_cluster_space_total"));

            (m, problems) = Read(null);
            Assert.Empty(m);
            Assert.Equal("ceph status: no answer, so no Ceph metrics.", Assert.Single(problems));
        }
    }
}
