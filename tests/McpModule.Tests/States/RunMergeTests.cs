using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.States;
using McpModule.States.Runs;
using Xunit;

namespace McpModule.Tests.States
{
    public sealed class RunMergeTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);
        private static readonly string[] Targets = Enumerable.Range(1, 20).Select(i => $"cmp{i:D3}.lab.local").ToArray();
        private static readonly string[] States = { "linux", "ntp" };

        private static McpNodeRun Node(string name, McpRunStatus status = McpRunStatus.Succeeded) =>
            new McpNodeRun(name, status, new[] { new McpStateResult(name, "ntp_pkg", "pkg:ntp", status == McpRunStatus.Succeeded ? McpResourceResult.Unchanged : McpResourceResult.Failed, null, null, TimeSpan.FromSeconds(1)) });

        // The part of shard k of n over Targets, as Invoke-McpState -Shard k/n would journal it.
        private static McpRun Part(int k, int n, int startSeconds = 0, int seconds = 10, string runId = "4711", string[] states = null,
                                   Func<string, McpRunStatus> status = null, McpRunStatus? runStatus = null, string host = null, bool whatIf = false, string commit = "abc")
        {
            var shard = new McpShard(k, n);
            var nodes = Targets.Where(shard.Contains).Select(t => Node(t, status?.Invoke(t) ?? McpRunStatus.Succeeded)).ToList();
            var worst = runStatus ?? (nodes.Any(x => x.StatusValue != McpRunStatus.Succeeded) ? McpRunStatus.Failed : McpRunStatus.Succeeded);
            return new McpRun(runId, T0.AddSeconds(startSeconds), T0.AddSeconds(startSeconds + seconds), "ci", "/runner/" + k + "/model", commit,
                              Targets, states ?? States, whatIf, worst, nodes, host ?? "runner-" + k, "Invoke-McpState", null, shard);
        }

        private static IEnumerable<McpRun> AllParts(int n) => Enumerable.Range(1, n).Select(k => Part(k, n, startSeconds: k, seconds: 10 * k));

        [Fact]
        public void The_parts_of_a_run_merge_into_the_run_of_all_its_nodes_in_target_order()
        {
            var merged = RunMerge.Merge(AllParts(4).Reverse(), out var problems);
            Assert.Empty(problems);
            Assert.Equal("4711", merged.RunId);
            Assert.Null(merged.Shard);
            Assert.Equal(Targets, merged.Nodes.Select(x => x.Node));
            Assert.Equal(Targets, merged.Targets);
            Assert.Equal(States, merged.States);
            Assert.Equal("Succeeded", merged.Status);
            Assert.Equal("abc", merged.ModelCommit);
            Assert.Equal("runner-1, runner-2, runner-3, runner-4", merged.Host);
            Assert.Equal("ci", merged.User);
        }

        [Fact]
        public void The_merged_run_starts_at_the_earliest_part_and_ends_at_the_latest()
        {
            // shard 1 starts at +1 s and ends at +11 s; shard 4 starts at +4 s and ends at +44 s
            var merged = RunMerge.Merge(AllParts(4), out _);
            Assert.Equal(T0.AddSeconds(1), merged.Started);
            Assert.Equal(T0.AddSeconds(44), merged.Finished);
            Assert.Equal(43, merged.DurationSeconds);
        }

        [Fact]
        public void The_merged_status_is_the_worst_of_the_parts()
        {
            var failing = Targets.First(t => new McpShard(2, 3).Contains(t));
            var parts = new[] { Part(1, 3), Part(2, 3, status: t => t == failing ? McpRunStatus.Failed : McpRunStatus.Succeeded), Part(3, 3) };
            var merged = RunMerge.Merge(parts, out _);
            Assert.Equal("Failed", merged.Status);
            Assert.Equal("Failed", merged.Nodes.Single(x => x.Node == failing).Status);

            var interrupted = RunMerge.Merge(new[] { Part(1, 3, runStatus: McpRunStatus.Interrupted), parts[1], Part(3, 3) }, out _);
            Assert.Equal("Interrupted", interrupted.Status);
        }

        [Fact]
        public void A_shard_with_no_nodes_is_a_part_like_any_other()
        {
            // 20 nodes over 40 shards: some shards get none, and their empty parts complete the run
            var parts = Enumerable.Range(1, 40).Select(k => Part(k, 40)).ToList();
            Assert.Contains(parts, p => p.Nodes.Count == 0);
            var merged = RunMerge.Merge(parts, out var problems);
            Assert.Empty(problems);
            Assert.Equal(20, merged.Nodes.Count);
        }

        [Fact]
        public void A_missing_shard_is_an_error_naming_it_and_its_nodes_and_no_run_is_made()
        {
            var parts = AllParts(4).Where(p => p.Shard.Index != 3).ToList();
            var merged = RunMerge.Merge(parts, out var problems);
            Assert.Null(merged);
            var problem = Assert.Single(problems);
            Assert.Equal(RunMerge.ShardMissing, problem.ErrorId);
            Assert.Equal("3/4", problem.Target);
            Assert.Contains("Shard 3/4 of run '4711' is missing", problem.Message);
            Assert.Contains(Targets.First(t => McpShard.IndexOf(t, 4) == 3), problem.Message);
            Assert.Contains("-Shard 3/4 -RunId 4711", problem.Message);
        }

        [Fact]
        public void Parts_of_different_runs_or_shard_counts_are_refused()
        {
            RunMerge.Merge(new[] { Part(1, 2), Part(2, 2, runId: "4712") }, out var ids);
            Assert.Equal(RunMerge.RunIdDiffers, Assert.Single(ids).ErrorId);
            Assert.Contains("'4711' (shard 1/2)", ids[0].Message);
            Assert.Contains("'4712' (shard 2/2)", ids[0].Message);

            RunMerge.Merge(new[] { Part(1, 2), Part(2, 3), Part(3, 3) }, out var counts);
            Assert.Equal(RunMerge.ShardCountDiffers, Assert.Single(counts).ErrorId);
        }

        [Fact]
        public void A_shard_given_twice_is_an_overlap()
        {
            var merged = RunMerge.Merge(new[] { Part(1, 2), Part(2, 2), Part(2, 2, startSeconds: 60) }, out var problems);
            Assert.Null(merged);
            var problem = Assert.Single(problems, p => p.ErrorId == RunMerge.ShardOverlap && "2/2".Equals(p.Target));
            Assert.Contains("given 2 times", problem.Message);
        }

        [Fact]
        public void A_node_in_the_part_of_another_shard_is_refused()
        {
            var one = Part(1, 2);
            var stray = Targets.First(t => McpShard.IndexOf(t, 2) == 2);
            var tampered = new McpRun(one.RunId, one.Started, one.Finished, one.User, one.ModelPath, one.ModelCommit, one.Targets, one.States, false,
                                      McpRunStatus.Succeeded, one.Nodes.Concat(new[] { Node(stray) }).ToList(), null, null, null, one.Shard);
            RunMerge.Merge(new[] { tampered, Part(2, 2) }, out var problems);
            Assert.Contains(problems, p => p.ErrorId == RunMerge.ShardOverlap && stray.Equals(p.Target));
        }

        [Fact]
        public void Parts_that_applied_other_states_or_came_from_another_commit_or_WhatIf_are_refused_naming_the_shard()
        {
            RunMerge.Merge(new[] { Part(1, 2), Part(2, 2, states: new[] { "linux" }) }, out var states);
            var problem = Assert.Single(states);
            Assert.Equal(RunMerge.PartsDiffer, problem.ErrorId);
            Assert.Equal("2/2", problem.Target);
            Assert.Contains("states linux, not linux, ntp", problem.Message);

            RunMerge.Merge(new[] { Part(1, 2), Part(2, 2, commit: "def") }, out var commits);
            Assert.Contains("model commit def, not abc", Assert.Single(commits).Message);

            RunMerge.Merge(new[] { Part(1, 2), Part(2, 2, whatIf: true) }, out var whatIf);
            Assert.Contains("a -WhatIf run", Assert.Single(whatIf).Message);
        }

        [Fact]
        public void A_whole_run_is_not_a_part_and_nothing_is_no_run()
        {
            RunMerge.Merge(new[] { RunSamples.Simple("4711", T0) }, out var whole);
            Assert.Equal(RunMerge.NotAShard, Assert.Single(whole).ErrorId);
            Assert.Null(RunMerge.Merge(Array.Empty<McpRun>(), out var none));
            Assert.Equal(RunMerge.NoParts, Assert.Single(none).ErrorId);
        }
    }
}
