using System;
using System.IO;
using System.Linq;
using McpModule.Generator;
using McpModule.Model.Data;
using McpModule.Model;
using McpModule.Planning;
using Xunit;

namespace McpModule.Tests.Generator
{
    public sealed class McpVcpSizesTests
    {
        private static OrderedMap RenderKvm(McpClusterSpec spec)
        {
            var root = Path.Combine(Path.GetTempPath(), "mcp-vcpsize-" + Guid.NewGuid().ToString("N"));
            try
            {
                McpModelWriter.Write(McpModelGenerator.Generate(McpClusterDesigner.Design(spec)), root, force: false);
                return ReclassModel.Open(root).Render("kvm01." + spec.Domain).Parameters;
            }
            finally { try { Directory.Delete(root, true); } catch (IOException) { } }
        }

        private static OrderedMap At(OrderedMap m, params string[] path)
        {
            foreach (var k in path) m = (OrderedMap)m[k];
            return m;
        }

        [Fact]
        public void The_kvm_class_defines_every_vcp_size_with_the_reference_figures_and_a_disk_profile()
        {
            var p = RenderKvm(McpClusterDesignerTests.Spec(change: s => { s.StackLight = true; s.DriveTrain = true; }));
            var sizes = At(p, "salt", "control", "size");
            Assert.Equal(new[] { "openstack.control", "openstack.database", "openstack.message_queue", "openstack.proxy",
                                 "stacklight.monitor", "stacklight.telemetry", "stacklight.log", "cicd.control" }, sizes.Keys);
            var ctl = (OrderedMap)sizes["openstack.control"];
            Assert.Equal(8L, ctl["cpu"]);
            Assert.Equal(32768L, ctl["ram"]);
            Assert.Equal("openstack.control", ctl["disk_profile"]);
            Assert.Equal("default", ctl["net_profile"]);
            Assert.Equal(16384L, ((OrderedMap)sizes["openstack.database"])["ram"]);
            Assert.Equal(4L, ((OrderedMap)sizes["openstack.proxy"])["cpu"]);
            var log = (System.Collections.Generic.List<object>)At(p, "virt", "disk")["stacklight.log"];
            Assert.Equal(2000L * 1024, At((OrderedMap)log.Single(), "system")["size"]);
            // Every VM's size is defined.
            foreach (var vm in At(p, "salt", "control", "cluster", "internal", "node").Values.Cast<OrderedMap>())
                Assert.True(sizes.ContainsKey((string)vm["size"]), $"{vm["name"]} has size {vm["size"]}, which is not defined");
        }

        [Fact]
        public void Roles_the_table_has_no_figure_for_get_no_size_and_are_reported_once_with_their_vms()
        {
            var spec = McpClusterDesignerTests.Spec(McpTemplateNames.OpenstackContrail, s => s.Ceph = true);
            var p = RenderKvm(spec);
            var sizes = At(p, "salt", "control", "size");
            Assert.DoesNotContain("opencontrail.control", sizes.Keys);
            Assert.DoesNotContain("ceph.mon", sizes.Keys);
            Assert.DoesNotContain("ceph.mon", At(p, "virt", "disk").Keys);
            Assert.Contains("openstack.control", sizes.Keys);
            var unsized = McpVcpSizes.WithoutFigures(McpClusterDesigner.Design(spec));
            Assert.Equal(new[] { "opencontrail.control", "opencontrail.analytics", "ceph.mon", "ceph.rgw" }, unsized.Select(u => u.Key));
            Assert.Equal(new[] { "cmn01", "cmn02", "cmn03" }, unsized.Single(u => u.Key == "ceph.mon").Value);
        }

        [Fact]
        public void A_cluster_whose_vms_have_no_figures_at_all_gets_no_size_mapping()
        {
            var spec = McpClusterDesignerTests.Spec(McpTemplateNames.Kubernetes, s => s.Ceph = true);
            var p = RenderKvm(spec);
            var control = At(p, "salt", "control");
            Assert.False(control.ContainsKey("size"));
            Assert.False(p.ContainsKey("virt"));
            Assert.Equal(new[] { "ceph.mon", "ceph.rgw" }, McpVcpSizes.WithoutFigures(McpClusterDesigner.Design(spec)).Select(u => u.Key));
        }

        [Fact]
        public void A_context_telemetry_role_takes_the_mdb_figures()
        {
            var spec = McpClusterDesignerTests.Spec();
            spec.DeclaredNodes["openstack_telemetry"] = Enumerable.Range(1, 3).Select(i => new McpDeclaredNode($"mdb0{i}")).ToList();
            var mdb = (OrderedMap)At(RenderKvm(spec), "salt", "control", "size")["openstack.telemetry"];
            Assert.Equal((4L, 8192L), ((long)mdb["cpu"], (long)mdb["ram"]));
        }

        [Fact]
        public void Every_vcp_size_our_templates_use_is_a_row_of_Get_McpVcpSizing_with_or_without_figures()
        {
            var all = new[] { McpTemplateNames.OpenstackOvs, McpTemplateNames.OpenstackContrail, McpTemplateNames.Kubernetes }
                .SelectMany(t => McpRole.For(new McpClusterSpec { Template = t, Ceph = true, StackLight = true, DriveTrain = true }))
                .Where(r => r.Virtual).Select(r => r.VmSize).Distinct();
            var rows = McpVcpReference.Table.Concat(McpVcpReference.WithoutFigures).Select(r => r.SizeName).ToList();
            Assert.All(all, size => Assert.Contains(size, rows));
        }
    }
}
