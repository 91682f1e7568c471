using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace McpModule.States
{
    /// How a run or a node's part of it ended.
    public enum McpRunStatus { Succeeded, Failed, Interrupted }

    /// One node's part of a run: its results, counts, and how far it got.
    public sealed class McpNodeRun
    {
        public McpNodeRun(string node, McpRunStatus status, IReadOnlyList<McpStateResult> results, string error = null, string log = null)
        {
            Node = node; StatusValue = status; Results = McpList.Of(results); Error = error; Log = log;
        }

        public string Node { get; }
        /// Succeeded, Failed or Interrupted: an McpRunStatus by name, so that it exports as one.
        public string Status => StatusValue.ToString();
        internal McpRunStatus StatusValue { get; }
        public IReadOnlyList<McpStateResult> Results { get; }
        /// Why the node failed as a whole (unreachable, lost mid-run); null otherwise.
        public string Error { get; }
        /// The node's raw log, secrets already masked.
        public string Log { get; }

        /// "ctl01.lab.local Succeeded (33 results)".
        public override string ToString() => $"{Node} {Status} ({Results.Count} results)";
    }

    /// A state run: who ran what against which nodes of which model, and what happened.
    /// Status is a name and Duration a text (with DurationSeconds as a number), so that the run
    /// reads the same in ConvertTo-Json, Export-Csv and on the screen.
    public sealed class McpRun
    {
        public McpRun(string runId, DateTimeOffset started, DateTimeOffset finished, string user, string modelPath,
                      string modelCommit, IReadOnlyList<string> targets, IReadOnlyList<string> states, bool whatIf,
                      McpRunStatus status, IReadOnlyList<McpNodeRun> nodes, string host = null, string command = null,
                      IReadOnlyList<string> labOverrides = null, McpShard shard = null)
        {
            Shard = shard;
            LabOverrides = McpList.Of(labOverrides ?? Array.Empty<string>());
            RunId = runId; Started = started; Finished = finished; User = user; ModelPath = modelPath; Host = host; Command = command;
            ModelCommit = modelCommit; Targets = McpList.Of(targets); States = McpList.Of(states);
            WhatIf = whatIf; StatusValue = status; Nodes = McpList.Of(nodes);
        }

        public string RunId { get; }
        public DateTimeOffset Started { get; }
        public DateTimeOffset Finished { get; }
        /// Finished - Started as TimeSpan text ("00:00:17.7520000"; [timespan] reads it back).
        public string Duration => Durations.Text(Elapsed);
        public double DurationSeconds => Durations.Seconds(Elapsed);
        internal TimeSpan Elapsed => Finished - Started;
        public string User { get; }
        /// The machine the run was started from (null in journals written before it was recorded).
        public string Host { get; }
        /// The cmdlet that made the run: Invoke-McpState, Add-McpCephOsd.
        public string Command { get; }
        public string ModelPath { get; }
        /// The model repository's git commit, null when it is not a git repository.
        public string ModelCommit { get; }
        public IReadOnlyList<string> Targets { get; }
        public IReadOnlyList<string> States { get; }
        public bool WhatIf { get; }
        /// Succeeded, Failed or Interrupted: an McpRunStatus by name.
        public string Status => StatusValue.ToString();
        internal McpRunStatus StatusValue { get; }
        public IReadOnlyList<McpNodeRun> Nodes { get; }
        /// What the lab's overlay set in the pillar of the run's lab nodes ("node: a:b:c = value");
        /// empty for a run on no lab (the model on disk is never changed).
        public IReadOnlyList<string> LabOverrides { get; }
        /// The share of the targets this run took (Invoke-McpState -Shard 2/8): Nodes holds only that
        /// shard's nodes, Targets every node the targets matched. Null for a whole run, and for the run
        /// Merge-McpRun makes of the parts.
        public McpShard Shard { get; }

        /// "20261125T214857Z-d79aff Succeeded: 2 nodes, 0 failed".
        public override string ToString() =>
            $"{RunId}{(Shard == null ? "" : " shard " + Shard)} {Status}{(WhatIf ? " (WhatIf)" : "")}: {Nodes.Count} nodes, {Nodes.Count(n => n.StatusValue == McpRunStatus.Failed)} failed";
    }

    /// How the output objects spell a duration: TimeSpan's invariant "c" text, which [timespan]
    /// parses back and compares equal to the TimeSpan, and seconds rounded to the millisecond.
    internal static class Durations
    {
        public static string Text(TimeSpan duration) => duration.ToString("c", CultureInfo.InvariantCulture);
        public static double Seconds(TimeSpan duration) => Math.Round(duration.TotalSeconds, 3);
    }
}
