using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Execution;
using McpModule.States;
using McpModule.States.Formulas;
using McpModule.States.Journal;

namespace McpModule.Cmdlets
{
    /// The part of Invoke-McpState after planning and ShouldProcess: fans the node plans out over
    /// one SSH session each, writes each node's results as it finishes, and ends with the McpRun,
    /// written to the run journal whatever happened (also when stopped: the nodes that did not
    /// finish are recorded Interrupted with how far they got). Owns the SSH run and its secrets.
    internal sealed class StateRunner : IJobRun
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<McpNodeRun> _runs;
        private readonly IReadOnlyList<(NodePlan Plan, SshTarget Target, object Input, byte[] Program)> _selected;
        private readonly SshRun _run;
        private readonly SshSecrets _secrets;
        private readonly int _throttle;
        private readonly string _runId, _modelPath;
        private readonly DateTimeOffset _started;
        private readonly IReadOnlyList<string> _targets, _states;
        private readonly bool _whatIf;
        private readonly SecretMasker _masker;

        public StateRunner(string runId, DateTimeOffset started, string modelPath, IReadOnlyList<string> targets, IReadOnlyList<string> states,
                           bool whatIf, IEnumerable<McpNodeRun> failedBeforeRun,
                           IReadOnlyList<(NodePlan Plan, SshTarget Target, object Input, byte[] Program)> selected,
                           SshRun run, SshSecrets secrets, int throttle, SecretMasker masker)
        {
            _runId = runId; _started = started; _modelPath = modelPath; _targets = targets; _states = states; _whatIf = whatIf;
            _runs = failedBeforeRun.ToList(); _selected = selected; _run = run; _secrets = secrets; _throttle = Math.Max(1, throttle);
            _masker = masker;
        }

        public int NodeCount => _selected.Count;
        public bool StopRequested => _stop.IsCancellationRequested;
        public string StatusMessage => Result == null ? $"{NodeCount} nodes" : Result.Status;

        /// Stops the nodes' commands (their remote process groups are ended); Run then records the run as Interrupted.
        public void Stop()
        {
            try { _stop.Cancel(); } catch (ObjectDisposedException) { }
        }

        /// Runs to the end (or until stopped) on the calling thread, writing to output. A write that
        /// throws (the pipeline stopped) stops the run; the journal is written either way and the
        /// McpRun is written last when the output still takes it.
        public McpRun Run(IRunOutput output)
        {
            var writable = true;
            try
            {
                if (_selected.Count > 0) Execute(output);
            }
            catch (PipelineStoppedException) { writable = false; Stop(); throw; }
            finally
            {
                var stopped = _stop.IsCancellationRequested;
                McpRun record;
                lock (_runs)
                    record = new McpRun(_runId, _started, DateTimeOffset.Now, Environment.UserName, _modelPath,
                        StateRunSupport.ModelCommit(_modelPath), _targets, _states, _whatIf, StateRunSupport.RunStatus(_runs, stopped), _runs.ToList());
                string journal = null;
                try { journal = RunJournal.Write(record, _modelPath, _masker); }
                catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is ArgumentException)
                {
                    if (writable) output.Error(new ErrorRecord(e, "Mcp.State.JournalWriteFailed", ErrorCategory.WriteError, _modelPath));
                }
                if (writable)
                {
                    if (journal != null) output.Verbose($"run journal: {journal}");
                    output.Object(record);
                }
                Result = record;
            }
            return Result;
        }

        void IJobRun.Run(IRunOutput output) => Run(output);

        /// The run's record once Run has ended.
        public McpRun Result { get; private set; }

        private void Execute(IRunOutput output)
        {
            var done = new BlockingCollection<(NodePlan Plan, object Input, McpCommandResult Result)>();
            var gate = new SemaphoreSlim(_throttle);
            var token = _stop.Token;
            var tasks = _selected.Select(s => Task.Run(async () =>
            {
                McpCommandResult result;
                try { await gate.WaitAsync(token).ConfigureAwait(false); }
                catch (OperationCanceledException)
                {
                    done.Add((s.Plan, s.Input, new McpCommandResult(s.Target.Name, s.Target.Address, null, null, null, TimeSpan.Zero,
                        new McpTransportError(McpTransportErrorKind.Cancelled, $"{s.Target.Name}: the run was stopped before it started"))));
                    return;
                }
                try { result = await _run.RunAsync(s.Target, NodeScript.CommandLine, token, s.Program).ConfigureAwait(false); }   // never throws
                finally { gate.Release(); }
                done.Add((s.Plan, s.Input, result));
            })).ToArray();
            var all = Task.WhenAll(tasks).ContinueWith(_ => done.CompleteAdding(), TaskScheduler.Default);
            var progress = new ProgressRecord(1, "Invoke-McpState", $"0 of {_selected.Count} nodes") { PercentComplete = 0 };
            output.Progress(progress);
            var count = 0;
            // The loop ends when every node has reported (CompleteAdding) or when a write throws
            // (the pipeline stops); only the second leaves nodes unrecorded here. The WhenAll
            // continuation may not count as completed yet when the loop ends.
            var drained = false;
            try
            {
                foreach (var (plan, input, result) in done.GetConsumingEnumerable())
                {
                    var nodeRun = _masker.Mask(StateRunSupport.NodeRun(plan, result));
                    lock (_runs) _runs.Add(nodeRun);
                    foreach (var r in nodeRun.Results) output.Object(r);
                    var error = NodeError(nodeRun, result, input);
                    if (error != null) output.Error(error);
                    count++;
                    progress.StatusDescription = $"{count} of {_selected.Count} nodes";
                    progress.PercentComplete = (int)(100.0 * count / _selected.Count);
                    output.Progress(progress);
                }
                drained = true;
            }
            finally
            {
                if (!drained)
                {
                    Stop();
                    all.Wait(TimeSpan.FromSeconds(15));
                    // the nodes that ended while stopping: recorded, not written
                    foreach (var (plan, _, result) in done.ToArray())
                        lock (_runs) if (_runs.All(n => n.Node != plan.Node)) _runs.Add(_masker.Mask(StateRunSupport.NodeRun(plan, result)));
                }
            }
            progress.RecordType = ProgressRecordType.Completed;
            output.Progress(progress);
        }

        /// The node's error record, or null when it succeeded: a transport error (unreachable,
        /// lost or stopped mid-run, with the state id it was at) or its failed resources.
        private static ErrorRecord NodeError(McpNodeRun nodeRun, McpCommandResult result, object input)
        {
            if (result.Error != null)
            {
                var record = SshCmdletSupport.ToErrorRecord(result, input);
                return new ErrorRecord(new InvalidOperationException(nodeRun.Error, record.Exception), record.FullyQualifiedErrorId, record.CategoryInfo.Category, input ?? nodeRun.Node);
            }
            if (nodeRun.StatusValue == McpRunStatus.Succeeded) return null;
            var failed = nodeRun.Results.Where(r => r.ResultValue == McpResourceResult.Failed).ToList();
            var message = nodeRun.Error ?? $"{nodeRun.Node}: {failed.Count} resource(s) failed: " +
                          string.Join("; ", failed.Select(f => $"{f.StateId} ({f.Resource}): {f.Comment}"));
            return new ErrorRecord(new InvalidOperationException(message),
                nodeRun.Error != null ? "Mcp.State.ExecutorFailed" : "Mcp.State.ResourceFailed", ErrorCategory.InvalidResult, input ?? nodeRun.Node);
        }

        public void Dispose()
        {
            _run?.Dispose();
            _secrets?.Dispose();
            _stop.Dispose();
        }
    }
}
