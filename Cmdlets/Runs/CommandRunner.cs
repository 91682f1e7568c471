using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Execution;
using McpModule.Execution.Fanout;

namespace McpModule.Cmdlets
{
    /// The part of Invoke-McpCommand after the connections are planned: runs the command on every
    /// target (the engine's NodeFanout), writes each node's McpCommandResult, or its error
    /// record, as it finishes, with progress. Owns the SSH run and its secrets. Runs in the
    /// cmdlet or in a job.
    internal sealed class CommandRunner : IJobRun
    {
        private readonly NodeFanout<object> _fanout;
        private readonly bool _errorOnNonZero;
        private readonly SshRun _run;
        private readonly SshSecrets _secrets;
        private int _done, _failed;

        public CommandRunner(IReadOnlyList<(SshTarget Target, object Input)> targets, string command, byte[] script, bool errorOnNonZero,
                             SshRun run, SshSecrets secrets, int throttle)
        {
            _errorOnNonZero = errorOnNonZero; _run = run; _secrets = secrets;
            _fanout = new NodeFanout<object>(run, targets.Select(t => new NodeWork<object>(t.Target, command, script, t.Input)), throttle);
        }

        public bool StopRequested => _fanout.StopRequested;
        public string StatusMessage => $"{_done} of {_fanout.Total} nodes, {_failed} failed";

        public void Stop() => _fanout.Stop();

        public void Run(IRunOutput output)
        {
            var progress = new ProgressRecord(1, "Invoke-McpCommand", $"0 of {_fanout.Total} nodes") { PercentComplete = 0 };
            output.Progress(progress);
            foreach (var outcome in _fanout.Results())
            {
                _done = outcome.Done;
                var result = outcome.Result;
                var input = outcome.Work.Item;
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
                progress.PercentComplete = (int)(100.0 * outcome.Done / outcome.Total);
                output.Progress(progress);
            }
            progress.RecordType = ProgressRecordType.Completed;
            output.Progress(progress);
        }

        public void Dispose()
        {
            _fanout.Dispose();
            _run?.Dispose();
            _secrets?.Dispose();
        }
    }
}
