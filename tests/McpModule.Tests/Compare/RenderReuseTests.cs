#nullable enable
using System;
using System.Linq;
using System.Threading;
using McpModule.Compare;
using McpModule.Model;
using Xunit;

namespace McpModule.Tests.Compare
{
    /// The reference side takes the difference side's render of a node whose files are the same on
    /// both sides. Each edit here is compared twice, with that reuse and with every node rendered on
    /// both sides (the oracle): the changes and the broken nodes must be the same, and the nodes the
    /// edit can reach must have been rendered again.
    public class RenderReuseTests
    {
        private static (ModelComparison.Result Reused, ModelComparison.Result Oracle) Both(TempModelRepository repo, string reference, string? difference = null)
        {
            ModelComparison.Result Run(bool reuse) => ModelComparison.Run(
                c => ModelSide.FromRevision(repo.Model, reference, "Reference", c),
                c => difference == null ? new ModelSide("working tree", ReclassModel.Open(repo.Model)) : ModelSide.FromRevision(repo.Model, difference, "Difference", c),
                null, reuse, CancellationToken.None);
            var reused = Run(true);
            var oracle = Run(false);
            Assert.Equal(0, oracle.ReusedRenders);
            Assert.Equal(ChangeJson.Write(oracle.Changes), ChangeJson.Write(reused.Changes));
            Assert.Equal(oracle.BrokenOnBoth, reused.BrokenOnBoth);
            Assert.Equal(oracle.Compared, reused.Compared);
            return (reused, oracle);
        }

        [Fact]
        public void Nodes_whose_files_did_not_change_are_not_rendered_again_and_the_changes_are_the_same()
        {
            using var repo = new TempModelRepository(computes: 6);
            repo.Replace("classes/system/nova/compute.yml", "reserved_host_memory_mb: ${_param:nova_reserved}", "reserved_host_memory_mb: 4096");
            repo.Commit("computes only");

            var (reused, _) = Both(repo, "HEAD~1", "HEAD");

            Assert.Equal(6, reused.Changes.Select(c => c.Node).Distinct().Count());
            Assert.Equal(3, reused.ReusedRenders);   // the controllers
        }

        [Fact]
        public void A_node_file_edited_in_the_working_tree_is_rendered_again_and_its_neighbours_are_not()
        {
            using var repo = new TempModelRepository(computes: 4);
            repo.Write("nodes/cmp003.lab.local.yml", "classes:\n- cluster.lab.compute\nparameters:\n  _param:\n    hostname: cmp003-renamed\n");

            var (reused, _) = Both(repo, "HEAD");

            Assert.Equal(new[] { "cmp003.lab.local" }, reused.Changes.Select(c => c.Node).Distinct());
            Assert.Equal(6, reused.ReusedRenders);
        }

        [Fact]
        public void A_class_found_on_one_side_only_where_a_missing_class_is_ignored_is_a_change()
        {
            using var repo = new TempModelRepository(computes: 3);
            repo.Write("reclass-config.yml", "ignore_class_notfound: true\n");
            repo.Replace("classes/cluster/lab/compute.yml", "- system.nova.compute\n", "- system.nova.compute\n- system.optional.tuning\n");
            repo.Commit("an optional class");
            repo.Write("classes/system/optional/tuning.yml", "parameters:\n  tuning:\n    swappiness: 10\n");
            repo.Commit("the optional class exists");

            var (reused, _) = Both(repo, "HEAD~1", "HEAD");

            // the whole new mapping is one added value (reclass lists an ignored class on both sides)
            Assert.Equal(new[] { "cmp001.lab.local", "cmp002.lab.local", "cmp003.lab.local" },
                         reused.Changes.Where(c => c.Key == "tuning" && c.Kind == McpModelChangeKind.ValueAdded).Select(c => c.Node));
            Assert.Equal(3, reused.ReusedRenders);
        }

        [Fact]
        public void A_class_moved_to_a_folder_of_its_own_with_the_same_text_is_rendered_again_and_changes_nothing()
        {
            using var repo = new TempModelRepository(computes: 2);
            var text = System.IO.File.ReadAllText(System.IO.Path.Combine(repo.Model, "classes/system/ntp/client.yml"));
            repo.Delete("classes/system/ntp/client.yml");
            repo.Write("classes/system/ntp/client/init.yml", text);
            repo.Commit("moved");

            var (reused, _) = Both(repo, "HEAD~1", "HEAD");

            Assert.Empty(reused.Changes);
            Assert.Equal(0, reused.ReusedRenders);   // every node reads that class
        }

        [Fact]
        public void Changed_reclass_settings_render_every_node_again()
        {
            using var repo = new TempModelRepository(computes: 2);
            repo.Write("reclass-config.yml", "default_environment: staging\n");
            repo.Commit("settings");

            var (reused, _) = Both(repo, "HEAD~1", "HEAD");

            Assert.Equal(0, reused.ReusedRenders);
            Assert.Equal(5, reused.Changes.Count(c => c.Key == "_reclass_:environment"));
        }

        [Fact]
        public void A_node_that_asks_the_inventory_is_rendered_again_when_only_other_nodes_files_changed()
        {
            using var repo = new TempModelRepository(computes: 3);
            repo.Replace("classes/system/nova/compute.yml", "applications: [nova]\n", "applications: [nova]\nexports:\n  nova_memory: ${_param:nova_reserved}\n");
            repo.Replace("classes/cluster/lab/control.yml", "- system.keystone.server\n", "- system.keystone.server\nparameters:\n  computes: $[ exports:nova_memory ]\n");
            repo.Replace("nodes/cmp002.lab.local.yml", "hostname: cmp002\n", "hostname: cmp002\n    nova_reserved: 1100\n");
            repo.Commit("controllers list the computes' memory");
            repo.Replace("nodes/cmp002.lab.local.yml", "nova_reserved: 1100", "nova_reserved: 2222");

            var (reused, _) = Both(repo, "HEAD");

            // the controllers' own files are the same, but what they ask of cmp002 is not
            Assert.Equal(new[] { "cmp002.lab.local", "ctl01.lab.local", "ctl02.lab.local", "ctl03.lab.local" }, reused.Changes.Select(c => c.Node).Distinct());
            Assert.Equal(2, reused.ReusedRenders);   // cmp001, cmp003
        }

        [Fact]
        public void A_class_named_by_a_reference_follows_the_value_it_is_named_by()
        {
            using var repo = new TempModelRepository(computes: 2);
            repo.Write("classes/system/flavor/small.yml", "parameters:\n  flavor:\n    vcpus: 2\n");
            repo.Write("classes/system/flavor/large.yml", "parameters:\n  flavor:\n    vcpus: 16\n");
            repo.Replace("classes/cluster/lab/compute.yml", "- system.nova.compute\n", "- system.nova.compute\n- system.flavor.${_param:flavor}\n");
            repo.Replace("classes/cluster/lab/init.yml", "    nova_reserved: 1100\n", "    nova_reserved: 1100\n    flavor: small\n");
            repo.Commit("flavors");
            repo.Replace("classes/cluster/lab/init.yml", "flavor: small", "flavor: large");
            repo.Commit("large");

            var (reused, _) = Both(repo, "HEAD~1", "HEAD");

            Assert.Equal(2, reused.Changes.Count(c => c.Key == "flavor:vcpus"));
            Assert.Equal(0, reused.ReusedRenders);   // the cluster class changed: every node reads it
        }

        [Fact]
        public void A_class_broken_on_the_reference_side_only_is_a_change_there_and_nodes_without_it_are_reused()
        {
            using var repo = new TempModelRepository(computes: 3);
            repo.Write("classes/system/nova/compute.yml", "applications: [nova\nparameters: {}\n");
            repo.Commit("broken");
            repo.Git("-c", "user.name=test", "-c", "user.email=test@example.invalid", "revert", "--no-edit", "HEAD");

            var (reused, _) = Both(repo, "HEAD~1", "HEAD");

            Assert.Equal(3, reused.Changes.Count(c => c.Kind == McpModelChangeKind.RenderFailed));
            Assert.Equal(3, reused.ReusedRenders);
        }
    }
}
