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
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        /// McpNode objects (Get-McpNode) or target expressions over the -Path model ('ctl*', 'I@ntp:client').
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("Node", "Name")]
        [ArgumentCompleter(typeof(TargetCompleter))]
        public object[] Target { get; set; }

        /// States to apply ("linux", "openssh", "linux.system"); default: the formulas of each node's applications.
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string[] State { get; set; }


        protected override void ProcessRecord()
        {
            foreach (var item in Target ?? Array.Empty<object>())
            {
                if (item == null) continue;
                var value = item is PSObject ps ? ps.BaseObject : item;
                if (value is McpNode node) { Add(node, item); continue; }
                if (!(value is string text) || string.IsNullOrEmpty(Path))
                {
                    WriteError(new ErrorRecord(new ArgumentException($"'{item}' is not a model node: pipe McpNode objects (Get-McpNode) or give -Path with a target expression."),
                        "Mcp.State.TargetNotANode", ErrorCategory.InvalidArgument, item));
                    continue;
                }
                var nodes = ModelNodes();
                foreach (var (target, _) in ExpandTarget(text))
                {
                    var match = nodes?.FirstOrDefault(n => string.Equals(n.Name, target.Name, StringComparison.OrdinalIgnoreCase));
                    if (match != null) Add(match, text);
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
                    peers[node.Cluster ?? ""] = clusterNodes = McpClusterCatalog.GetNodes(node.ClusterObject, out _);
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

            var runId = RunJournal.NewRunId(started);
            var stopped = false;
            try
            {
                var selected = new List<(NodePlan Plan, SshTarget Target, object Input, string Command)>();
                var ssh = PlanConnections(out var settings);
                foreach (var (plan, node, input) in plans)
                {
                    var action = $"{(whatIf ? "Check" : "Apply")} states {string.Join(", ", plan.States)} ({plan.Resources.Count} resources)";
                    if (!ShouldProcess(node.Name, action) && !whatIf) continue;
                    string command;
                    try { command = NodeScript.Command(plan, whatIf); }
                    catch (FormulaException e)
                    {
                        WriteError(new ErrorRecord(new InvalidOperationException(e.Message, e), e.ErrorId, ErrorCategory.LimitsExceeded, input));
                        runs.Add(new McpNodeRun(node.Name, McpRunStatus.Failed, null, e.Message));
                        continue;
                    }
                    var target = ssh.Resolve(SshTarget.FromNode(node));
                    WriteVerbose($"{target.Name}: {target.Origin}");
                    selected.Add((plan, target, input, command));
                }
                if (selected.Count == 0) return;
                // the jump host may be any node of the clusters the run works on (cfg01)
                PlanJumpHost(ssh, peers.Values.SelectMany(n => n).Concat(plans.Select(p => p.Node)).Select(SshTarget.FromNode));

                using (var secrets = BuildSecrets(ssh, settings, selected.Select(s => s.Target), Credential))
                using (var run = OpenRun(ssh.Options, secrets))
                {
                    var done = new BlockingCollection<(NodePlan Plan, object Input, McpCommandResult Result)>();
                    var gate = new SemaphoreSlim(Math.Max(1, ssh.Options.ThrottleLimit));
                    var tasks = selected.Select(s => Task.Run(async () =>
                    {
                        McpCommandResult result;
                        try { await gate.WaitAsync(_stop.Token).ConfigureAwait(false); }
                        catch (OperationCanceledException)
                        {
                            done.Add((s.Plan, s.Input, new McpCommandResult(s.Target.Name, s.Target.Address, null, null, null, TimeSpan.Zero,
                                new McpTransportError(McpTransportErrorKind.Cancelled, $"{s.Target.Name}: the run was stopped before it started"))));
                            return;
                        }
                        try { result = await run.RunAsync(s.Target, s.Command, _stop.Token).ConfigureAwait(false); }
                        catch (Exception e)
                        {
                            result = new McpCommandResult(s.Target.Name, s.Target.Address, null, null, null, TimeSpan.Zero,
                                new McpTransportError(McpTransportErrorKind.Failed, $"{s.Target.Name}: {e.Message}"));
                        }
                        finally { gate.Release(); }
                        done.Add((s.Plan, s.Input, result));
                    })).ToArray();
                    var all = Task.WhenAll(tasks).ContinueWith(_ => done.CompleteAdding(), TaskScheduler.Default);
                    var progress = new ProgressRecord(1, "Invoke-McpState", $"0 of {selected.Count} nodes") { PercentComplete = 0 };
                    WriteProgress(progress);
                    var count = 0;
                    // The loop ends when every node has reported (CompleteAdding) or when the
                    // pipeline stops; only the second is an interruption. The WhenAll
                    // continuation may not count as completed yet when the loop ends.
                    var drained = false;
                    try
                    {
                        foreach (var (plan, input, result) in done.GetConsumingEnumerable())
                        {
                            var nodeRun = StateRunSupport.NodeRun(plan, result);
                            lock (runs) runs.Add(nodeRun);
                            foreach (var r in nodeRun.Results) WriteObject(r);
                            WriteNodeError(nodeRun, result, input);
                            count++;
                            progress.StatusDescription = $"{count} of {selected.Count} nodes";
                            progress.PercentComplete = (int)(100.0 * count / selected.Count);
                            WriteProgress(progress);
                        }
                        drained = true;
                    }
                    finally
                    {
                        if (!drained)
                        {
                            stopped = true;
                            _stop.Cancel();
                            all.Wait(TimeSpan.FromSeconds(15));
                            // the nodes that ended while stopping: recorded, not written
                            foreach (var (plan, _, result) in done.ToArray())
                                lock (runs) if (runs.All(n => n.Node != plan.Node)) runs.Add(StateRunSupport.NodeRun(plan, result));
                        }
                    }
                    progress.RecordType = ProgressRecordType.Completed;
                    WriteProgress(progress);
                }
            }
            catch (PipelineStoppedException) { stopped = true; throw; }
            finally
            {
                stopped |= _stop.IsCancellationRequested;
                var record = new McpRun(runId, started, DateTimeOffset.Now, Environment.UserName, modelPath,
                    StateRunSupport.ModelCommit(modelPath), _nodes.Select(n => n.Node.Name).ToList(), allStates, whatIf,
                    StateRunSupport.RunStatus(runs, stopped), runs.ToList());
                string journal = null;
                try { journal = RunJournal.Write(record, modelPath); }
                catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is ArgumentException)
                {
                    if (!stopped) WriteError(new ErrorRecord(e, "Mcp.State.JournalWriteFailed", ErrorCategory.WriteError, modelPath));
                }
                if (!stopped)
                {
                    if (journal != null) WriteVerbose($"run journal: {journal}");
                    WriteObject(record);
                }
            }
        }

        private void WriteNodeError(McpNodeRun nodeRun, McpCommandResult result, object input)
        {
            if (result.Error != null)
            {
                var record = SshCmdletSupport.ToErrorRecord(result, input);
                WriteError(new ErrorRecord(new InvalidOperationException(nodeRun.Error, record.Exception), record.FullyQualifiedErrorId, record.CategoryInfo.Category, input ?? nodeRun.Node));
                return;
            }
            if (nodeRun.Status == McpRunStatus.Succeeded) return;
            var failed = nodeRun.Results.Where(r => r.Result == McpResourceResult.Failed).ToList();
            var message = nodeRun.Error ?? $"{nodeRun.Node}: {failed.Count} resource(s) failed: " +
                          string.Join("; ", failed.Select(f => $"{f.StateId} ({f.Resource}): {f.Comment}"));
            WriteError(new ErrorRecord(new InvalidOperationException(message),
                nodeRun.Error != null ? "Mcp.State.ExecutorFailed" : "Mcp.State.ResourceFailed", ErrorCategory.InvalidResult, input ?? nodeRun.Node));
        }

        protected override void StopProcessing() => _stop.Cancel();
    }
}
