using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Execution;
using McpModule.States;
using McpModule.States.Formulas;
using McpModule.States.Journal;
using McpModule.States.Runs;

namespace McpModule.Cmdlets
{
    /// Applies formulas to nodes: renders each node's plan from its pillar, runs it over one SSH
    /// session per node in parallel, streams McpStateResult objects and ends with the McpRun.
    [Cmdlet(VerbsLifecycle.Invoke, "McpState", SupportsShouldProcess = true)]
    [OutputType(typeof(McpStateResult), typeof(McpRun), typeof(McpStateJob))]
    public sealed class InvokeMcpStateCommand : McpSshJobCmdlet
    {
        private readonly List<(McpNode Node, object Input)> _nodes = new List<(McpNode, object)>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private volatile StateRun<object> _run;
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

        /// Journal a -WhatIf run too (a run that applies is always journalled): by default a dry
        /// run leaves nothing in the model repository.
        [Parameter] public SwitchParameter Journal { get; set; }

        /// Takes one share of the targets, k/n (shards numbered 1 to n): the same node lands in the
        /// same shard on every runner (McpShard). Each shard of a CI matrix runs with the same -RunId;
        /// Merge-McpRun joins the parts. A shard that gets no node journals an empty part, with a warning.
        [Parameter]
        [ShardArgument]
        public McpShard Shard { get; set; }

        /// The run's id instead of a new one (a CI pipeline's build id, shared by every shard of the run).
        /// Running a shard again under the same id replaces that shard's part only.
        [Parameter]
        [ValidateRunId]
        public string RunId { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            StateRunWarmUp.Start();
        }

        protected override void ProcessRecord()
        {
            foreach (var item in Target ?? Array.Empty<object>())
            {
                if (item == null) continue;
                var value = item is PSObject ps ? ps.BaseObject : item;
                if (!(value is McpNode) && (!(value is string) || !HasModel))
                {
                    WriteError(new ErrorRecord(new ArgumentException($"'{item}' is not a model node: pipe McpNode objects (Get-McpNode) or give -Path or -Cluster with a target expression."),
                        "Mcp.State.TargetNotANode", ErrorCategory.InvalidArgument, item));
                    continue;
                }
                var (nodes, addresses) = SelectTargets(item);
                foreach (var (node, input) in nodes) Add(node, input);   // a node's errors name the node, not the whole expression
                foreach (var (address, _) in addresses)
                    WriteError(TargetNoMatch($"The target '{address.Name}' matches no node of the model; Invoke-McpState applies states to model nodes only (Invoke-McpCommand runs commands on any address).", item));
            }
        }

        private void Add(McpNode node, object input)
        {
            if (_seen.Add(node.Name)) _nodes.Add((node, input));
        }

        protected override void EndProcessing()
        {
            if (_nodes.Count == 0) return;   // the targets matched nothing: that was an error already
            var started = DateTimeOffset.Now;
            var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && ((SwitchParameter)w).IsPresent;
            var modelPath = _nodes[0].Node.Path;
            var library = new FormulaLibrary(modelPath);
            // A shard takes its share of what the targets matched; having none is not an error (a
            // matrix of 8 runners over 5 nodes), its part is journalled empty for Merge-McpRun.
            var share = Shard == null ? _nodes : _nodes.Where(n => Shard.Contains(n.Node.Name)).ToList();
            if (Shard != null)
            {
                WriteVerbose($"shard {Shard}: {share.Count} of the {_nodes.Count} node(s) the targets match");
                if (share.Count == 0)
                    WriteWarning($"Shard {Shard} gets none of the {_nodes.Count} node(s) the targets match; nothing is applied, and an empty part is journalled for Merge-McpRun.");
            }
            // Nodes of a running lab are planned with the lab's overlay over their pillar.
            var nodes = McpModule.Lab.LabOverlay.ForRun(share, out var labOverrides);
            foreach (var line in labOverrides) WriteVerbose("lab: " + line);
            var planned = StateRunPlan<object>.Create(nodes, State, library);
            // every part of a sharded run records the whole run's targets and states
            var states = Shard == null ? planned.States : StateRunPlan<object>.StatesOf(_nodes.Select(n => n.Node), State, library);
            var targets = _nodes.Select(n => n.Node.Name).ToList();
            var ssh = PlanConnections(out var settings);
            var journalDirectory = settings.RunJournalDirectory;
            var journalled = !whatIf || Journal;
            var runId = RunId ?? RunJournal.NewRunId(started);
            if (Shard != null && RunId == null)
                WriteWarning($"-Shard {Shard} without -RunId: this part gets a run id of its own ({runId}), so Merge-McpRun cannot join it with the other shards. Give every shard the same -RunId.");
            if (RunId != null && journalled)
            {
                // before any node is touched: an id that cannot take this run ends the command
                var reuse = RunIdReuse.Check(journalDirectory ?? RunJournal.DirectoryOf(modelPath), RunId, Shard, states, targets, whatIf);
                if (reuse.Conflict != null) ThrowTerminatingError(RunErrorRecords.RunIdConflict(RunId, reuse.Conflict));
                if (reuse.Replaces != null) WriteWarning(reuse.Replaces);
            }
            foreach (var node in planned.NothingToApply)
                WriteWarning($"{node.Name}: none of its applications ({string.Join(", ", node.Applications)}) has a formula; nothing to apply.");
            var failed = new List<McpNodeRun>();
            foreach (var (node, input, e) in planned.Failed)
            {
                WriteError(new ErrorRecord(new InvalidOperationException($"{node.Name}: {e.Message}", e), e.ErrorId, ErrorCategory.InvalidData, input));
                failed.Add(new McpNodeRun(node.Name, McpRunStatus.Failed, null, e.Message));
            }

            var selected = new List<(NodePlan Plan, SshTarget Target, object Item)>();
            foreach (var (plan, node, input) in planned.Plans)
            {
                var action = $"{(whatIf ? "Check" : "Apply")} states {string.Join(", ", plan.States)} ({plan.Resources.Count} resources)";
                if (!ShouldProcess(node.Name, action) && !whatIf) continue;
                var target = ssh.Resolve(SshTarget.FromNode(node));
                WriteVerbose($"{target.Name}: {target.Origin}");
                selected.Add((plan, target, input));
            }

            // the jump host may be any node of the clusters the run works on (cfg01)
            if (selected.Count > 0)
                PlanJumpHost(ssh, planned.ClusterNodes.Concat(_nodes.Select(n => n.Node)).Select(SshTarget.FromNode));

            // Keys and connections are made here, before a job starts: a key that cannot be read
            // ends the command at once.
            var secrets = selected.Count == 0 ? null : BuildSecrets(ssh, settings, selected.Select(s => s.Target), Credential);
            SshRun transport = null;
            try { if (secrets != null) transport = OpenRun(ssh.Options, secrets); }
            catch { secrets?.Dispose(); throw; }
            var info = new StateRunInfo(runId, started, modelPath, targets, states, whatIf, labOverrides: labOverrides, shard: Shard);
            Func<McpRun, string> journal = journalled ? record => RunJournal.Write(record, modelPath, null, journalDirectory) : (Func<McpRun, string>)null;
            var run = new StateRun<object>(info, failed, selected, transport, ssh.Options.ThrottleLimit, planned.Masker, journal);
            void Release() { run.Dispose(); transport?.Dispose(); secrets?.Dispose(); }
            if (AsJob)
            {
                StartJob(new McpStateJob(MyInvocation.Line, JobNameOrNull, new StateJobRun(run, Release, deferErrors: false)));
                return;
            }
            _run = run;
            if (_stopped) run.Stop();
            using (var job = new StateJobRun(run, Release, StopsOnError())) job.Run(new CmdletRunOutput(this));
        }

        // Under -ErrorAction Stop (or Inquire) the first error record ends the command: the
        // nodes' errors wait until every node has finished and the run is written.
        private bool StopsOnError()
        {
            var action = Preference("ErrorAction", "ErrorActionPreference", ActionPreference.Continue);
            return action == ActionPreference.Stop || action == ActionPreference.Inquire;
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _stopped = true;
            _run?.Stop();
        }
    }
}
