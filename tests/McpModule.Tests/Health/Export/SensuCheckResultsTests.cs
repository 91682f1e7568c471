using System;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpModule.Health;
using McpModule.Health.Export;
using Xunit;

namespace McpModule.Tests.Health.Export
{
    public class SensuCheckResultsTests
    {
        private static readonly DateTimeOffset T = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

        // Sensu 1.x's client socket (lib/sensu/client/socket.rb, validate_check_result) refuses a
        // result unless: name matches \A[\w\.-]+\z; source is absent or matches it; output is a
        // string; status and executed are integers; and the data is 7-bit ASCII. No Sensu runs here
        // (Debian has none), so its rules are checked as it states them.
        private static readonly Regex SensuWord = new Regex(@"\A[A-Za-z0-9_.-]+\z");

        private static void AssertSensuTakes(string line)
        {
            Assert.All(line, c => Assert.True(c < 128, $"non-ASCII {(int)c} in {line}"));
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            Assert.Equal(JsonValueKind.Object, r.ValueKind);
            Assert.Matches(SensuWord, r.GetProperty("name").GetString());
            if (r.TryGetProperty("source", out var source)) Assert.Matches(SensuWord, source.GetString());
            Assert.Equal(JsonValueKind.String, r.GetProperty("output").ValueKind);
            Assert.True(r.GetProperty("status").TryGetInt32(out _));
            Assert.True(r.GetProperty("executed").TryGetInt64(out _));
        }

        [Fact]
        public void Each_status_is_one_result_a_line_that_Sensus_rules_take()
        {
            var statuses = new[]
            {
                new McpHealthStatus { Level = McpHealthLevel.Node, Entity = "cmp01.lab.local", Status = McpHealthState.Down, Timestamp = T },
                new McpHealthStatus { Level = McpHealthLevel.Alarm, Entity = "ntp service/down", Node = "cmp01.lab.local", Status = McpHealthState.Critical, Timestamp = T,
                    Reasons = { new McpHealthReason { Metric = "systemd_unit_active", Function = "last", Operator = "==", Threshold = 0, Value = 0, Node = "cmp01", Window = 60 } } },
                new McpHealthStatus { Level = McpHealthLevel.Alarm, Entity = "ceph_health_warning", Status = McpHealthState.Warn, Timestamp = T },
                new McpHealthStatus { Level = McpHealthLevel.Service, Entity = "ntp", Status = McpHealthState.Unknown, Timestamp = T },
                new McpHealthStatus { Level = McpHealthLevel.Cluster, Entity = "Ceph Ünïcode", Status = McpHealthState.Okay, Timestamp = T },
            };
            var lines = SensuCheckResults.Write(statuses).TrimEnd('\n').Split('\n');
            Assert.Equal(5, lines.Length);
            foreach (var line in lines) AssertSensuTakes(line);
            var parsed = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal("mcp_node_health", parsed[0].GetProperty("name").GetString());
            Assert.Equal("cmp01.lab.local", parsed[0].GetProperty("source").GetString());
            Assert.Equal(2, parsed[0].GetProperty("status").GetInt32());
            Assert.Equal(T.ToUnixTimeSeconds(), parsed[0].GetProperty("executed").GetInt64());
            Assert.Equal("mcp_alarm_ntp_service_down", parsed[1].GetProperty("name").GetString());
            Assert.StartsWith("alarm cmp01.lab.local/ntp service/down is CRITICAL: ", parsed[1].GetProperty("output").GetString());
            Assert.False(parsed[2].TryGetProperty("source", out _));   // a cluster-wide alarm is the sender's
            Assert.Equal(1, parsed[2].GetProperty("status").GetInt32());
            Assert.Equal(3, parsed[3].GetProperty("status").GetInt32());
            Assert.Equal("mcp_cluster_Ceph__n_code", parsed[4].GetProperty("name").GetString());
            Assert.Equal("Ceph Ünïcode", parsed[4].GetProperty("mcp_entity").GetString());
        }

        [Theory]
        [InlineData(McpHealthState.Okay, 0)]
        [InlineData(McpHealthState.Warn, 1)]
        [InlineData(McpHealthState.Critical, 2)]
        [InlineData(McpHealthState.Down, 2)]
        [InlineData(McpHealthState.Unknown, 3)]
        public void StackLights_statuses_are_Sensus_exit_codes(McpHealthState state, int sensu) => Assert.Equal(sensu, SensuCheckResults.Status(state));
    }
}
