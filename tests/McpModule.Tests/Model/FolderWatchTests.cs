using System;
using System.IO;
using McpModule.Model.Storage;
using Xunit;

namespace McpModule.Tests.Model
{
    /// The watch replaces a walk of the model on every cmdlet call, so each kind of change the
    /// walk saw must be seen at once (no waiting: the next call comes right after the edit).
    public class FolderWatchTests
    {
        private static TempInventory Inventory() => new TempInventory(
            ("classes/system/linux.yml", "parameters:\n  a: 1\n"),
            ("nodes/n1.yml", "classes:\n  - system.linux\n"));

        private static FolderWatch Start(TempInventory inv) =>
            FolderWatch.TryStart(inv.Root, new[] { "reclass-config.yml", "nodes", "classes" },
                new[] { inv.File("nodes"), inv.File("classes") });

        [Fact]
        public void A_model_on_a_file_system_another_machine_may_change_is_not_watched()
        {
            // /proc stands for any file system whose changes this kernel does not make (NFS, SMB, FUSE)
            Assert.False(FolderWatch.LocalFileSystems.Holds("/proc"));
            Assert.Null(FolderWatch.TryStart("/proc", new[] { "self" }, Array.Empty<string>()));
            using var inv = Inventory();
            Assert.True(FolderWatch.LocalFileSystems.Holds(inv.Root), "the temp folder is on a local file system here");
            // several folders: all of them local, or not
            Assert.True(FolderWatch.LocalFileSystems.Holds(inv.File("nodes"), inv.File("classes")));
            Assert.False(FolderWatch.LocalFileSystems.Holds(inv.File("nodes"), "/proc"));
            Assert.False(FolderWatch.LocalFileSystems.Holds("/proc", inv.File("classes")));
            Assert.Null(FolderWatch.TryStart(inv.Root, new[] { "nodes" }, new[] { inv.File("nodes"), "/proc" }));
        }

        [Fact]
        public void A_model_nobody_touches_stays_unchanged()
        {
            using var inv = Inventory();
            using var watch = Start(inv);
            Assert.NotNull(watch);
            File.ReadAllText(inv.File("classes/system/linux.yml"));
            Assert.False(watch.Changed);
        }

        [Theory]
        [InlineData("edit in place")]
        [InlineData("touch")]
        [InlineData("new file in a folder made after the watch")]
        [InlineData("delete")]
        [InlineData("rename")]
        [InlineData("config file")]
        public void Every_change_the_walk_saw_is_seen_at_once(string change)
        {
            using var inv = Inventory();
            using var watch = Start(inv);
            var file = inv.File("classes/system/linux.yml");
            switch (change)
            {
                case "edit in place":
                    using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write)) stream.WriteByte((byte)'#');
                    break;
                case "touch": File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(1)); break;
                case "new file in a folder made after the watch":
                    Directory.CreateDirectory(inv.File("classes/new"));
                    Assert.True(watch.Changed);
                    File.WriteAllText(inv.File("classes/new/x.yml"), "parameters: {}\n");
                    break;
                case "delete": File.Delete(file); break;
                case "rename": File.Move(file, inv.File("classes/system/linux2.yml")); break;
                case "config file": File.WriteAllText(inv.File("reclass-config.yml"), "nodes_uri: nodes\n"); break;
            }
            Assert.True(watch.Changed);
            Assert.True(watch.Changed);   // sticky: a changed model stays changed
        }

        [Fact]
        public void Files_beside_the_model_and_dot_files_do_not_count()
        {
            using var inv = Inventory();
            using var watch = Start(inv);
            File.WriteAllText(inv.File("README.md"), "x");
            File.WriteAllText(inv.File("classes/system/.linux.yml.swp"), "x");
            Assert.False(watch.Changed);
        }

        [Fact]
        public void Two_watches_on_one_model_each_see_a_change_and_a_disposed_one_lets_the_other_work()
        {
            using var inv = Inventory();
            var first = Start(inv);
            using var second = Start(inv);
            first.Dispose();
            Assert.True(first.Changed);   // a watch let go knows nothing: the caller walks
            File.AppendAllText(inv.File("nodes/n1.yml"), "\n");
            Assert.True(second.Changed);
        }

        [Fact]
        public void A_file_linked_from_outside_the_model_is_not_watched()
        {
            using var inv = Inventory();
            var outside = Path.Combine(Path.GetTempPath(), "mcp-test-" + Guid.NewGuid().ToString("N") + ".yml");
            File.WriteAllText(outside, "parameters: {}\n");
            try
            {
                File.CreateSymbolicLink(inv.File("classes/linked.yml"), outside);
                Assert.Null(Start(inv));
            }
            finally { File.Delete(outside); }
        }
    }
}
