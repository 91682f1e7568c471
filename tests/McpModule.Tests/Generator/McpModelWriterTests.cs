using System;
using System.IO;
using System.Linq;
using McpModule.Generator;
using McpModule.Templates;
using Xunit;

namespace McpModule.Tests.Generator
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

        [Theory]
        [InlineData("../outside.yml")]
        [InlineData("classes/cluster/lab/../../../../outside.yml")]
        [InlineData("/ABSOLUTE/outside.yml")]
        public void Force_never_deletes_what_a_tampered_manifest_lists_outside_the_repository(string entry)
        {
            var model = Model();
            McpModelWriter.Write(model, _root, force: false);
            var outside = Path.Combine(Path.GetDirectoryName(_root), "outside-" + Guid.NewGuid().ToString("N") + ".yml");
            File.WriteAllText(outside, "keep me\n");
            try
            {
                var listed = entry.Replace("outside.yml", Path.GetFileName(outside)).Replace("/ABSOLUTE", Path.GetDirectoryName(_root));
                var manifest = Path.Combine(_root, model.ManifestPath);
                File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"files\": [", "\"files\": [\n    \"" + listed.Replace("\\", "\\\\") + "\","));
                var before = Digest();
                var e = Assert.Throws<McpModule.FileSystem.PathOutsideRootException>(() => McpModelWriter.Write(Model(s => s.Site = "dc2"), _root, force: true));
                Assert.Contains("the manifest classes/cluster/lab/.mcp-owned.json lists a file", e.Message);
                Assert.True(File.Exists(outside));
                Assert.Equal(before, Digest());
            }
            finally { File.Delete(outside); }
        }

        [Fact]
        public void A_folder_of_the_cluster_that_is_a_link_out_of_the_repository_is_not_written_through()
        {
            var outside = Path.Combine(Path.GetTempPath(), "mcp-writer-outside-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(outside);
            Directory.CreateDirectory(Path.Combine(_root, "classes", "cluster"));
            File.CreateSymbolicLink(Path.Combine(_root, "classes", "cluster", "lab"), outside);
            try
            {
                var e = Assert.Throws<McpModule.FileSystem.PathOutsideRootException>(() => McpModelWriter.Write(Model(), _root, force: false));
                Assert.Contains("symbolic link", e.Message);
                Assert.Empty(Directory.GetFileSystemEntries(outside));
                Assert.False(Directory.Exists(Path.Combine(_root, "nodes")));
            }
            finally { Directory.Delete(outside, true); }
        }

        [Fact]
        public void A_write_that_fails_half_way_still_owns_what_it_wrote_and_force_finishes_it()
        {
            var model = Model();
            // a folder where the last file should be: the write fails there, after the others
            var last = model.Files.Keys.Last();
            var blocker = Path.Combine(_root, last.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(blocker);
            Assert.ThrowsAny<IOException>(() => McpModelWriter.Write(model, _root, force: false));
            var owned = McpModelWriter.ReadManifest(Path.Combine(_root, model.ManifestPath));
            Assert.NotNull(owned);
            var first = model.Files.Keys.First();
            Assert.True(File.Exists(Path.Combine(_root, first.Replace('/', Path.DirectorySeparatorChar))));
            Assert.Contains(first, owned);
            Assert.Empty(Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories));

            Directory.Delete(blocker);
            McpModelWriter.Write(model, _root, force: true);
            Assert.Equal(model.Files.Keys.OrderBy(k => k), McpModelWriter.ReadManifest(Path.Combine(_root, model.ManifestPath)).OrderBy(k => k));
        }

        [Fact]
        public void A_temp_file_a_killed_write_left_is_removed_by_the_next_write_of_that_file()
        {
            var model = Model();
            var temp = Path.Combine(_root, "nodes", ".kvm01.lab.local.yml.0badf00d.tmp");
            Directory.CreateDirectory(Path.GetDirectoryName(temp));
            File.WriteAllText(temp, "half");
            McpModelWriter.Write(model, _root, force: false);
            Assert.False(File.Exists(temp));
        }

        [Fact]
        public void The_repository_gitignore_gets_the_run_journal_once_and_keeps_what_it_had()
        {
            McpModelWriter.Write(Model(), _root, force: false);
            var ignore = Path.Combine(_root, ".gitignore");
            Assert.Contains("/.mcp/\n", File.ReadAllText(ignore));
            Assert.DoesNotContain(McpModelWriter.ReadManifest(Path.Combine(_root, Model().ManifestPath)), p => p == ".gitignore");

            File.WriteAllText(ignore, "*.swp");                                        // a user's own, without .mcp
            var changes = McpModelWriter.Write(Model(s => s.Site = "dc2"), _root, force: true);
            Assert.Contains(changes, c => c.Path == ".gitignore" && c.Action == McpFileAction.Overwrite);
            Assert.StartsWith("*.swp\n", File.ReadAllText(ignore));
            Assert.EndsWith("/.mcp/\n", File.ReadAllText(ignore));

            File.WriteAllText(ignore, "build/\n.mcp\n");                              // already covered
            changes = McpModelWriter.Write(Model(s => s.Site = "dc3"), _root, force: true);
            Assert.DoesNotContain(changes, c => c.Path == ".gitignore");
            Assert.Equal("build/\n.mcp\n", File.ReadAllText(ignore));
        }
    }
}
