using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using McpModule.Ceph;
using McpModule.Execution;
using McpModule.Lab;
using McpModule.Model;
using McpModule.Model.Data;
using McpModule.Planning;
using McpModule.Settings;
using McpModule.States;
using McpModule.Tests.Differential;
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
            typeof(McpCephDevice), typeof(McpCephDeviceSelection), typeof(McpCephOsd), typeof(McpModule.Ceph.Osd.McpCephOsdPlan),
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

        private static XDocument Formats() =>
            XDocument.Load(System.IO.Path.Combine(OracleRunner.RepoRoot, "Formats", "McpModule.Format.ps1xml"));

        [Fact]
        public void Every_table_view_names_an_engine_type_and_has_a_header_per_column()
        {
            var engine = typeof(McpCluster).Assembly;
            foreach (var view in Formats().Descendants("View"))
            {
                var type = (string)view.Element("ViewSelectedBy").Element("TypeName");
                Assert.NotNull(engine.GetType(type));
                var table = view.Element("TableControl");
                if (table == null) continue;
                var headers = table.Element("TableHeaders").Elements("TableColumnHeader").Count();
                foreach (var row in table.Descendants("TableColumnItems"))
                    Assert.True(headers == row.Elements("TableColumnItem").Count(), $"{type}: {headers} headers for {row.Elements("TableColumnItem").Count()} columns");
                foreach (var item in table.Descendants("TableColumnItem"))
                {
                    var property = (string)item.Element("PropertyName");
                    if (property != null) Assert.True(engine.GetType(type).GetProperty(property) != null, $"{type} has no property {property}");
                }
            }
        }

        [Theory]
        [InlineData("McpModule.Ceph.McpCephDevice", "Node, Path, Size, Rotational, Available, RejectedReasons, OsdId")]
        [InlineData("McpModule.Ceph.McpCephOsd", "Id, Host, Device, DbDevice, Class, Weight, Up, In, Status, Utilization, PGs")]
        [InlineData("McpModule.Ceph.Osd.McpCephOsdPlan", "Node, Device, DbDevice, Mode, ReuseId")]
        [InlineData("McpModule.Ceph.McpCephDeviceSelection", "Node, Path, Role, Size, Rotational, Model, Spec, InUse")]
        [InlineData("McpModule.Lab.McpLabNode", "Cluster, Name, Address, State, Pid, MemoryMB, Disks")]
        public void The_ceph_and_lab_types_have_one_table_view_with_these_columns(string type, string columns)
        {
            var view = Assert.Single(Formats().Descendants("View"), v => (string)v.Element("ViewSelectedBy").Element("TypeName") == type);
            Assert.Equal(columns, string.Join(", ", view.Descendants("TableColumnHeader").Select(h => (string)h.Element("Label"))));
        }

        [Fact]
        public void Lists_in_views_are_joined_as_text_not_shown_as_a_collection()
        {
            var views = Formats().Descendants("View").ToDictionary(v => (string)v.Element("ViewSelectedBy").Element("TypeName"));
            var items = views["McpModule.Lab.McpLabNode"].Descendants("TableColumnItem").ToList();
            Assert.Equal("$_.Disks -join ', '", (string)items.Last().Element("ScriptBlock"));
            var device = views["McpModule.Ceph.McpCephDevice"].Descendants("TableColumnItem").ToList();
            Assert.Equal("$_.RejectedReasons -join '; '", (string)device[5].Element("ScriptBlock"));
            var osd = views["McpModule.Ceph.McpCephOsd"].Descendants("TableColumnItem").ToList();
            Assert.Equal("{0:0.000}", (string)osd[5].Element("FormatString"));
            Assert.Equal("'{0:0.0} %' -f ($_.Utilization * 100)", (string)osd[9].Element("ScriptBlock"));
            // every list-typed property shown in a view goes through a ScriptBlock
            var engine = typeof(McpCluster).Assembly;
            foreach (var (type, view) in views.Select(kv => (engine.GetType(kv.Key), kv.Value)))
                foreach (var property in view.Descendants("PropertyName").Select(p => type.GetProperty((string)p)))
                    Assert.False(property.PropertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(property.PropertyType),
                        $"{type.Name}.{property.Name} is a list shown as is");
        }
    }
}
