using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Execution;
using McpModule.States;
using McpModule.States.Runs;

namespace McpModule.Cmdlets
{
    /// Turns a state run's events into PowerShell output: each node's McpStateResult objects as
    /// it finishes, an error record per failed node, progress; then the McpRun. With deferErrors
    /// (-ErrorAction Stop) the error records come after the McpRun, so the first failed node
    /// does not stop the others mid-apply: the run finishes, is journalled and written, and
    /// then the script stops.
    internal sealed class StateRunWriter : IStateRunListener<object>
    {
        private readonly IRunOutput _output;
        private readonly bool _deferErrors;
        private readonly List<ErrorRecord> _deferred = new List<ErrorRecord>();
        private readonly ProgressRecord _progress = new ProgressRecord(1, "Invoke-McpState", "starting");

        private StateRunWriter(IRunOutput output, bool deferErrors) { _output = output; _deferErrors = deferErrors; }

        /// Runs the run to its end on this thread; the record, journal problem and deferred errors
        /// are written unless the output itself failed (the pipeline stopped).
        public static McpRun Run(StateRun<object> run, IRunOutput output, bool deferErrors)
        {
            var writer = new StateRunWriter(output, deferErrors);
            var writable = true;
            try { return run.Run(writer); }
            catch { writable = false; run.Stop(); throw; }
            finally { if (writable) writer.Finish(run); }
        }

        public void Started(int nodes)
        {
            _progress.StatusDescription = $"0 of {nodes} nodes";
            _progress.PercentComplete = 0;
            _output.Progress(_progress);
        }

        public void NodeFinished(McpNodeRun node, McpCommandResult result, object item, int done, int total)
        {
            foreach (var r in node.Results) _output.Object(r);
            foreach (var note in NodeScript.Notes(result.StdOut)) _output.Warning($"{node.Node}: {note}");
            var error = NodeError(node, result, item);
            if (error != null) { if (_deferErrors) _deferred.Add(error); else _output.Error(error); }
            _progress.StatusDescription = $"{done} of {total} nodes";
            _progress.PercentComplete = (int)(100.0 * done / total);
            _output.Progress(_progress);
        }

        private void Finish(StateRun<object> run)
        {
            if (run.NodeCount > 0)
            {
                _progress.RecordType = ProgressRecordType.Completed;
                _output.Progress(_progress);
            }
            if (run.JournalError != null)
                _output.Error(new ErrorRecord(run.JournalError, "Mcp.State.JournalWriteFailed", ErrorCategory.WriteError, run.Result?.ModelPath));
            else if (run.JournalPath != null) _output.Verbose($"run journal: {run.JournalPath}");
            if (run.Result != null) _output.Object(run.Result);
            foreach (var e in _deferred) _output.Error(e);
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
            if (NodeScript.Holder(result.StdOut) != null)
                return new ErrorRecord(new InvalidOperationException(nodeRun.Error), "Mcp.State.NodeBusy", ErrorCategory.ResourceBusy, input ?? nodeRun.Node);
            var failed = nodeRun.Results.Where(r => r.ResultValue == McpResourceResult.Failed).ToList();
            var message = nodeRun.Error ?? $"{nodeRun.Node}: {failed.Count} resource(s) failed: " +
                          string.Join("; ", failed.Select(f => $"{f.StateId} ({f.Resource}): {f.Comment}"));
            return new ErrorRecord(new InvalidOperationException(message),
                nodeRun.Error != null ? "Mcp.State.ExecutorFailed" : "Mcp.State.ResourceFailed", ErrorCategory.InvalidResult, input ?? nodeRun.Node);
        }
    }

    /// A state run as the cmdlet or its job (McpStateJob) runs it: owns the run, its transport and
    /// its secrets (released once it has ended).
    internal sealed class StateJobRun : IJobRun
    {
        private readonly StateRun<object> _run;
        private readonly System.Action _release;
        private readonly bool _deferErrors;

        public StateJobRun(StateRun<object> run, System.Action release, bool deferErrors)
        {
            _run = run; _release = release; _deferErrors = deferErrors;
        }

        public McpRun Result => _run.Result;
        public bool StopRequested => _run.StopRequested;
        public string StatusMessage => _run.Result == null ? $"{_run.NodeCount} nodes" : _run.Result.Status;
        public void Run(IRunOutput output) => StateRunWriter.Run(_run, output, _deferErrors);
        public void Stop() => _run.Stop();
        public void Dispose() => _release();
    }
}
