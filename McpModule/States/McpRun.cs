using System;
using System.Collections.Generic;

namespace McpModule.States
{
    /// How a run or a node's part of it ended.
    public enum McpRunStatus { Succeeded, Failed, Interrupted }

    /// One node's part of a run: its results, counts, and how far it got.
    public sealed class McpNodeRun
    {
        public McpNodeRun(string node, McpRunStatus status, IReadOnlyList<McpStateResult> results, string error = null, string log = null)
        {
            Node = node; Status = status; Results = results ?? Array.Empty<McpStateResult>(); Error = error; Log = log;
        }

        public string Node { get; }
        public McpRunStatus Status { get; }
        public IReadOnlyList<McpStateResult> Results { get; }
        /// Why the node failed as a whole (unreachable, lost mid-run); null otherwise.
        public string Error { get; }
        /// The node's raw log, secrets already masked.
        public string Log { get; }
    }

    /// A state run: who ran what against which nodes of which model, and what happened.
    public sealed class McpRun
    {
        public McpRun(string runId, DateTimeOffset started, DateTimeOffset finished, string user, string modelPath,
                      string modelCommit, IReadOnlyList<string> targets, IReadOnlyList<string> states, bool whatIf,
                      McpRunStatus status, IReadOnlyList<McpNodeRun> nodes)
        {
            RunId = runId; Started = started; Finished = finished; User = user; ModelPath = modelPath;
            ModelCommit = modelCommit; Targets = targets ?? Array.Empty<string>(); States = states ?? Array.Empty<string>();
            WhatIf = whatIf; Status = status; Nodes = nodes ?? Array.Empty<McpNodeRun>();
        }

        public string RunId { get; }
        public DateTimeOffset Started { get; }
        public DateTimeOffset Finished { get; }
        public TimeSpan Duration => Finished - Started;
        public string User { get; }
        public string ModelPath { get; }
        /// The model repository's git commit, null when it is not a git repository.
        public string ModelCommit { get; }
        public IReadOnlyList<string> Targets { get; }
        public IReadOnlyList<string> States { get; }
        public bool WhatIf { get; }
        public McpRunStatus Status { get; }
        public IReadOnlyList<McpNodeRun> Nodes { get; }
    }
}
