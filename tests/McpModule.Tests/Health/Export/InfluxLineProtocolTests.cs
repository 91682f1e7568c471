using System;
using McpModule.Health;
using McpModule.Health.Export;
using Xunit;

namespace McpModule.Tests.Health.Export
{
    public class InfluxLineProtocolTests
    {
        private static readonly DateTimeOffset T = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        private const string Ns = "1796299200000000000";

        private static McpMetric M(string node, string name, double value, params (string, string)[] dims)
        {
            var m = new McpMetric { Node = node, Name = name, Value = value, Timestamp = T };
            foreach (var (k, v) in dims) m.Dimensions[k] = v;
            return m;
        }

        [Fact]
        public void A_metric_is_a_point_of_its_name_tagged_hostname_and_dimensions_sorted_at_its_nanosecond()
        {
            var (text, skipped) = InfluxLineProtocol.Write(new[] { M("cmp01", "fs_space_percent_free", 42.5, ("type", "ext4"), ("fs", "/var/lib")) }, Array.Empty<McpHealthStatus>());
            Assert.Equal("fs_space_percent_free,fs=/var/lib,hostname=cmp01,type=ext4 value=42.5 " + Ns + "\n", text);
            Assert.Equal(0, skipped);
            Assert.Equal(1796299200L, T.ToUnixTimeSeconds());
        }

        [Fact]
        public void Commas_spaces_and_equals_are_escaped_empty_tags_left_out_and_line_breaks_made_spaces()
        {
            var (text, _) = InfluxLineProtocol.Write(new[]
            {
                M("", "odd name,x", 1, ("mount point", "/a b,c=d"), ("empty", ""), ("summary", "line\none"), ("time", "t")),
            }, Array.Empty<McpHealthStatus>());
            Assert.Equal("odd\\ name\\,x,_time=t,mount\\ point=/a\\ b\\,c\\=d,summary=line\\ one value=1 " + Ns + "\n", text);
        }

        [Theory]
        [InlineData("C:\\dir", "C:\\dir")]     // InfluxDB keeps a backslash before an ordinary character
        [InlineData("end\\", "end")]            // one at the end would escape the separator: left out
        [InlineData("a\\ b", "a\\ b")]          // the backslash before the space is left out, the space escaped
        public void Backslashes_are_kept_where_InfluxDB_reads_them_as_written(string value, string written)
        {
            var (text, _) = InfluxLineProtocol.Write(new[] { M("n", "m", 1, ("t", value)) }, Array.Empty<McpHealthStatus>());
            Assert.StartsWith("m,hostname=n,t=" + written + " value=1 ", text);
        }

        [Fact]
        public void A_value_the_protocol_cannot_carry_is_counted_not_written()
        {
            var (text, skipped) = InfluxLineProtocol.Write(new[] { M("n", "a", double.NaN), M("n", "b", double.PositiveInfinity), M("n", "c", 1e20) }, Array.Empty<McpHealthStatus>());
            Assert.Equal(2, skipped);
            Assert.Equal("c,hostname=n value=1E+20 " + Ns + "\n", text);
        }

        [Fact]
        public void Statuses_go_to_StackLights_measurements_with_its_numbers()
        {
            var (text, _) = InfluxLineProtocol.Write(Array.Empty<McpMetric>(), new[]
            {
                new McpHealthStatus { Level = McpHealthLevel.Node, Entity = "cmp01", Status = McpHealthState.Down, Timestamp = T },
                new McpHealthStatus { Level = McpHealthLevel.Alarm, Entity = "ntp_service", Node = "cmp01", Status = McpHealthState.Critical, Timestamp = T },
                new McpHealthStatus { Level = McpHealthLevel.Service, Entity = "ntp", Status = McpHealthState.Warn, Timestamp = T },
                new McpHealthStatus { Level = McpHealthLevel.Cluster, Entity = "ceph", Status = McpHealthState.Okay, Timestamp = T },
            });
            Assert.Equal(
                "node_status,hostname=cmp01 value=4 " + Ns + "\n" +
                "alarm_status,alarm=ntp_service,hostname=cmp01 value=3 " + Ns + "\n" +
                "cluster_service_status,cluster_name=ntp value=1 " + Ns + "\n" +
                "cluster_status,cluster_name=ceph value=0 " + Ns + "\n", text);
        }
    }
}
