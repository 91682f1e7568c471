using System;
using System.IO;
using System.Linq;
using McpModule.Tests.Model;
using Xunit;

namespace McpModule.Tests.Catalog
{
    /// How a model's nodes fall into clusters: by the first cluster.X class a node file lists
    /// itself, the rest under the repository folder's name; clusters in ordinal order of their
    /// names, each cluster's nodes in the model's order.
    public sealed class McpClusterCatalogTests
    {
        [Fact]
        public void Clusters_come_in_ordinal_order_with_their_nodes_in_the_models_order()
        {
            using var inventory = new TempInventory(
                ("classes/cluster/zeta/init.yml", "parameters:\n  _param:\n    cluster_domain: zeta.local\n"),
                ("classes/cluster/alpha/init.yml", "parameters: {}\n"),
                ("classes/cluster/Beta/init.yml", "parameters: {}\n"),
                ("classes/cluster/alpha/ctl.yml", "classes:\n- cluster.alpha\n"),
                ("nodes/z2.zeta.local.yml", "classes:\n- cluster.zeta\n"),
                ("nodes/a1.yml", "classes:\n- cluster.alpha.ctl\n"),
                ("nodes/z1.zeta.local.yml", "classes:\n- cluster.zeta\n"),
                ("nodes/b1.yml", "classes:\n- cluster.Beta\n"),
                ("nodes/loose.yml", "parameters:\n  x: 1\n"),
                ("nodes/a0.yml", "classes:\n- cluster.alpha\n"));
            var model = McpModule.Model.ReclassModel.Open(inventory.Root);
            var clusters = McpClusterCatalog.Discover(model);
            var folder = new DirectoryInfo(inventory.Root).Name;   // mcp-test-<guid>: after the capitals, before 'zeta'
            var expected = new[] { "Beta", "alpha", folder, "zeta" };
            Assert.Equal(expected, clusters.Select(c => c.Name));
            Assert.Equal(new[] { 1, 2, 1, 2 }, clusters.Select(c => c.NodeCount));
            Assert.Equal("zeta.local", clusters.Single(c => c.Name == "zeta").Domain);
            var alpha = McpClusterCatalog.GetNodes(clusters.Single(c => c.Name == "alpha"), out var errors);
            Assert.Empty(errors);
            Assert.Equal(model.NodeNames.Where(n => n == "a0" || n == "a1"), alpha.Select(n => n.Name));
            var byNode = McpClusterCatalog.ClusterByNode(model);
            Assert.Equal("zeta", byNode["z1.zeta.local"].Name);
            Assert.Equal(folder, byNode["loose"].Name);
        }
    }
}
