using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using McpModule.Ceph;
using McpModule.Execution;
using McpModule.Lab;
using McpModule.Model;
using McpModule.Model.Data;
using McpModule.Planning;
using McpModule.Settings;
using McpModule.States;
using Xunit;

namespace McpModule.Tests
{
    /// The objects the cmdlets write are data for ConvertTo-Json, Export-Csv and a person: their
    /// public properties hold no enum (a number in JSON), no TimeSpan (a blob of fields), no array
    /// (System.String[] in a CSV) and no cluster or model (the whole model in JSON), and each type
    /// reads as text. The Export suite checks the same through the module.
    public class OutputShapeTests
    {
        public static IEnumerable<object[]> OutputTypes() => new[]
        {
            typeof(McpCluster), typeof(McpNode), typeof(McpPillar),
            typeof(McpRun), typeof(McpNodeRun), typeof(McpStateResult),
            typeof(McpCommandResult), typeof(McpTransportError), typeof(McpHostKey),
            typeof(McpLabNode), typeof(McpSetting),
            typeof(McpNetworkPlan), typeof(McpNetwork), typeof(McpNodeAddress), typeof(McpVip), typeof(McpQuorumGroup), typeof(McpVcpInstance),
            typeof(McpComputeSizing), typeof(McpComputeDemand), typeof(McpVcpRoleSize), typeof(McpVcpHostLoad),
            typeof(McpCephDevice), typeof(McpCephDeviceSelection),
        }.Select(t => new object[] { t });

        // Binary data, kept as bytes on purpose: KnownHostsLine and Fingerprint are its text.
        private static readonly HashSet<string> Allowed = new HashSet<string> { "McpHostKey.Key" };

        [Theory]
        [MemberData(nameof(OutputTypes))]
        public void Public_properties_export_as_data(Type type)
        {
            var properties = type == typeof(McpPillar)
                ? type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                : type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
            foreach (var p in properties.Where(p => p.GetIndexParameters().Length == 0 && !Allowed.Contains(type.Name + "." + p.Name)))
            {
                var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
                Assert.False(t.IsEnum, $"{type.Name}.{p.Name} is an enum: it exports as a number");
                Assert.False(t == typeof(TimeSpan), $"{type.Name}.{p.Name} is a TimeSpan: it exports as a blob");
                Assert.False(t.IsArray, $"{type.Name}.{p.Name} is an array: Export-Csv writes its type name");
                Assert.False(t == typeof(McpCluster) || t == typeof(ReclassModel) || t == typeof(OrderedMap),
                    $"{type.Name}.{p.Name} is a {t.Name}: ConvertTo-Json would write the model");
            }
        }

        [Theory]
        [MemberData(nameof(OutputTypes))]
        public void Each_type_reads_as_text(Type type)
        {
            Assert.NotEqual(typeof(object), type.GetMethod("ToString", Type.EmptyTypes).DeclaringType);
        }

        [Fact]
        public void List_properties_are_McpLists_that_read_as_text()
        {
            var run = States.RunSamples.Full();
            Assert.IsType<McpList<string>>(run.Targets);
            Assert.IsType<McpList<McpNodeRun>>(run.Nodes);
            Assert.Equal("ctl*, cmp* or kvm*", run.Targets.ToString());
            var node = Targeting.LabNodes.Node("cmp001");
            Assert.IsType<McpList<string>>(node.Classes);
            Assert.StartsWith("salt, linux, ntp, openssh", node.Applications.ToString());
        }

        [Fact]
        public void A_run_reads_its_status_and_duration_by_name_and_as_text()
        {
            var t = new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);
            var result = new McpStateResult("ctl01", "ntp_conf", "file:/etc/ntp.conf", McpResourceResult.Changed, duration: TimeSpan.FromMilliseconds(1500));
            var node = new McpNodeRun("ctl01", McpRunStatus.Failed, new[] { result });
            var run = new McpRun("r1", t, t.AddSeconds(90.25), "alice", "/srv/model", null, new[] { "ctl*" }, new[] { "ntp" }, false,
                                 McpRunStatus.Failed, new[] { node, new McpNodeRun("cmp01", McpRunStatus.Succeeded, null) });
            Assert.Equal("Failed", run.Status);
            Assert.Equal("00:01:30.2500000", run.Duration);
            Assert.Equal(TimeSpan.FromSeconds(90.25), TimeSpan.Parse(run.Duration, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(90.25, run.DurationSeconds);
            Assert.Equal("Changed", result.Result);
            Assert.Equal("00:00:01.5000000", result.Duration);
            Assert.Equal(1.5, result.DurationSeconds);
            Assert.Equal("r1 Failed: 2 nodes, 1 failed", run.ToString());
            Assert.Equal("ctl01 Failed (1 results)", node.ToString());
            Assert.Equal("ctl01 ntp_conf Changed (file:/etc/ntp.conf)", result.ToString());
        }

        [Fact]
        public void A_network_plan_reads_as_its_cluster_and_counts()
        {
            var plan = new McpNetworkPlan("demo", "demo.local");
            plan.Networks.Add(new McpNetwork("control", "10.11.0.0/24", 11));
            plan.Addresses.Add(new McpNodeAddress("ctl01", "control", "10.11.0.11"));
            plan.Vips.Add(new McpVip("keystone", "control", "10.11.0.10", "ctl", new[] { "ctl01", "ctl02" }));
            Assert.Equal("demo (demo.local): 1 networks, 1 nodes, 1 VIPs, 0 quorum groups", plan.ToString());
            Assert.Equal("control 10.11.0.0/24 vlan 11", plan.Networks.ToString());
            Assert.Equal("ctl01, ctl02", plan.Vips[0].Members.ToString());
        }
    }
}
