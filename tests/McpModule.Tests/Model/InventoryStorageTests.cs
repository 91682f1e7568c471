using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using McpModule.Model;
using McpModule.Model.Data;
using Xunit;

namespace McpModule.Tests.Model
{
    /// nodes/ and classes/ are walked as reclass walks them (links followed), within bounds:
    /// a loop of links, a folder tree too deep, an unreadable folder or a FIFO never hang,
    /// crash or hide the rest of the model.
    public sealed class InventoryStorageTests
    {
        [Fact]
        public void Two_links_to_the_classes_folder_are_a_loop_reported_at_once()
        {
            using var inv = new TempInventory(("nodes/n1.yml", "classes: [base]\n"), ("classes/base.yml", "parameters: {x: 1}\n"));
            File.CreateSymbolicLink(inv.File("classes/a"), ".");
            File.CreateSymbolicLink(inv.File("classes/b"), ".");
            var before = inv.Digest();
            var clock = Stopwatch.StartNew();
            var e = Assert.Throws<ModelException>(() => ReclassModel.Open(inv.Root));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
            Assert.Equal(ModelErrorKind.LimitExceeded, e.Kind);
            Assert.Matches(@"The folder '.*/classes/[ab]' is a symbolic link to '.*/classes', which holds it", e.Message);
            Assert.Equal(before, inv.Digest());
        }

        [Fact]
        public void A_link_back_up_from_deeper_down_is_a_loop_too()
        {
            using var inv = new TempInventory(("nodes/n1.yml", "{}\n"), ("classes/x/y/c.yml", "{}\n"));
            File.CreateSymbolicLink(inv.File("classes/x/y/up"), "../..");
            var e = Assert.Throws<ModelException>(() => ReclassModel.Open(inv.Root));
            Assert.Equal(ModelErrorKind.LimitExceeded, e.Kind);
            Assert.Contains("classes/x/y/up' is a symbolic link to", e.Message);
        }

        [Fact]
        public void A_link_to_a_folder_elsewhere_is_followed_as_reclass_does()
        {
            using var formulas = new TempInventory(("classes/service/ntp/client.yml", "parameters: {ntp: {enabled: true}}\n"));
            using var inv = new TempInventory(("nodes/n1.yml", "classes: [service.ntp.client]\n"));
            Directory.CreateSymbolicLink(inv.File("classes/service"), formulas.File("classes/service"));
            var node = ReclassModel.Open(inv.Root).Render("n1");
            Assert.Equal(true, ((OrderedMap)node.Parameters["ntp"])["enabled"]);
        }

        [Fact]
        public void Folders_deeper_than_the_bound_are_an_error_naming_the_folder_and_the_bound()
        {
            var deep = string.Join("/", Enumerable.Repeat("d", ModelLimits.MaxFolderDepth + 1));
            using var inv = new TempInventory(("nodes/n1.yml", "{}\n"), ($"classes/{deep}/c.yml", "{}\n"));
            var e = Assert.Throws<ModelException>(() => ReclassModel.Open(inv.Root));
            Assert.Equal(ModelErrorKind.LimitExceeded, e.Kind);
            Assert.Contains($"more than {ModelLimits.MaxFolderDepth} folders below '{inv.File("classes")}'", e.Message);

            var deepest = string.Join("/", Enumerable.Repeat("d", ModelLimits.MaxFolderDepth));
            using var ok = new TempInventory(("nodes/n1.yml", $"classes: [{deepest.Replace('/', '.')}.c]\n"), ($"classes/{deepest}/c.yml", "parameters: {x: 1}\n"));
            Assert.Equal(1L, ReclassModel.Open(ok.Root).Render("n1").Parameters["x"]);
        }

        [Fact]
        public void An_unreadable_folder_is_one_problem_naming_it_and_the_nodes_that_do_not_need_it_render()
        {
            if (!OperatingSystem.IsLinux()) return;
            using var inv = new TempInventory(
                ("nodes/n1.yml", "classes: [secret.x]\n"),
                ("nodes/n2.yml", "classes: [open]\n"),
                ("classes/open.yml", "parameters: {o: 1}\n"),
                ("classes/secret/x.yml", "parameters: {s: 1}\n"));
            var before = inv.Digest();
            var secret = inv.File("classes/secret");
            File.SetUnixFileMode(secret, UnixFileMode.None);
            try
            {
                var (problems, n2, n1Error, validation) = Posix.WithoutFileOverrides(() =>
                {
                    var model = ReclassModel.Open(inv.Root);
                    return (model.Problems, model.Render("n2"),
                            Assert.Throws<ModelException>(() => model.Render("n1")), model.Validate());
                });
                var problem = Assert.Single(problems);
                Assert.Equal(ModelErrorKind.UnreadableFolder, problem.Kind);
                Assert.Equal(secret, problem.File);
                Assert.Contains($"Cannot read the folder '{secret}': permission denied", problem.Message);
                Assert.Equal(1L, n2.Parameters["o"]);
                Assert.Equal(ModelErrorKind.ClassNotFound, n1Error.Kind);
                Assert.Contains($"It may be in '{secret}', which cannot be read", n1Error.Message);
                Assert.Single(validation, p => p.Kind == ModelErrorKind.UnreadableFolder);
            }
            finally { File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
            Assert.Equal(before, inv.Digest());
        }

        [Fact]
        public void A_read_one_caller_cancelled_is_not_kept_for_the_next_caller()
        {
            var big = "parameters:\n" + string.Concat(Enumerable.Range(0, 10_000).Select(i => $"  p{i}: {i}\n"));
            using var inv = new TempInventory(("nodes/n1.yml", "classes: [big]\n"), ("classes/big.yml", big));
            var storage = new McpModule.Model.Storage.InventoryStorage(inv.Root, new ReclassSettings());
            using var cancelled = new System.Threading.CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => storage.TryGetClass("big", cancelled.Token));
            Assert.Equal(10_000, storage.TryGetClass("big").ParametersData.Count);
        }

        [Fact]
        public async System.Threading.Tasks.Task A_FIFO_named_like_a_class_reads_as_an_empty_class()
        {
            if (!OperatingSystem.IsLinux()) return;
            using var inv = new TempInventory(("nodes/n1.yml", "classes: [pipe]\nparameters: {x: 1}\n"));
            Posix.MakeFifo(inv.File("classes/pipe.yml"));
            var render = System.Threading.Tasks.Task.Run(() => ReclassModel.Open(inv.Root).Render("n1"));
            Assert.True(render == await System.Threading.Tasks.Task.WhenAny(render, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(10))), "reading a FIFO blocked");
            Assert.Equal(1L, (await render).Parameters["x"]);
        }
    }
}
