using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Execution;
using McpModule.Execution.Fanout;
using McpModule.States.Formulas;
using McpModule.States.Journal;

namespace McpModule.States.Runs
{
    /// What a state run reports while it goes (a cmdlet turns it into Write* calls, a job into
    /// its collections). A callback that throws (the pipeline stopped) stops the run; the run
    /// is journalled either way and the exception comes out of Run.
    internal interface IStateRunListener<T>
    {
        /// Once, before the first node starts.
        void Started(int nodes);

        /// A node finished (or failed, or was stopped): its part of the run, secrets masked, and
        /// the transport's result; done of total nodes have reported.
        void NodeFinished(McpNodeRun node, McpCommandResult result, T item, int done, int total);
    }

    /// Who runs what, for the run's record.
    internal sealed class StateRunInfo
    {
        public StateRunInfo(string runId, DateTimeOffset started, string modelPath, IReadOnlyList<string> targets, IReadOnlyList<string> states, bool whatIf,
                            string command = "Invoke-McpState", IReadOnlyList<string> labOverrides = null, McpShard shard = null)
        {
            Shard = shard;
            LabOverrides = labOverrides ?? Array.Empty<string>();
            RunId = runId; Started = started; ModelPath = modelPath; Targets = targets ?? Array.Empty<string>(); States = states ?? Array.Empty<string>(); WhatIf = whatIf;
            Command = command;
        }

        /// The cmdlet that makes the run, for its record.
        public string Command { get; }

        public string RunId { get; }
        public DateTimeOffset Started { get; }
        public string ModelPath { get; }
        public IReadOnlyList<string> Targets { get; }
        public IReadOnlyList<string> States { get; }
        public bool WhatIf { get; }
        /// The lab overlay's values on the run's lab nodes (McpRun.LabOverrides).
        public IReadOnlyList<string> LabOverrides { get; }
        /// The share of the targets the run takes (McpRun.Shard); null for all of them.
        public McpShard Shard { get; }
    }

    /// A state run once planned: each node's plan goes to it as one program over the transport
    /// (at most throttle nodes at once, NodeFanout), results come back per node as it finishes,
    /// and the run's journal is written before the first node starts, again as nodes finish
    /// (at most once a second) and at the end — so a controller killed mid-run leaves a record
    /// that says Interrupted and which nodes had finished, were running or had not started.
    internal sealed class StateRun<T> : IDisposable
    {
        private static readonly TimeSpan JournalEvery = TimeSpan.FromSeconds(1);

        private readonly StateRunInfo _info;
        private readonly List<McpNodeRun> _runs;
        private readonly IReadOnlyList<(NodePlan Plan, SshTarget Target, T Item)> _work;
        private readonly NodeFanout<(NodePlan Plan, T Item)> _fanout;
        private readonly SecretMasker _masker;
        private readonly Func<McpRun, string> _journal;
        private readonly Lazy<string> _commit;
        private DateTime _journalled = DateTime.MinValue;

        /// journal: writes the record and returns where (RunJournal), null for no journal.
        public StateRun(StateRunInfo info, IEnumerable<McpNodeRun> failedBeforeRun, IEnumerable<(NodePlan Plan, SshTarget Target, T Item)> work,
                        INodeTransport transport, int throttle, SecretMasker masker, Func<McpRun, string> journal)
        {
            _info = info ?? throw new ArgumentNullException(nameof(info));
            _runs = (failedBeforeRun ?? Enumerable.Empty<McpNodeRun>()).ToList();
            _work = (work ?? throw new ArgumentNullException(nameof(work))).ToList();
            _masker = masker ?? SecretMasker.Default;
            _journal = journal;
            _commit = new Lazy<string>(() => StateRunSupport.ModelCommit(info.ModelPath));
            // who runs it goes to each node with the plan: a second run finds the node held and says by whom
            var who = new NodeRunInfo(info.RunId, Environment.UserName, Environment.MachineName);
            _fanout = new NodeFanout<(NodePlan, T)>(transport ?? NoTransport.Instance,
                _work.Select(w => new NodeWork<(NodePlan, T)>(w.Target, NodeScript.CommandLine, NodeScript.Input(w.Plan, info.WhatIf, who), (w.Plan, w.Item))), throttle);
        }

        public int NodeCount => _work.Count;
        public bool StopRequested => _fanout.StopRequested;

        /// The run's record once Run has ended.
        public McpRun Result { get; private set; }

        /// Where the journal was last written (null: none, or not yet).
        public string JournalPath { get; private set; }

        /// Why the journal could not be written (null when it was, or there is none).
        public Exception JournalError { get; private set; }

        /// Stops the nodes' commands; Run then records the run as Interrupted. Any thread.
        public void Stop() => _fanout.Stop();

        /// Runs to the end (or until stopped) on the calling thread and returns the record, also
        /// kept in Result; the journal is written whatever happens.
        public McpRun Run(IStateRunListener<T> listener)
        {
            var pending = new HashSet<string>(_work.Select(w => w.Plan.Node), StringComparer.Ordinal);
            try
            {
                WriteJournal(Record(pending, final: false), force: true);
                if (_work.Count == 0) return Result = WriteJournal(Record(pending, final: true), force: true);
                listener.Started(_work.Count);
                foreach (var outcome in _fanout.Results())
                {
                    var nodeRun = Finish(outcome, pending);
                    listener.NodeFinished(nodeRun, outcome.Result, outcome.Work.Item.Item, outcome.Done, outcome.Total);
                    if (DateTime.UtcNow - _journalled >= JournalEvery) WriteJournal(Record(pending, final: false), force: false);
                }
            }
            finally
            {
                // nodes that ended while a stop waited for them: recorded, not reported
                foreach (var outcome in _fanout.Unread) Finish(outcome, pending);
                Result = WriteJournal(Record(pending, final: true), force: true);
            }
            return Result;
        }

        private McpNodeRun Finish(NodeOutcome<(NodePlan Plan, T Item)> outcome, HashSet<string> pending)
        {
            var nodeRun = _masker.Mask(StateRunSupport.NodeRun(outcome.Work.Item.Plan, outcome.Result));
            lock (_runs)
            {
                _runs.Add(nodeRun);
                pending.Remove(nodeRun.Node);
            }
            return nodeRun;
        }

        // While the run goes, the record says Interrupted, with each node that has not reported
        // yet as Interrupted and where it was: what a killed controller leaves behind.
        private McpRun Record(HashSet<string> pending, bool final)
        {
            List<McpNodeRun> nodes;
            lock (_runs)
            {
                nodes = _runs.ToList();
                var running = new HashSet<string>(_fanout.Running, StringComparer.Ordinal);
                foreach (var node in _work.Select(w => w.Plan.Node).Where(pending.Contains))
                    nodes.Add(new McpNodeRun(node, McpRunStatus.Interrupted, null,
                        final ? $"{node}: the run ended before this node reported"
                        : running.Contains(node) ? $"{node}: running; no result when this journal was written (the controller was stopped or killed, or the run is still going)"
                        : $"{node}: not started when this journal was written (the controller was stopped or killed, or the run is still going)"));
            }
            var status = final ? StateRunSupport.RunStatus(nodes, _fanout.StopRequested) : McpRunStatus.Interrupted;
            return _masker.Mask(new McpRun(_info.RunId, _info.Started, DateTimeOffset.Now, Environment.UserName, _info.ModelPath,
                _commit.Value, _info.Targets, _info.States, _info.WhatIf, status, nodes, Environment.MachineName, _info.Command, _info.LabOverrides, _info.Shard));
        }

        private McpRun WriteJournal(McpRun record, bool force)
        {
            if (_journal == null || (JournalError != null && !force)) return record;
            try
            {
                JournalPath = _journal(record);
                JournalError = null;
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is ArgumentException)
            {
                JournalError = e;
            }
            _journalled = DateTime.UtcNow;
            return record;
        }

        public void Dispose() => _fanout.Dispose();

        // A run with nothing to send (every node failed to plan) needs no transport.
        private sealed class NoTransport : INodeTransport
        {
            public static readonly NoTransport Instance = new NoTransport();
            public System.Threading.Tasks.Task<McpCommandResult> RunAsync(SshTarget target, string command, System.Threading.CancellationToken cancel, byte[] input = null) =>
                throw new InvalidOperationException("no transport");
        }
    }
}
