#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Compare;
using McpModule.States.Journal;
using Xunit;

namespace McpModule.Tests.Compare
{
    public class ModelComparisonTests
    {
        private static List<McpModelChange> At(ModelComparison.Result result, string key) => result.Changes.Where(c => c.Key == key).ToList();

        [Fact]
        public void A_changed_param_reaching_many_nodes_is_a_change_on_each_of_them_and_one_line_of_the_summary()
        {
            using var repo = new TempModelRepository(computes: 20);
            repo.Replace("classes/cluster/lab/init.yml", "nova_reserved: 1100", "nova_reserved: 2048");
            repo.Commit("more memory for the host");

            var result = repo.Compare("HEAD~1", "HEAD");

            Assert.Empty(result.BrokenOnBoth);
            var changed = At(result, "nova:compute:reserved_host_memory_mb");
            Assert.Equal(20, changed.Count);
            Assert.All(changed, c =>
            {
                Assert.Equal(McpModelChangeKind.ValueChanged, c.Kind);
                Assert.Equal(1100L, c.Before);
                Assert.Equal(2048L, c.After);
                Assert.StartsWith("cmp", c.Node, StringComparison.Ordinal);
            });
            Assert.Equal(23, At(result, "_param:nova_reserved").Count);   // the _param itself is on every node of the cluster
            Assert.Equal(23, result.Compared);
            var summary = ChangeSummaries.Group(result.Changes).Single(s => s.Key == "nova:compute:reserved_host_memory_mb");
            Assert.Equal("nova:compute:reserved_host_memory_mb changed on 20 nodes: cmp001–cmp020", summary.Text);
            Assert.False(summary.Varies);
        }

        [Fact]
        public void A_class_added_to_a_system_class_is_added_with_its_values_to_the_nodes_that_include_it_only()
        {
            using var repo = new TempModelRepository(computes: 4);
            repo.Write("classes/system/linux/network/hugepages.yml", "parameters:\n  linux:\n    system:\n      hugepages:\n        size: 1G\n");
            repo.Replace("classes/system/nova/compute.yml", "applications: [nova]\n", "applications: [nova]\nclasses:\n- system.linux.network.hugepages\n");
            repo.Commit("hugepages on computes");

            var result = repo.Compare("HEAD~1", "HEAD");

            var added = result.Changes.Where(c => c.Kind == McpModelChangeKind.ClassAdded).ToList();
            Assert.Equal(new[] { "cmp001.lab.local", "cmp002.lab.local", "cmp003.lab.local", "cmp004.lab.local" }, added.Select(c => c.Node));
            Assert.All(added, c => Assert.Equal("system.linux.network.hugepages", c.Key));
            var values = At(result, "linux:system:hugepages");
            Assert.Equal(4, values.Count);
            Assert.All(values, c => Assert.Equal(McpModelChangeKind.ValueAdded, c.Kind));
            Assert.Equal("linux:system:hugepages", Assert.IsType<McpPillar>(values[0].After).Key);
            Assert.DoesNotContain(result.Changes, c => c.Node.StartsWith("ctl", StringComparison.Ordinal));
        }

        [Fact]
        public void A_node_removed_and_a_node_added_are_changes_of_whole_nodes_naming_their_files()
        {
            using var repo = new TempModelRepository(computes: 3);
            repo.Delete("nodes/cmp003.lab.local.yml");
            repo.Node("cmp004", "compute");
            repo.Commit("cmp003 replaced by cmp004");

            var result = repo.Compare("HEAD~1", "HEAD");

            var removed = Assert.Single(result.Changes, c => c.Node == "cmp003.lab.local");
            Assert.Equal(McpModelChangeKind.NodeRemoved, removed.Kind);
            Assert.Equal("nodes/cmp003.lab.local.yml", removed.Before);
            var added = Assert.Single(result.Changes, c => c.Node == "cmp004.lab.local");
            Assert.Equal(McpModelChangeKind.NodeAdded, added.Kind);
            Assert.Equal("nodes/cmp004.lab.local.yml", added.After);
            Assert.Equal(2, result.Changes.Count);
        }

        [Fact]
        public void A_changed_secret_is_shown_changed_and_masked_everywhere_it_appears()
        {
            using var repo = new TempModelRepository(computes: 2);
            repo.Replace("classes/cluster/lab/init.yml", "nova_db_password: s3cretNova", "nova_db_password: n3wSecretNova");
            repo.Replace("classes/cluster/lab/init.yml", "ceph_admin_key: AQBkeyAAAA==", "ceph_admin_key: AQBnewBBBB==");
            repo.Commit("rotate");

            var result = repo.Compare("HEAD~1", "HEAD");

            var password = At(result, "nova:compute:database:password");
            Assert.Equal(2, password.Count);
            Assert.All(password, c => { Assert.Equal(SecretMasker.Placeholder, c.Before); Assert.Equal(SecretMasker.Placeholder, c.After); });
            Assert.Equal("mysql://nova:********@db/nova", At(result, "nova:compute:database:url")[0].After);
            Assert.All(At(result, "ceph:common:keyring:admin:key"), c => Assert.Equal(SecretMasker.Placeholder, c.After));
            Assert.All(At(result, "_param:nova_db_password"), c => Assert.Equal(SecretMasker.Placeholder, c.Before));
            var texts = ChangeJson.Write(result.Changes) + ChangeMarkdown.Write(result.Changes, 60000);
            foreach (var secret in new[] { "s3cretNova", "n3wSecretNova", "AQBkeyAAAA", "AQBnewBBBB" })
                Assert.DoesNotContain(secret, texts, StringComparison.Ordinal);
        }

        [Fact]
        public void A_broken_reference_on_one_side_is_a_change_with_the_error_naming_the_revision_and_file()
        {
            using var repo = new TempModelRepository(computes: 2);
            repo.Write("nodes/cmp001.lab.local.yml", "classes:\n- cluster.lab.compute\nparameters:\n  _param:\n    hostname: ${_param:no_such_param}\n");
            repo.Commit("broken");
            var tempsBefore = TempModelRepository.CompareTemps();

            var forward = repo.Compare("HEAD~1", "HEAD");
            var backward = repo.Compare("HEAD", "HEAD~1");

            var broke = Assert.Single(forward.Changes, c => c.Kind == McpModelChangeKind.RenderFailed);
            Assert.Equal("cmp001.lab.local", broke.Node);
            Assert.Null(broke.Before);
            Assert.Contains("no_such_param", (string)broke.After!, StringComparison.Ordinal);
            Assert.Contains("HEAD:infra/model/", (string)broke.After!, StringComparison.Ordinal);
            Assert.DoesNotContain("mcp-compare-", (string)broke.After!, StringComparison.Ordinal);
            Assert.DoesNotContain(forward.Changes, c => c.Node == "cmp002.lab.local");
            var fixedOne = Assert.Single(backward.Changes, c => c.Kind == McpModelChangeKind.RenderFailed);
            Assert.Null(fixedOne.After);
            Assert.Contains("HEAD:infra/model/", (string)fixedOne.Before!, StringComparison.Ordinal);
            Assert.Equal(tempsBefore, TempModelRepository.CompareTemps());
        }

        [Fact]
        public void A_node_broken_the_same_way_on_both_sides_is_no_change_but_is_reported()
        {
            using var repo = new TempModelRepository(computes: 2);
            repo.Write("nodes/cmp002.lab.local.yml", "classes:\n- cluster.lab.compute\n- no.such.class\n");
            repo.Commit("broken");
            repo.Replace("classes/cluster/lab/init.yml", "ntp1: 0.pool.ntp.org", "ntp1: 1.pool.ntp.org");

            var result = repo.Compare("HEAD");

            Assert.DoesNotContain(result.Changes, c => c.Node == "cmp002.lab.local");
            var broken = Assert.Single(result.BrokenOnBoth);
            Assert.Equal("cmp002.lab.local", broken.Node);
            Assert.Contains("no.such.class", broken.Error, StringComparison.Ordinal);
            Assert.Contains(result.Changes, c => c.Node == "cmp001.lab.local" && c.Key == "ntp:client:strata");
        }

        [Fact]
        public void The_working_tree_is_compared_as_it_is_and_is_left_as_it_was()
        {
            using var repo = new TempModelRepository(computes: 2);
            repo.Replace("classes/cluster/lab/init.yml", "ntp1: 0.pool.ntp.org", "ntp1: 1.pool.ntp.org");
            var status = repo.Git("status", "--porcelain=v1", "--untracked-files=all");
            var head = repo.Git("rev-parse", "HEAD");
            var stash = repo.Git("stash", "list");

            var result = repo.Compare("HEAD");

            // a list that changed is one change of the whole list
            var strata = At(result, "ntp:client:strata");
            Assert.Equal(5, strata.Count);
            Assert.Equal(new object[] { "0.pool.ntp.org" }, (object[])strata[0].Before!);
            Assert.Equal(new object[] { "1.pool.ntp.org" }, (object[])strata[0].After!);
            Assert.Equal("working tree", strata[0].Difference);
            Assert.Equal(status, repo.Git("status", "--porcelain=v1", "--untracked-files=all"));
            Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
            Assert.Equal(stash, repo.Git("stash", "list"));
            Assert.Contains("1.pool.ntp.org", File.ReadAllText(Path.Combine(repo.Model, "classes/cluster/lab/init.yml")), StringComparison.Ordinal);
        }

        [Fact]
        public void A_target_limits_the_nodes_and_one_that_selects_none_says_so()
        {
            using var repo = new TempModelRepository(computes: 3);
            repo.Replace("classes/cluster/lab/init.yml", "ntp1: 0.pool.ntp.org", "ntp1: 1.pool.ntp.org");
            repo.Commit("ntp");

            var result = repo.Compare("HEAD~1", "HEAD", target: "ctl* or I@nova:compute:reserved_host_memory_mb:1100 and cmp001");
            var none = repo.Compare("HEAD~1", "HEAD", target: "nothing*");

            Assert.Equal(new[] { "cmp001.lab.local", "ctl01.lab.local", "ctl02.lab.local", "ctl03.lab.local" },
                         result.Changes.Select(c => c.Node).Distinct());
            Assert.True(result.TargetMatched);
            Assert.False(none.TargetMatched);
            Assert.Empty(none.Changes);
        }

        [Fact]
        public void The_same_revision_on_both_sides_has_no_change()
        {
            using var repo = new TempModelRepository(computes: 2);
            var result = repo.Compare("HEAD", "HEAD");
            Assert.Empty(result.Changes);
            Assert.Equal(5, result.Compared);
        }

        [Theory]
        [InlineData("no-such-branch", null, "Reference")]
        [InlineData("HEAD", "v9.9", "Difference")]
        [InlineData("--output=/tmp/x", null, "Reference")]
        public void A_revision_that_does_not_exist_names_its_parameter_and_leaves_no_temporary_folder(string reference, string? difference, string parameter)
        {
            using var repo = new TempModelRepository(computes: 1);
            var tempsBefore = TempModelRepository.CompareTemps();

            var e = Assert.Throws<ModelCompareException>(() => repo.Compare(reference, difference));

            Assert.Equal("Mcp.Compare.RevisionNotFound", e.ErrorId);
            Assert.Equal(parameter, e.ParameterName);
            Assert.Contains("-" + parameter, e.Message, StringComparison.Ordinal);
            Assert.Equal(tempsBefore, TempModelRepository.CompareTemps());
        }

        [Fact]
        public void A_revision_without_the_model_folder_and_a_folder_outside_git_are_clear_errors()
        {
            using var repo = new TempModelRepository(computes: 1);
            var empty = repo.Git("commit-tree", repo.Git("mktree").Trim(), "-m", "empty").Trim();
            var missing = Assert.Throws<ModelCompareException>(() => repo.Compare(empty));
            Assert.Equal("Mcp.Compare.ModelNotInRevision", missing.ErrorId);
            Assert.Contains("infra/model", missing.Message, StringComparison.Ordinal);

            using var plain = new McpModule.Tests.Model.TempInventory(("nodes/a.yml", "parameters: {}\n"));
            var notGit = Assert.Throws<ModelCompareException>(() => ModelSide.FromRevision(plain.Root, "HEAD", "Reference", default));
            Assert.Equal("Mcp.Compare.NotARepository", notGit.ErrorId);
            Assert.Equal("Path", notGit.ParameterName);
        }
    }
}
