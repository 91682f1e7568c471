using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Execution;

namespace McpModule.Cmdlets
{
    /// Runs an ad-hoc command or script on many nodes at once over SSH, streaming one
    /// McpCommandResult per node as nodes finish; a node that fails is one ErrorRecord.
    [Cmdlet(VerbsLifecycle.Invoke, "McpCommand", DefaultParameterSetName = "Command")]
    [OutputType(typeof(McpCommandResult))]
    public sealed class InvokeMcpCommandCommand : McpSshRunCmdlet
    {
        private readonly List<(SshTarget Target, object Input)> _targets = new List<(SshTarget, object)>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        /// McpNode objects (Get-McpNode), objects with Name and Address (Get-McpLab), target
        /// expressions over the -Path model or the -Cluster ('ctl* or cmp*', 'I@nova:compute'), or names/addresses.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("Node", "Name")]
        [ArgumentCompleter(typeof(TargetCompleter))]
        public object[] Target { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = "Command")]
        public string Command { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "Script")]
        public string ScriptFile { get; set; }

        [Parameter] public SwitchParameter ErrorOnNonZero { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var item in Target ?? Array.Empty<object>())
            {
                if (item == null) continue;
                foreach (var (target, input) in ExpandTarget(item))
                    Add(target, input);
            }
        }

        private void Add(SshTarget target, object input)
        {
            var problem = NodeName.Problem(target.Address);
            if (problem != null)
            {
                WriteError(SshCmdletSupport.ToErrorRecord(new McpTransportError(McpTransportErrorKind.InvalidTarget, problem), target.Name, input));
                return;
            }
            if (!_seen.Add(target.Name)) return;
            _targets.Add((target, input));
        }

        protected override void EndProcessing()
        {
            if (_targets.Count == 0) return;
            var command = Command;
            byte[] script = null;
            if (ParameterSetName == "Script")
            {
                var path = GetUnresolvedProviderPathFromPSPath(ScriptFile);
                if (!File.Exists(path))
                    ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"The script file '{ScriptFile}' does not exist.", path),
                        "Mcp.ScriptFileNotFound", ErrorCategory.ObjectNotFound, ScriptFile));
                command = ShellQuote.ScriptCommand;
                script = File.ReadAllBytes(path);
            }
            var plan = PlanConnections(out var settings);
            for (var i = 0; i < _targets.Count; i++)
            {
                var resolved = plan.Resolve(_targets[i].Target);
                WriteVerbose($"{resolved.Name}: {resolved.Origin}");
                _targets[i] = (resolved, _targets[i].Input);
            }
            PlanJumpHost(plan, _targets.Select(t => t.Target));

            using (var secrets = BuildSecrets(plan, settings, _targets.Select(t => t.Target), Credential))
            using (var run = OpenRun(plan.Options, secrets))
            {
                var results = new BlockingCollection<McpCommandResult>();
                var inputs = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
                foreach (var t in _targets) inputs[t.Target.Name] = t.Input;
                var all = run.RunManyAsync(_targets.ConvertAll(t => t.Target), command, results.Add, _stop.Token, script)
                    .ContinueWith(_ => results.CompleteAdding(), TaskScheduler.Default);
                var done = 0;
                var failed = 0;
                var progress = new ProgressRecord(1, "Invoke-McpCommand", $"0 of {_targets.Count} nodes") { PercentComplete = 0 };
                WriteProgress(progress);
                try
                {
                foreach (var result in results.GetConsumingEnumerable())
                {
                    done++;
                    inputs.TryGetValue(result.Node, out var input);
                    if (result.Error != null)
                    {
                        failed++;
                        WriteError(SshCmdletSupport.ToErrorRecord(result, input));
                    }
                    else if (ErrorOnNonZero && result.ExitCode != 0)
                    {
                        failed++;
                        var error = new McpTransportError(McpTransportErrorKind.NonZeroExit, $"{result.Node}: the command exited with {result.ExitCode}");
                        WriteError(SshCmdletSupport.ToErrorRecord(
                            new McpCommandResult(result.Node, result.Address, result.ExitCode, result.StdOut, result.StdErr, result.Duration, error), input));
                    }
                    else
                    {
                        WriteObject(result);
                    }
                    progress.StatusDescription = $"{done} of {_targets.Count} nodes, {failed} failed";
                    progress.PercentComplete = (int)(100.0 * done / _targets.Count);
                    WriteProgress(progress);
                }
                }
                finally
                {
                    // stopped (Ctrl+C) or failed: let the nodes end their remote commands before the
                    // connections close
                    if (!all.IsCompleted) { _stop.Cancel(); all.Wait(TimeSpan.FromSeconds(15)); }
                }
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _stop.Cancel();
        }
    }
}
