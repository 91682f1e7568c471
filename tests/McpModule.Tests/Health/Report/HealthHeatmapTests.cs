#nullable enable
using System.Linq;
using McpModule.Health;
using McpModule.Health.Report;
using Xunit;
using static McpModule.Tests.Health.Report.ReportStatuses;

namespace McpModule.Tests.Health.Report
{
    public class HealthHeatmapTests
    {
        private static HeatmapCell Cell(HealthHeatmap map, string node, string column) =>
            map.Rows.Single(r => r.Node == node).Cells.Single(c => c.Column.Name == column);

        [Fact]
        public void Rows_are_the_nodes_and_columns_the_services_of_a_real_evaluation()
        {
            var map = HealthHeatmap.From(Evaluated(Chrony("ctl02.lab.local", 0)));
            Assert.Equal(Controllers, map.Rows.Select(r => r.Node));
            Assert.Contains("ntp", map.Columns.Select(c => c.Name));
            Assert.Contains("system", map.Columns.Select(c => c.Name));
            Assert.False(map.ColumnsAreAlarms);
            Assert.Equal(McpHealthState.Down, Cell(map, "ctl02.lab.local", "ntp").Status);
            Assert.Equal(McpHealthState.Okay, Cell(map, "ctl01.lab.local", "ntp").Status);
            Assert.Equal(McpHealthState.Warn, map.Columns.Single(c => c.Name == "ntp").Service!.Status);
            Assert.Equal(McpHealthState.Down, map.Rows.Single(r => r.Node == "ctl02.lab.local").Status);
            Assert.Equal("/models/lab", map.ModelPath);
            Assert.Equal(Evaluation.HealthModels.Now, map.Timestamp);
        }

        [Fact]
        public void A_cell_is_the_worst_of_the_services_alarms_on_the_node_and_unknown_loses_to_okay()
        {
            // StackLight's max_status: UNKW < OKAY < WARN < CRIT < DOWN
            var service = Service("svc", McpHealthState.Critical,
                Alarm("n1", "a", McpHealthState.Warn), Alarm("n1", "b", McpHealthState.Critical), Alarm("n1", "c", McpHealthState.Okay),
                Alarm("n2", "a", McpHealthState.Unknown), Alarm("n2", "b", McpHealthState.Okay),
                Alarm("n3", "a", McpHealthState.Unknown));
            var map = HealthHeatmap.From(new[] { service });
            Assert.Equal(McpHealthState.Critical, Cell(map, "n1", "svc").Status);
            Assert.Equal(McpHealthState.Okay, Cell(map, "n2", "svc").Status);
            Assert.Equal(McpHealthState.Unknown, Cell(map, "n3", "svc").Status);
            Assert.Equal(3, Cell(map, "n1", "svc").Alarms.Count);
        }

        [Fact]
        public void A_node_without_any_alarm_of_a_service_has_a_blank_cell()
        {
            var map = HealthHeatmap.From(new[]
            {
                Service("ceph-osd", McpHealthState.Okay, Alarm("osd1", "ceph_osd_down", McpHealthState.Okay)),
                Service("ntp", McpHealthState.Okay, Alarm("osd1", "ntp_down", McpHealthState.Okay), Alarm("ctl1", "ntp_down", McpHealthState.Okay)),
            });
            var blank = Cell(map, "ctl1", "ceph-osd");
            Assert.Null(blank.Status);
            Assert.Empty(blank.Alarms);
            Assert.Equal(McpHealthState.Okay, Cell(map, "osd1", "ceph-osd").Status);
        }

        [Fact]
        public void Cluster_wide_alarms_are_a_row_of_their_own_first_and_clusters_are_listed()
        {
            var statuses = Evaluated();
            var cephHealth = Service("ceph-cluster", McpHealthState.Warn, Alarm("", "ceph_health", McpHealthState.Warn, Reason("", "ceph_health_warning", McpHealthState.Warn)));
            var ceph = new McpHealthStatus { Level = McpHealthLevel.Cluster, Entity = "ceph", Status = McpHealthState.Warn, Members = { cephHealth } };
            statuses.Add(ceph);
            var map = HealthHeatmap.From(statuses);
            Assert.Equal("", map.Rows[0].Node);
            Assert.Equal(McpHealthState.Warn, Cell(map, "", "ceph-cluster").Status);
            Assert.Null(Cell(map, "ctl01.lab.local", "ceph-cluster").Status);
            Assert.Equal("ceph", Assert.Single(map.Clusters).Entity);
            Assert.Contains(map.Services, s => s.Entity == "ceph-cluster");
            Assert.Equal(3, map.Count(McpHealthLevel.Node)[McpHealthState.Okay]);
        }

        [Fact]
        public void Given_alarms_only_each_alarm_is_a_column()
        {
            var map = HealthHeatmap.From(new[]
            {
                Alarm("n1", "ntp_service_down", McpHealthState.Down), Alarm("n2", "ntp_service_down", McpHealthState.Okay),
                Alarm("n1", "linux_system_cpu", McpHealthState.Okay),
            });
            Assert.True(map.ColumnsAreAlarms);
            Assert.Equal(new[] { "linux_system_cpu", "ntp_service_down" }, map.Columns.Select(c => c.Name));
            Assert.Equal(McpHealthState.Down, Cell(map, "n1", "ntp_service_down").Status);
            Assert.Null(Cell(map, "n2", "linux_system_cpu").Status);
            // no node status given: the worst of its alarms
            Assert.Equal(McpHealthState.Down, map.Rows.Single(r => r.Node == "n1").Status);
            Assert.Null(map.Rows.Single(r => r.Node == "n1").NodeStatus);
        }

        [Fact]
        public void Alarms_of_a_node_that_no_service_holds_are_in_a_column_of_their_own()
        {
            var loose = Alarm("n1", "custom_alarm", McpHealthState.Critical);
            var held = Alarm("n1", "ntp_down", McpHealthState.Okay);
            var node = new McpHealthStatus { Level = McpHealthLevel.Node, Entity = "n1", Status = McpHealthState.Critical, Members = { held, loose } };
            var map = HealthHeatmap.From(new[] { node, Service("ntp", McpHealthState.Okay, held) });
            Assert.Equal(new[] { "ntp", HealthHeatmap.NoServiceColumn }, map.Columns.Select(c => c.Name));
            Assert.Equal(McpHealthState.Critical, Cell(map, "n1", HealthHeatmap.NoServiceColumn).Status);
        }

        [Fact]
        public void Copies_of_the_same_alarm_count_once_and_a_loop_of_members_ends()
        {
            // statuses through Export-Clixml and back: the node's alarm and the service's are copies
            var service = Service("ntp", McpHealthState.Warn, Alarm("n1", "ntp_down", McpHealthState.Down));
            var node = new McpHealthStatus { Level = McpHealthLevel.Node, Entity = "n1", Status = McpHealthState.Down, Members = { Alarm("n1", "ntp_down", McpHealthState.Down) } };
            var cluster = new McpHealthStatus { Level = McpHealthLevel.Cluster, Entity = "c", Status = McpHealthState.Warn, Members = { service } };
            cluster.Members.Add(cluster);
            var map = HealthHeatmap.From(new[] { node, service, cluster });
            Assert.Single(Assert.Single(map.Columns).Alarms);
            Assert.Single(map.Clusters);
        }
    }
}
