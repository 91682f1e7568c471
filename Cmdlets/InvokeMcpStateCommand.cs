using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Execution;
using McpModule.States;
using McpModule.States.Formulas;
using McpModule.States.Journal;

namespace McpModule.Cmdlets
{
    /// Applies formulas to nodes: renders each node's plan from its pillar, runs it over one SSH
    /// session per node in parallel, streams McpStateResult objects and ends with the McpRun.
    [Cmdlet(VerbsLifecycle.Invoke, "McpState", SupportsShouldProcess = true)]
    [OutputType(typeof(McpStateResult), typeof(McpRun))]
    public sealed class InvokeMcpStateCommand : McpSshRunCmdlet
    {
        private readonly List<(McpNode Node, object Input)> _nodes = new List<(McpNode, object)>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private volatile StateRunner _runner;
        private volatile bool _stopped;

        /// McpNode objects (Get-McpNode) or target expressions over the -Path model or the -Cluster ('ctl*', 'I@ntp:client').
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("Node", "Name")]
        [ArgumentCompleter(typeof(TargetCompleter))]
        public object[] Target { get; set; }

        /// States to apply ("linux", "openssh", "linux.system"); default: the formulas of each node's applications.
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(StateNameCompleter))]
        public string[] State { get; set; }

        /// Runs in the background and returns a job at once (McpStateJob): Receive-Job gives the
        /// results and the McpRun, Stop-Job stops the nodes and journals the run as Interrupted.
        [Parameter] public SwitchParameter AsJob { get; set; }

        /// The job's name (with -AsJob).
        [Parameter] [ValidateNotNullOrEmpty] public string JobName { get; set; }


        protected override void ProcessRecord()
        {
            foreach (var item in Target ?? Array.Empty<object>())
            {
                if (item == null) continue;
                var value = item is PSObject ps ? ps.BaseObject : item;
                if (value is McpNode node) { Add(node, item); continue; }
                if (!(value is string text) || !HasModel)
                {
                    WriteError(new ErrorRecord(new ArgumentException($"'{item}' is not a model node: pipe McpNode objects (Get-McpNode) or give -Path or -Cluster with a target expression."),
                        "Mcp.State.TargetNotANode", ErrorCategory.InvalidArgument, item));
                    continue;
                }
                var nodes = ModelNodes();
                foreach (var (target, _) in ExpandTarget(text))
                {
                    var match = nodes?.FirstOrDefault(n => string.Equals(n.Name, target.Name, StringComparison.OrdinalIgnoreCase));
                    if (match != null) Add(match, match.Name);   // a node's errors name the node, not the whole expression
                }
            }
        }

        private void Add(McpNode node, object input)
        {
            if (_seen.Add(node.Name)) _nodes.Add((node, input));
        }

        protected override void EndProcessing()
        {
            if (_nodes.Count == 0) return;
            var started = DateTimeOffset.Now;
            var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && ((SwitchParameter)w).IsPresent;
            var modelPath = _nodes[0].Node.Path;
            var library = new FormulaLibrary(modelPath);
            var planner = new StatePlanner(library);
            var runs = new List<McpNodeRun>();
            var plans = new List<(NodePlan Plan, McpNode Node, object Input)>();
            var peers = new Dictionary<string, IReadOnlyList<McpNode>>(StringComparer.Ordinal);
            var allStates = new List<string>();

            foreach (var (node, input) in _nodes)
            {
                var states = State != null ? (IReadOnlyList<string>)State : planner.ChooseStates(node.Applications);
                foreach (var s in states) if (!allStates.Contains(s)) allStates.Add(s);
                if (states.Count == 0)
                {
                    WriteWarning($"{node.Name}: none of its applications ({string.Join(", ", node.Applications)}) has a formula; nothing to apply.");
                    continue;
                }
                if (!peers.TryGetValue(node.Cluster ?? "", out var clusterNodes))
                    peers[node.Cluster ?? ""] = clusterNodes = NodesOf(node.ClusterObject, out _);
                try
                {
                    plans.Add((planner.Plan(PlanInput.FromNode(node, clusterNodes), states), node, input));
                }
                catch (FormulaException e)
                {
                    WriteError(new ErrorRecord(new InvalidOperationException($"{node.Name}: {e.Message}", e), e.ErrorId, ErrorCategory.InvalidData, input));
                    runs.Add(new McpNodeRun(node.Name, McpRunStatus.Failed, null, e.Message));
                }
            }

            // The pillar's secrets (keys, passwords) reach nodes through the plans; whatever comes
            // back (diffs, command output, errors) is masked before anyone sees or stores it.
            var masker = new SecretMasker(plans.SelectMany(p => PillarSecrets.Collect(p.Node.Parameters)));
            var runId = RunJournal.NewRunId(started);
            var selected = new List<(NodePlan Plan, SshTarget Target, object Input, byte[] Program)>();
            var ssh = PlanConnections(out var settings);
            foreach (var (plan, node, input) in plans)
            {
                var action = $"{(whatIf ? "Check" : "Apply")} states {string.Join(", ", plan.States)} ({plan.Resources.Count} resources)";
                if (!ShouldProcess(node.Name, action) && !whatIf) continue;
                var program = NodeScript.Input(plan, whatIf);
                var target = ssh.Resolve(SshTarget.FromNode(node));
                WriteVerbose($"{target.Name}: {target.Origin}");
                selected.Add((plan, target, input, program));
            }

            // the jump host may be any node of the clusters the run works on (cfg01)
            if (selected.Count > 0)
                PlanJumpHost(ssh, peers.Values.SelectMany(n => n).Concat(plans.Select(p => p.Node)).Select(SshTarget.FromNode));

            // Keys and connections are made here, before a job starts: a key that cannot be read
            // ends the command at once.
            var secrets = selected.Count == 0 ? null : BuildSecrets(ssh, settings, selected.Select(s => s.Target), Credential);
            SshRun run = null;
            try { if (secrets != null) run = OpenRun(ssh.Options, secrets); }
            catch { secrets?.Dispose(); throw; }
            var runner = new StateRunner(runId, started, modelPath, _nodes.Select(n => n.Node.Name).ToList(), allStates, whatIf, runs,
                                         selected, run, secrets, ssh.Options.ThrottleLimit, masker);
            if (AsJob)
            {
                var job = new McpStateJob(MyInvocation.Line, string.IsNullOrEmpty(JobName) ? null : JobName, runner);
                JobRepository.Add(job);
                job.Start();
                WriteObject(job);
                return;
            }
            _runner = runner;
            if (_stopped) runner.Stop();
            try { runner.Run(new CmdletOutput(this)); }
            finally { runner.Dispose(); }
        }

        private sealed class CmdletOutput : IStateRunOutput
        {
            private readonly InvokeMcpStateCommand _cmdlet;
            public CmdletOutput(InvokeMcpStateCommand cmdlet) { _cmdlet = cmdlet; }
            public void Object(object value) => _cmdlet.WriteObject(value);
            public void Error(ErrorRecord error) => _cmdlet.WriteError(error);
            public void Progress(ProgressRecord progress) => _cmdlet.WriteProgress(progress);
            public void Verbose(string text) => _cmdlet.WriteVerbose(text);
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _stopped = true;
            _runner?.Stop();
        }
    }
}
