using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.States.Runs
{
    /// A reason parts cannot be merged: a stable error id, what is wrong, and what it is about
    /// (a shard "3/8", a run id, a node name) for the error record's target.
    internal sealed class RunMergeProblem
    {
        public RunMergeProblem(string errorId, string message, object target) { ErrorId = errorId; Message = message; Target = target; }
        public string ErrorId { get; }
        public string Message { get; }
        public object Target { get; }
        public override string ToString() => $"{ErrorId}: {Message}";
    }

    /// Joins the parts of a sharded run (Invoke-McpState -Shard k/n -RunId id on n runners) into the
    /// run one controller would have made over all the nodes: every part's nodes, ordered as the
    /// targets list them; started at the earliest start, finished at the latest end; the worst
    /// status of the parts (Interrupted over Failed over Succeeded). The parts must be one run: the
    /// same run id, the same n, each shard once, the same states, targets, -WhatIf and model commit,
    /// each node in the part of its own shard. A missing shard is an error, one per shard, and no run
    /// is made: a report without a runner's nodes would be greener than the run (re-run that shard).
    internal static class RunMerge
    {
        public const string NoParts = "Mcp.Run.MergeNoParts";
        public const string NotAShard = "Mcp.Run.MergeNotAShard";
        public const string RunIdDiffers = "Mcp.Run.MergeRunIdDiffers";
        public const string ShardCountDiffers = "Mcp.Run.MergeShardCountDiffers";
        public const string ShardOverlap = "Mcp.Run.MergeShardOverlap";
        public const string PartsDiffer = "Mcp.Run.MergePartsDiffer";
        public const string NodeNotInShard = "Mcp.Run.MergeNodeNotInShard";
        public const string ShardMissing = "Mcp.Run.MergeShardMissing";

        /// The merged run, or null with the problems (at least one) when the parts are not one whole run.
        public static McpRun Merge(IEnumerable<McpRun> parts, out IReadOnlyList<RunMergeProblem> problems)
        {
            var list = (parts ?? Enumerable.Empty<McpRun>()).Where(p => p != null).ToList();
            var found = new List<RunMergeProblem>();
            problems = found;
            if (list.Count == 0)
            {
                found.Add(new RunMergeProblem(NoParts, "No part of a run was given: pipe the parts' McpRun objects, give their journal files, or a run id.", null));
                return null;
            }
            foreach (var whole in list.Where(p => p.Shard == null))
                found.Add(new RunMergeProblem(NotAShard, $"The run '{whole.RunId}' is not a shard's part (it was not run with -Shard); only the parts of a sharded run are merged.", whole.RunId));
            var sharded = list.Where(p => p.Shard != null).ToList();
            var ids = sharded.Select(p => p.RunId).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count > 1)
                found.Add(new RunMergeProblem(RunIdDiffers,
                    "The parts belong to different runs: " + string.Join("; ", ids.Select(id => $"'{id}' (shard {string.Join(", ", sharded.Where(p => p.RunId == id).Select(p => p.Shard))})")) +
                    ". Merge the parts of one run id at a time.", ids));
            var counts = sharded.Select(p => p.Shard.Count).Distinct().ToList();
            if (counts.Count > 1)
                found.Add(new RunMergeProblem(ShardCountDiffers,
                    "The parts split the run into different numbers of shards: " + string.Join(", ", sharded.Select(p => p.Shard)) + ". Every shard of a run has the same n.",
                    sharded.Select(p => p.Shard.ToString()).ToList()));
            if (found.Count > 0) return null;

            var runId = ids[0];
            var n = counts[0];
            var ordered = sharded.OrderBy(p => p.Shard.Index).ToList();
            foreach (var twice in ordered.GroupBy(p => p.Shard.Index).Where(g => g.Count() > 1))
                found.Add(new RunMergeProblem(ShardOverlap, $"Shard {twice.First().Shard} of run '{runId}' was given {twice.Count()} times (started {string.Join(", ", twice.Select(p => p.Started.ToString("u")))}); give each shard's part once.", twice.First().Shard.ToString()));

            var first = ordered[0];
            foreach (var part in ordered.Skip(1))
            {
                var differ = new List<string>();
                if (!part.States.SequenceEqual(first.States, StringComparer.Ordinal)) differ.Add($"states {Join(part.States)}, not {Join(first.States)}");
                if (!Journal.RunIdReuse.SameSet(part.Targets, first.Targets)) differ.Add($"{part.Targets.Count} target node(s), not the {first.Targets.Count} of shard {first.Shard}");
                if (part.WhatIf != first.WhatIf) differ.Add(part.WhatIf ? "a -WhatIf run" : "not a -WhatIf run");
                if (!string.Equals(part.ModelCommit, first.ModelCommit, StringComparison.Ordinal)) differ.Add($"model commit {part.ModelCommit ?? "(none)"}, not {first.ModelCommit ?? "(none)"}");
                if (differ.Count > 0)
                    found.Add(new RunMergeProblem(PartsDiffer, $"Shard {part.Shard} of run '{runId}' differs from shard {first.Shard}: {string.Join("; ", differ)}. The parts of a run apply the same states to shares of the same targets from the same model.", part.Shard.ToString()));
            }

            var owner = new Dictionary<string, McpShard>(StringComparer.OrdinalIgnoreCase);
            foreach (var part in ordered)
                foreach (var node in part.Nodes)
                {
                    if (owner.TryGetValue(node.Node, out var other) && !other.Equals(part.Shard))
                        found.Add(new RunMergeProblem(ShardOverlap, $"The node '{node.Node}' is in the parts of shards {other} and {part.Shard} of run '{runId}'; a node belongs to one shard.", node.Node));
                    else if (McpShard.IndexOf(node.Node, n) != part.Shard.Index)
                        found.Add(new RunMergeProblem(NodeNotInShard, $"The node '{node.Node}' is in the part of shard {part.Shard} of run '{runId}' but belongs to shard {McpShard.IndexOf(node.Node, n)}/{n}; the part was not made by this McpModule's -Shard.", node.Node));
                    owner[node.Node] = part.Shard;
                }

            var given = new HashSet<int>(ordered.Select(p => p.Shard.Index));
            for (var k = 1; k <= n; k++)
            {
                if (given.Contains(k)) continue;
                var theirs = first.Targets.Where(t => McpShard.IndexOf(t, n) == k).ToList();
                var holds = theirs.Count == 0 ? "it holds none of the target nodes, but its runner still journals an empty part"
                    : $"it holds {theirs.Count} of the target nodes ({string.Join(", ", theirs.Take(10))}{(theirs.Count > 10 ? ", ..." : "")})";
                found.Add(new RunMergeProblem(ShardMissing, $"Shard {k}/{n} of run '{runId}' is missing: {holds}. Give its part, or run it again (Invoke-McpState -Shard {k}/{n} -RunId {runId}).", $"{k}/{n}"));
            }
            if (found.Count > 0) return null;

            // nodes in the order the targets list them, as one run's journal and report would read
            var position = first.Targets.Select((t, i) => (t, i)).GroupBy(x => x.t, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
            var nodes = ordered.SelectMany(p => p.Nodes)
                .OrderBy(r => position.TryGetValue(r.Node, out var i) ? i : int.MaxValue).ThenBy(r => r.Node, StringComparer.Ordinal).ToList();
            var status = ordered.Select(p => p.StatusValue).OrderByDescending(Rank).First();
            return new McpRun(runId, ordered.Min(p => p.Started), ordered.Max(p => p.Finished), Distinct(ordered.Select(p => p.User)),
                Distinct(ordered.Select(p => p.ModelPath)), first.ModelCommit, first.Targets, first.States, first.WhatIf, status, nodes,
                Distinct(ordered.Select(p => p.Host)), first.Command, ordered.SelectMany(p => p.LabOverrides).Distinct(StringComparer.Ordinal).ToList());
        }

        private static int Rank(McpRunStatus status) =>
            status == McpRunStatus.Interrupted ? 2 : status == McpRunStatus.Failed ? 1 : 0;

        // the runners' users, hosts and checkout paths: one value when they agree, else each once ("a, b")
        private static string Distinct(IEnumerable<string> values)
        {
            var distinct = values.Where(v => v != null).Distinct(StringComparer.Ordinal).ToList();
            return distinct.Count == 0 ? null : string.Join(", ", distinct);
        }

        private static string Join(IEnumerable<string> values) => values == null || !values.Any() ? "(none)" : string.Join(", ", values);
    }
}
