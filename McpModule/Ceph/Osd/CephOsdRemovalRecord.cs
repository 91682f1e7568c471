#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.States;

namespace McpModule.Ceph.Osd
{
    /// The run record of Remove-McpCephOsd, in the journal like a state run (Get-McpRun shows it):
    /// per OSD host, one step per thing done — out, drain, stop, purge or destroy, zap, model — with
    /// its result and time. Written before the first step and after each, so a removal that fails or
    /// is killed half way says exactly how far it got.
    internal sealed class CephOsdRemovalRecord
    {
        private readonly string _runId;
        private readonly DateTimeOffset _started = DateTimeOffset.Now;
        private readonly string _modelPath;
        private readonly string? _commit;
        private readonly IReadOnlyList<McpCephOsd> _osds;
        private readonly Func<McpRun, string>? _journal;
        private readonly List<McpStateResult> _steps = new List<McpStateResult>();
        private readonly HashSet<int> _finished = new HashSet<int>();

        internal CephOsdRemovalRecord(string runId, string modelPath, IReadOnlyList<McpCephOsd> osds, Func<McpRun, string>? journal)
        {
            _runId = runId; _modelPath = modelPath; _osds = osds; _journal = journal;
            _commit = StateRunSupport.ModelCommit(modelPath);
            Write(final: false, stopped: false);
        }

        internal string? JournalPath { get; private set; }
        internal Exception? JournalError { get; private set; }

        /// One thing done to an OSD (step: out, drain, stop, purge, destroy, zap, model).
        internal void Step(McpCephOsd osd, string step, string resource, bool failed, string comment, TimeSpan elapsed)
        {
            _steps.Add(new McpStateResult(osd.Node, $"{osd.Name} {step}", resource, failed ? McpResourceResult.Failed : McpResourceResult.Changed,
                null, comment, elapsed));
            Write(final: false, stopped: false);
        }

        /// The OSD is done with (removed, or given up on after a failed step).
        internal void Finished(McpCephOsd osd) => _finished.Add(osd.Id);

        internal McpRun Finish(bool stopped) => Write(final: true, stopped: stopped);

        private McpRun Write(bool final, bool stopped)
        {
            var nodes = new List<McpNodeRun>();
            foreach (var host in _osds.GroupBy(o => o.Node, StringComparer.Ordinal))
            {
                var steps = _steps.Where(s => s.Node == host.Key).ToList();
                var pending = host.Where(o => !_finished.Contains(o.Id)).Select(o => o.Name).ToList();
                var status = steps.Any(s => s.ResultValue == McpResourceResult.Failed) ? McpRunStatus.Failed
                    : pending.Count > 0 ? McpRunStatus.Interrupted : McpRunStatus.Succeeded;
                var error = status == McpRunStatus.Interrupted
                    ? $"{host.Key}: {string.Join(", ", pending)} not finished when this journal was written{(final ? (stopped ? " (the command was stopped)" : "") : " (the command is running, or was killed)")}"
                    : status == McpRunStatus.Failed ? steps.Last(s => s.ResultValue == McpResourceResult.Failed).Comment : null;
                nodes.Add(new McpNodeRun(host.Key, status, steps, error));
            }
            var runStatus = nodes.Any(n => n.StatusValue == McpRunStatus.Failed) ? McpRunStatus.Failed
                : !final || nodes.Any(n => n.StatusValue == McpRunStatus.Interrupted) ? McpRunStatus.Interrupted : McpRunStatus.Succeeded;
            var run = new McpRun(_runId, _started, DateTimeOffset.Now, Environment.UserName, _modelPath, _commit,
                _osds.Select(o => o.Name).ToList(), new[] { "osd.remove" }, false, runStatus, nodes, Environment.MachineName, "Remove-McpCephOsd");
            if (_journal != null)
            {
                try { JournalPath = _journal(run); JournalError = null; }
                catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is ArgumentException) { JournalError = e; }
            }
            return run;
        }
    }
}
