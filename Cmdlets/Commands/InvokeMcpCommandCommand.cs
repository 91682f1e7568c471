using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using McpModule.Execution;

namespace McpModule.Cmdlets
{
    /// Runs an ad-hoc command or script on many nodes at once over SSH, streaming one
    /// McpCommandResult per node as nodes finish; a node that fails is one ErrorRecord.
    [Cmdlet(VerbsLifecycle.Invoke, "McpCommand", DefaultParameterSetName = "Command")]
    [OutputType(typeof(McpCommandResult), typeof(McpCommandJob))]
    public sealed class InvokeMcpCommandCommand : McpSshJobCmdlet
    {
        private readonly List<(SshTarget Target, object Input)> _targets = new List<(SshTarget, object)>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private volatile CommandRunner _runner;
        private volatile bool _stopped;

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

            // Keys and connections are made here, before a job starts: a key that cannot be read
            // ends the command at once.
            var secrets = BuildSecrets(plan, settings, _targets.Select(t => t.Target), Credential);
            SshRun run;
            try { run = OpenRun(plan.Options, secrets); }
            catch { secrets.Dispose(); throw; }
            var runner = new CommandRunner(_targets, command, script, ErrorOnNonZero, run, secrets, plan.Options.ThrottleLimit);
            if (AsJob)
            {
                StartJob(new McpCommandJob(MyInvocation.Line, JobNameOrNull, runner));
                return;
            }
            _runner = runner;
            if (_stopped) runner.Stop();
            try { runner.Run(new CmdletRunOutput(this)); }
            finally { runner.Dispose(); }
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _stopped = true;
            _runner?.Stop();
        }
    }
}
