using System;
using System.IO;
using System.Linq;
using System.Threading;
using McpModule.FileSystem;
using McpModule.Model;
using McpModule.Model.Caching;
using Xunit;

namespace McpModule.Tests.Model
{
    /// A file whose identity (FileIdentity) is the one the render cache holds for it keeps its
    /// hash unread; any other file, and any file changed since, is read and hashed. Real files on
    /// this machine's local file system: the tests wait out FileIdentity's settle time, since
    /// a change time cannot be set back.
    public sealed class RenderCacheTrustTests
    {
        private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2.2);

        private static string CacheOf(string root) => Path.Combine(root, ".mcp", "render-cache");

        private static TempInventory Settled()
        {
            var inv = new TempInventory(("classes/c.yml", "parameters:\n  x: 1\n"), ("classes/d.yml", "parameters:\n  y: 1\n"),
                                        ("nodes/a.yml", "classes:\n- c\n"), ("nodes/b.yml", "classes:\n- d\n"));
            Thread.Sleep(Settle);
            return inv;
        }

        // Every node rendered and written under inputs made with the cache file's inputs as earlier ones.
        private static RenderInputs RenderAndSave(string root)
        {
            var model = ReclassModel.Open(root);
            var inputs = RenderCacheFile.InputsOf(model, Earlier(root));
            foreach (var n in model.NodeNames) model.Render(n);
            Assert.Equal(model.NodeNames.Count, RenderCacheFile.Save(model, inputs, CacheOf(root)));
            return inputs;
        }

        private static RenderInputs Earlier(string root) => RenderCacheFile.Read(CacheOf(root), default)?.Inputs;

        [Fact]
        public void A_settled_file_keeps_its_hash_unread_while_its_identity_holds()
        {
            using var inv = Settled();
            var first = RenderAndSave(inv.Root);
            Assert.Equal(0, first.Trusted);
            Assert.All(first.Files.Values, f => Assert.True(f.Identity.IsKnown));

            var model = ReclassModel.Open(inv.Root);
            var now = RenderCacheFile.InputsOf(model, Earlier(inv.Root));
            Assert.Equal(4, now.Trusted);
            Assert.Equal(Convert.ToBase64String(first.Key), Convert.ToBase64String(now.Key));
            Assert.Equal(2, RenderCacheFile.Load(model, now, CacheOf(inv.Root)));
        }

        [Fact]
        public void An_edit_that_keeps_the_size_and_modification_time_is_read_by_its_change_time()
        {
            using var inv = Settled();
            var first = RenderAndSave(inv.Root);
            var file = inv.File("classes/c.yml");
            var time = File.GetLastWriteTimeUtc(file);
            File.WriteAllText(file, "parameters:\n  x: 2\n");
            File.SetLastWriteTimeUtc(file, time);

            var model = ReclassModel.Open(inv.Root);
            var now = RenderCacheFile.InputsOf(model, Earlier(inv.Root));
            Assert.Equal(3, now.Trusted);
            Assert.NotEqual(Convert.ToBase64String(first.Key), Convert.ToBase64String(now.Key));
            Assert.Equal(1, RenderCacheFile.Load(model, now, CacheOf(inv.Root)));   // b, which does not read c
            Assert.Equal(2L, model.Render("a").Parameters["x"]);
        }

        [Fact]
        public void A_file_replaced_by_a_copy_with_its_times_is_read_by_its_inode()
        {
            using var inv = Settled();
            RenderAndSave(inv.Root);
            var file = inv.File("classes/d.yml");
            var copy = file + ".new";
            File.WriteAllText(copy, "parameters:\n  y: 7\n");
            File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(file));
            File.Move(copy, file, overwrite: true);

            var model = ReclassModel.Open(inv.Root);
            var now = RenderCacheFile.InputsOf(model, Earlier(inv.Root));
            Assert.Equal(3, now.Trusted);
            Assert.Equal(1, RenderCacheFile.Load(model, now, CacheOf(inv.Root)));
            Assert.Equal(7L, model.Render("b").Parameters["y"]);
        }

        [Fact]
        public void A_file_changed_within_the_settle_time_is_hashed_again_next_time()
        {
            using var inv = new TempInventory(("classes/c.yml", "parameters:\n  x: 1\n"), ("nodes/a.yml", "classes:\n- c\n"));
            var first = RenderAndSave(inv.Root);
            Assert.All(first.Files.Values, f => Assert.False(f.Identity.IsKnown));   // written just now
            var model = ReclassModel.Open(inv.Root);
            var now = RenderCacheFile.InputsOf(model, Earlier(inv.Root));
            Assert.Equal(0, now.Trusted);
            Assert.Equal(1, RenderCacheFile.Load(model, now, CacheOf(inv.Root)));
        }

        [Fact]
        public void A_trusted_file_a_render_reads_with_other_bytes_makes_the_inputs_stale()
        {
            using var inv = Settled();
            RenderAndSave(inv.Root);
            var model = ReclassModel.Open(inv.Root);
            var now = RenderCacheFile.InputsOf(model, Earlier(inv.Root));
            Assert.Equal(4, now.Trusted);
            model.Render("b");   // reads d.yml as trusted: the same bytes
            Assert.False(now.Stale);
            // changed after its identity was taken: the render is of bytes the inputs do not hold
            File.WriteAllText(inv.File("classes/c.yml"), "parameters:\n  x: 3\n");
            Assert.Equal(3L, model.Render("a").Parameters["x"]);
            Assert.True(now.Stale);
        }

        [Fact]
        public void An_inventory_read_from_memory_has_no_identities_and_trusts_none()
        {
            using var inv = Settled();
            RenderAndSave(inv.Root);
            var files = Directory.GetFiles(inv.Root, "*.yml", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
            var model = ReclassModel.OpenFiles(inv.Root, files);
            var now = RenderCacheFile.InputsOf(model, Earlier(inv.Root));
            Assert.Equal(0, now.Trusted);
            Assert.All(now.Files.Values, f => Assert.False(f.Identity.IsKnown));
        }

        [Fact]
        public void An_identity_is_the_files_and_changes_with_its_change_time()
        {
            using var inv = Settled();
            var file = inv.File("classes/c.yml");
            Assert.True(FileIdentity.TryOf(file, out var before));
            Assert.True(before.Settled(FileIdentity.Now()));
            Assert.True(FileIdentity.TryOf(file, out var again));
            Assert.Equal(before, again);
            File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file));   // a chmod-like touch: only the change time moves
            Assert.True(FileIdentity.TryOf(file, out var after));
            Assert.NotEqual(before, after);
            Assert.False(after.Settled(FileIdentity.Now()));
            Assert.False(FileIdentity.TryOf(inv.File("classes/none.yml"), out _));
        }
    }
}
