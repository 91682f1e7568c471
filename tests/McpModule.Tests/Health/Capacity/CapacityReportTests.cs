#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Health;
using McpModule.Health.Capacity;
using McpModule.Health.History;
using Xunit;

namespace McpModule.Tests.Health.Capacity
{
    public sealed class CapacityReportTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        private static readonly (string Node, string Zone)[] Hypervisors = { ("cmp1", "az1"), ("cmp2", "az1"), ("cmp3", "nova") };

        // A node's entry: busy of `cores` cores; none (ssh_check 0) when cores is 0.
        private static HealthHistoryEntry Node(DateTimeOffset t, string node, double busy, double cores)
        {
            var metrics = new List<McpMetric> { new McpMetric { Name = "ssh_check", Value = cores > 0 ? 1 : 0, Node = node, Timestamp = t } };
            if (cores > 0)
            {
                metrics.Add(new McpMetric { Name = "cpu_count", Value = cores, Node = node, Timestamp = t });
                metrics.Add(new McpMetric { Name = "cpu_idle", Value = 100 - (busy / cores * 100), Node = node, Timestamp = t });
            }
            return new HealthHistoryEntry(t, node, metrics);
        }

        private static HealthHistoryEntry Ceph(DateTimeOffset t, double used) => new HealthHistoryEntry(t, "", new[]
        {
            new McpMetric { Name = "ceph_cluster_space_total", Value = 100, Timestamp = t },
            new McpMetric { Name = "ceph_cluster_space_used", Value = used, Timestamp = t },
            new McpMetric { Name = "ceph_health", Value = 1, Timestamp = t },
        });

        // Three collections an hour apart: cmp1 and cmp2 answer after a second, cmp3 after two, Ceph's
        // status is read last; cmp2 does not answer the second one.
        private static List<HealthHistoryEntry> History()
        {
            var entries = new List<HealthHistoryEntry>();
            double[] cmp1 = { 1, 2, 3 }, ceph = { 30, 40, 50 };
            for (int k = 0; k < 3; k++)
            {
                var t = T0.AddHours(k);
                entries.Add(Node(t.AddSeconds(1), "cmp1", cmp1[k], 4));
                entries.Add(k == 1 ? Node(t.AddSeconds(1), "cmp2", 0, 0) : Node(t.AddSeconds(1), "cmp2", 3, 4));
                entries.Add(Node(t.AddSeconds(2), "cmp3", 1, 2));
                entries.Add(Ceph(t.AddSeconds(3), ceph[k]));
            }
            // the file's order is the order written, which need not be time's
            entries.Reverse();
            return entries;
        }

        private static McpCapacity Row(List<McpCapacity> rows, McpCapacityScope scope, string name) => rows.Single(r => r.Scope == scope && r.Name == name);

        [Fact]
        public void Rows_are_the_nodes_by_zone_then_the_zones_the_total_and_ceph()
        {
            var rows = CapacityReport.Build(Hypervisors, History(), T0.AddHours(-1), CapacityThresholds.All(80));
            Assert.Equal(new[] { "Node cmp1", "Node cmp2", "Node cmp3", "Zone az1", "Zone nova", "Total total", "Ceph ceph" }, rows.Select(r => r.ToString()));
            Assert.Equal(new[] { 1, 1, 1, 2, 1, 3, 0 }, rows.Select(r => r.NodeCount));
            Assert.Equal(new[] { "az1", "az1", "nova", "az1", "nova", "", "" }, rows.Select(r => r.Zone));
        }

        [Fact]
        public void A_zone_sums_its_nodes_per_collection_with_a_missing_node_at_its_last_reading()
        {
            // az1: 4 of 8 cores, then 2 + cmp2's last 3 = 5 of 8, then 6 of 8: 12.5 points an hour
            var az1 = Row(CapacityReport.Build(Hypervisors, History(), T0.AddHours(-1), CapacityThresholds.All(80)), McpCapacityScope.Zone, "az1").Cpu!;
            Assert.Equal(6, az1.Used, 9);
            Assert.Equal(8, az1.Total);
            Assert.Equal(75, az1.Percent, 9);
            Assert.Equal(3, az1.Samples);
            Assert.Equal(12.5 * 24, az1.TrendPerDay!.Value, 6);
            Assert.Equal(McpCapacityState.Rising, az1.State);
            // 80 % is 30 points above the first collection's 50 %: 2.4 hours after its readings
            Assert.Equal(T0.AddSeconds(1).AddMinutes(144), az1.CrossesAt!.Value);
        }

        [Fact]
        public void The_total_sums_every_node_and_a_node_row_has_its_own_samples_only()
        {
            var rows = CapacityReport.Build(Hypervisors, History(), T0.AddHours(-1), CapacityThresholds.All(80));
            var total = Row(rows, McpCapacityScope.Total, "total").Cpu!;
            // 5, 6, 7 of 10 cores
            Assert.Equal(70, total.Percent, 9);
            Assert.Equal(10 * 24, total.TrendPerDay!.Value, 6);
            Assert.Equal(T0.AddSeconds(2).AddHours(3), total.CrossesAt!.Value);
            var cmp2 = Row(rows, McpCapacityScope.Node, "cmp2").Cpu!;
            Assert.Equal(2, cmp2.Samples);
            Assert.Equal(McpCapacityState.NoTrend, cmp2.State);
            Assert.Equal(T0.AddHours(2).AddSeconds(1), cmp2.Time);
            var nova = Row(rows, McpCapacityScope.Zone, "nova").Cpu!;
            Assert.Equal(McpCapacityState.Steady, nova.State);
            Assert.Null(Row(rows, McpCapacityScope.Node, "cmp1").Memory);
        }

        [Fact]
        public void Cephs_row_is_its_raw_space()
        {
            var ceph = Row(CapacityReport.Build(Hypervisors, History(), T0.AddHours(-1), CapacityThresholds.All(80)), McpCapacityScope.Ceph, "ceph");
            Assert.Null(ceph.Cpu);
            Assert.Equal(50, ceph.Storage!.Percent);
            Assert.Equal(T0.AddSeconds(3).AddHours(5), ceph.Storage.CrossesAt!.Value);
        }

        [Fact]
        public void Entries_before_the_window_are_left_out()
        {
            var rows = CapacityReport.Build(Hypervisors, History(), T0.AddMinutes(30), CapacityThresholds.All(80));
            var total = Row(rows, McpCapacityScope.Total, "total").Cpu!;
            Assert.Equal(2, total.Samples);
            Assert.Equal(McpCapacityState.NoTrend, total.State);
        }

        [Fact]
        public void Each_resource_has_its_threshold_and_the_first_to_cross_is_named()
        {
            var thresholds = CapacityThresholds.All(80);
            thresholds.Set(CapacityResourceKind.Cpu, 60);
            var rows = CapacityReport.Build(Hypervisors, History(), T0.AddHours(-1), thresholds);
            var total = Row(rows, McpCapacityScope.Total, "total");
            Assert.Equal(McpCapacityState.Past, total.Cpu!.State);
            Assert.Equal(60, total.Cpu.Threshold);
            Assert.Equal("Cpu past 60 %", total.Outlook);
            Assert.Equal("Storage 80 % at 2026-12-03 17:00Z", Row(rows, McpCapacityScope.Ceph, "ceph").Outlook);
        }

        [Fact]
        public void Hypervisors_never_collected_are_rows_without_resources()
        {
            var rows = CapacityReport.Build(new[] { ("cmp9", "") }, History(), T0.AddHours(-1), CapacityThresholds.All(80));
            var cmp9 = Row(rows, McpCapacityScope.Node, "cmp9");
            Assert.Empty(cmp9.Resources);
            Assert.Equal("", cmp9.Outlook);
            Assert.Equal(CapacityReport.NoZone, rows.Single(r => r.Scope == McpCapacityScope.Zone).Name);
        }

        [Fact]
        public void Metrics_given_become_one_entry_per_node_and_time()
        {
            var metrics = History().SelectMany(e => e.Metrics).ToList();
            var entries = CapacityReport.EntriesOf(metrics);
            Assert.Equal(12, entries.Count);
            var rows = CapacityReport.Build(Hypervisors, entries, T0.AddHours(-1), CapacityThresholds.All(80));
            Assert.Equal(70, Row(rows, McpCapacityScope.Total, "total").Cpu!.Percent, 9);
        }
    }
}
