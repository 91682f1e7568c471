using System;
using System.Linq;
using McpModule.Health;
using McpModule.Health.Export;
using Xunit;

namespace McpModule.Tests.Health.Export
{
    public class PrometheusExpositionTests
    {
        private static readonly DateTimeOffset T = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

        private static McpMetric M(string node, string name, double value, int ago = 0, params (string, string)[] dims)
        {
            var m = new McpMetric { Node = node, Name = name, Value = value, Timestamp = T.AddSeconds(-ago) };
            foreach (var (k, v) in dims) m.Dimensions[k] = v;
            return m;
        }

        [Fact]
        public void A_family_has_its_help_and_type_and_all_its_samples_together_newest_per_series()
        {
            var text = PrometheusExposition.Write(new[]
            {
                M("n1", "fs_space_percent_free", 50, 60, ("fs", "/")),
                M("n1", "ssh_check", 1),
                M("n1", "fs_space_percent_free", 40, 0, ("fs", "/")),
                M("n2", "fs_space_percent_free", 70, 0, ("fs", "/"), ("type", "ext4")),
            }, Array.Empty<McpHealthStatus>(), timestamps: false);
            Assert.Equal(
                "# HELP mcp_fs_space_percent_free McpModule metric fs_space_percent_free\n" +
                "# TYPE mcp_fs_space_percent_free gauge\n" +
                "mcp_fs_space_percent_free{node=\"n1\",fs=\"/\"} 40\n" +
                "mcp_fs_space_percent_free{node=\"n2\",fs=\"/\",type=\"ext4\"} 70\n" +
                "# HELP mcp_ssh_check McpModule metric ssh_check\n" +
                "# TYPE mcp_ssh_check gauge\n" +
                "mcp_ssh_check{node=\"n1\"} 1\n", text);
        }

        [Fact]
        public void Label_values_are_escaped_and_names_made_valid()
        {
            var text = PrometheusExposition.Write(new[] { M("n1", "odd-name.x", double.NaN, 0, ("mount point", "/a \"b\"\\c\nd"), ("node", "shadow")) },
                Array.Empty<McpHealthStatus>(), timestamps: true);
            var sample = text.Split('\n').Single(l => l.StartsWith("mcp_odd_name_x{", StringComparison.Ordinal));
            Assert.Equal("mcp_odd_name_x{node=\"n1\",mount_point=\"/a \\\"b\\\"\\\\c\\nd\"} NaN " + T.ToUnixTimeMilliseconds(), sample);
            Assert.Equal("_9lives", PrometheusExposition.Name("9lives"));
            Assert.Equal("_x", PrometheusExposition.Name("__x"));
        }

        [Fact]
        public void Statuses_are_StackLights_numbers_labelled_by_level_entity_and_node()
        {
            var text = PrometheusExposition.Write(Array.Empty<McpMetric>(), new[]
            {
                new McpHealthStatus { Level = McpHealthLevel.Service, Entity = "ntp", Status = McpHealthState.Warn },
                new McpHealthStatus { Level = McpHealthLevel.Alarm, Entity = "ntp_service", Node = "n2", Status = McpHealthState.Down },
                new McpHealthStatus { Level = McpHealthLevel.Node, Entity = "n3", Status = McpHealthState.Unknown },
            }, timestamps: false);
            Assert.Contains("mcp_health_status{level=\"service\",entity=\"ntp\",node=\"\"} 1\n", text);
            Assert.Contains("mcp_health_status{level=\"alarm\",entity=\"ntp_service\",node=\"n2\"} 4\n", text);
            Assert.Contains("mcp_health_status{level=\"node\",entity=\"n3\",node=\"\"} 2\n", text);
            Assert.Single(text.Split('\n'), l => l == "# TYPE mcp_health_status gauge");
        }
    }
}
