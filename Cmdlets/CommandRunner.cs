using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Execution;

namespace McpModule.Cmdlets
{
    /// The part of Invoke-McpCommand after the connections are planned: runs the command on every
    /// target (SshRun's fan-out), writes each node's McpCommandResult, or its error record, as it
    /// finishes, with progress. Owns the SSH run and its secrets. Runs in the cmdlet or in a job.
    internal sealed class CommandRunner : IJobRun
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly IReadOnlyList<(SshTarget Target, object Input)> _targets;
        private readonly string _command;
        private readonly byte[] _script;
        private readonly bool _errorOnNonZero;
        private readonly SshRun _run;
        private readonly SshSecrets _secrets;
        private int _done, _failed;

        public CommandRunner(IReadOnlyList<(SshTarget Target, object Input)> targets, string command, byte[] script, bool errorOnNonZero,
                             SshRun run, SshSecrets secrets)
        {
            _targets = targets; _command = command; _script = script; _errorOnNonZero = errorOnNonZero; _run = run; _secrets = secrets;
        }

        public bool StopRequested => _stop.IsCancellationRequested;
        public string StatusMessage => $"{_done} of {_targets.Count} nodes, {_failed} failed";

        public void Stop()
        {
            try { _stop.Cancel(); } catch (ObjectDisposedException) { }
        }

        public void Run(IRunOutput output)
        {
            var results = new BlockingCollection<McpCommandResult>();
            var inputs = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            var targets = new List<SshTarget>();
            foreach (var t in _targets) { inputs[t.Target.Name] = t.Input; targets.Add(t.Target); }
            var all = _run.RunManyAsync(targets, _command, results.Add, _stop.Token, _script)
                .ContinueWith(_ => results.CompleteAdding(), TaskScheduler.Default);
            var progress = new ProgressRecord(1, "Invoke-McpCommand", $"0 of {_targets.Count} nodes") { PercentComplete = 0 };
            output.Progress(progress);
            try
            {
                foreach (var result in results.GetConsumingEnumerable())
                {
                    _done++;
                    inputs.TryGetValue(result.Node, out var input);
                    if (result.Error != null)
                    {
                        _failed++;
                        output.Error(SshCmdletSupport.ToErrorRecord(result, input));
                    }
                    else if (_errorOnNonZero && result.ExitCode != 0)
                    {
                        _failed++;
                        var error = new McpTransportError(McpTransportErrorKind.NonZeroExit, $"{result.Node}: the command exited with {result.ExitCode}");
                        output.Error(SshCmdletSupport.ToErrorRecord(
                            new McpCommandResult(result.Node, result.Address, result.ExitCode, result.StdOut, result.StdErr, result.Elapsed, error), input));
                    }
                    else
                    {
                        output.Object(result);
                    }
                    progress.StatusDescription = StatusMessage;
                    progress.PercentComplete = (int)(100.0 * _done / _targets.Count);
                    output.Progress(progress);
                }
            }
            finally
            {
                // stopped (Ctrl+C, Stop-Job) or failed: let the nodes end their remote commands
                // before the connections close
                if (!all.IsCompleted) { Stop(); all.Wait(TimeSpan.FromSeconds(15)); }
            }
            progress.RecordType = ProgressRecordType.Completed;
            output.Progress(progress);
        }

        public void Dispose()
        {
            _run?.Dispose();
            _secrets?.Dispose();
            _stop.Dispose();
        }
    }
}
