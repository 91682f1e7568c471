using System;
using System.IO;
using System.Linq;
using McpModule.Templates;
using Xunit;

namespace McpModule.Tests.Templates
{
    public sealed class McpModelWriterTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "mcp-writer-" + Guid.NewGuid().ToString("N"));
        public void Dispose() { try { Directory.Delete(_root, true); } catch (IOException) { } }

        private static McpGeneratedModel Model(Action<McpClusterSpec> change = null) =>
            McpModelGenerator.Generate(McpClusterDesigner.Design(McpClusterDesignerTests.Spec(McpTemplateNames.Infrastructure, change)));

        private string Digest() => string.Join("\n", Directory.GetFiles(_root, "*", SearchOption.AllDirectories).OrderBy(f => f)
            .Select(f => f + " " + File.ReadAllText(f).GetHashCode()));

        [Fact]
        public void A_new_model_is_written_with_a_manifest_of_its_files()
        {
            var model = Model();
            var changes = McpModelWriter.Write(model, _root, force: false);
            Assert.All(changes, c => Assert.Equal(McpFileAction.Create, c.Action));
            Assert.True(File.Exists(Path.Combine(_root, "nodes", "kvm01.lab.local.yml")));
            var owned = McpModelWriter.ReadManifest(Path.Combine(_root, model.ManifestPath));
            Assert.Equal(model.Files.Keys.OrderBy(k => k), owned.OrderBy(k => k));
            Assert.Empty(Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories));
        }

        [Fact]
        public void An_existing_cluster_is_not_touched_without_force()
        {
            McpModelWriter.Write(Model(), _root, force: false);
            var before = Digest();
            var e = Assert.Throws<McpModelConflictException>(() => McpModelWriter.Write(Model(s => s.Site = "dc2"), _root, force: false));
            Assert.Contains("-Force", e.Message);
            Assert.Equal(before, Digest());
        }

        [Fact]
        public void Force_rewrites_owned_files_and_removes_owned_files_no_longer_generated()
        {
            McpModelWriter.Write(Model(s => s.DriveTrain = true), _root, force: false);
            var changes = McpModelWriter.Write(Model(s => s.Site = "dc2"), _root, force: true);
            Assert.Contains(changes, c => c.Action == McpFileAction.Overwrite && c.Path == "classes/cluster/lab/init.yml");
            Assert.Contains(changes, c => c.Action == McpFileAction.Remove && c.Path == "nodes/cid01.lab.local.yml");
            Assert.False(File.Exists(Path.Combine(_root, "nodes", "cid01.lab.local.yml")));
            Assert.Contains("cluster_site: dc2", File.ReadAllText(Path.Combine(_root, "classes", "cluster", "lab", "init.yml")));
        }

        [Fact]
        public void Force_does_not_overwrite_a_file_the_cluster_does_not_own()
        {
            var model = Model();
            Directory.CreateDirectory(Path.Combine(_root, "nodes"));
            File.WriteAllText(Path.Combine(_root, "nodes", "cfg01.lab.local.yml"), "classes: []\n");
            var before = Digest();
            var e = Assert.Throws<McpModelConflictException>(() => McpModelWriter.Write(model, _root, force: true));
            Assert.Equal(new[] { "nodes/cfg01.lab.local.yml" }, e.Paths);
            Assert.Equal(before, Digest());
        }

        [Fact]
        public void Plan_says_what_would_be_written_and_writes_nothing()
        {
            var changes = McpModelWriter.Plan(Model(), _root, force: false);
            Assert.Contains(changes, c => c.Path == "nodes/cfg01.lab.local.yml" && c.Action == McpFileAction.Create);
            Assert.False(Directory.Exists(_root));
        }
    }
}
