using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using McpModule.Model.Data;
using McpModule.Ceph;
using McpModule.Ceph.Osd;
using McpModule.Execution;
using McpModule.FileSystem;
using McpModule.States;
using McpModule.States.Formulas;
using McpModule.States.Journal;
using McpModule.States.Runs;

namespace McpModule.Cmdlets
{
    /// Makes OSDs of devices of model nodes: every device is checked on its node first (ceph-volume
    /// inventory) and against the cluster, and nothing is touched unless all pass; then one
    /// recorded run (the state ceph.osd with these disks, journalled like Invoke-McpState) makes
    /// them, the node files of the model get the disks that became OSDs, and the new OSDs are
    /// returned as the monitors see them.
    [Cmdlet(VerbsCommon.Add, "McpCephOsd", SupportsShouldProcess = true, DefaultParameterSetName = DeviceSet)]
    [OutputType(typeof(McpCephOsd))]
    public sealed class AddMcpCephOsdCommand : McpCephCmdlet
    {
        private const string NodeSet = "Node";
        private const string DeviceSet = "InputObject";
        private readonly List<CephOsdRequest> _requests = new List<CephOsdRequest>();
        private readonly List<McpNode> _bySpec = new List<McpNode>();

        /// Devices from Get-McpCephDevice (or Select-McpCephDevice): each becomes an OSD on its node.
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = DeviceSet)]
        [ValidateNotNull]
        public McpCephDevice[] InputObject { get; set; }

        /// Model nodes (names, target expressions over -Path/-Cluster, McpNode objects).
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = NodeSet)]
        [Alias("Node")]
        [ArgumentCompleter(typeof(TargetCompleter))]
        public object[] Target { get; set; }

        /// Device paths on each node given (/dev/sdb). Without it, each node's OSD spec
        /// (ceph:osd:spec in the model, cephadm's drive group) selects the devices.
        [Parameter(Position = 1, ParameterSetName = NodeSet)]
        [ValidateNotNullOrEmpty]
        public string[] Device { get; set; }

        /// A device on the same node for the OSDs' RocksDB (an SSD or NVMe for HDD OSDs). Shared by
        /// every OSD of the node in Lvm mode; Raw mode takes a whole device per OSD.
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string DbDevice { get; set; }

        /// A device on the same node for the OSDs' write-ahead log.
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string WalDevice { get; set; }

        /// Lvm (ceph-volume lvm, the production default) or Raw (whole devices, no device-mapper).
        /// Default: the node's ceph:osd:mode, else Lvm.
        [Parameter]
        [ValidateSet("Lvm", "Raw")]
        public string Mode { get; set; }

        /// Encrypt the OSDs (dm-crypt, ceph-volume --dmcrypt).
        [Parameter] public SwitchParameter Encrypted { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == DeviceSet)
            {
                foreach (var d in InputObject)
                {
                    if (d == null) continue;
                    if (!HasModel && !string.IsNullOrEmpty(d.ModelPath)) Path = d.ModelPath;
                    var node = string.IsNullOrEmpty(d.Node) ? null : FindNode(d.Node);
                    if (node == null)
                    {
                        WriteError(new ErrorRecord(new ItemNotFoundException($"{d}: the device's node '{d.Node}' is no node of the model{(HasModel ? "" : " (give -Path)")}."),
                            "Mcp.Ceph.NotAModelNode", ErrorCategory.ObjectNotFound, d));
                        continue;
                    }
                    AddNode(node);
                    _requests.Add(new CephOsdRequest(node, d.Path, DbDevice, WalDevice));
                }
                return;
            }
            var before = Nodes.Count;
            foreach (var item in Target ?? Array.Empty<object>()) CollectNodes(item);
            foreach (var node in Nodes.Skip(before))
            {
                if (Device == null) { _bySpec.Add(node); continue; }
                foreach (var device in Device) _requests.Add(new CephOsdRequest(node, device, DbDevice, WalDevice));
            }
        }

        protected override void EndProcessing()
        {
            if (_requests.Count == 0 && _bySpec.Count == 0) return;
            // A bad path never reaches a node: refused here, and the other devices are still
            // checked, so one run of the command names every problem.
            var problems = new List<CephOsdProblem>();
            foreach (var path in _requests.SelectMany(r => new[] { r.Device, r.Db, r.Wal }).Where(p => p.Length > 0).Distinct())
                if (CephOsdPlanner.PathProblem(path) is string bad)
                    problems.Add(new CephOsdProblem("Mcp.Ceph.InvalidDevicePath", "", path, bad));
            _requests.RemoveAll(r => new[] { r.Device, r.Db, r.Wal }.Any(p => p.Length > 0 && CephOsdPlanner.PathProblem(p) != null));
            if (_requests.Count == 0 && _bySpec.Count == 0) { Refuse(problems); return; }

            var nodes = _requests.Select(r => r.Node).Concat(_bySpec).Distinct().ToList();
            var first = nodes[0];
            var monitors = MonitorsOf(first);
            using (var session = Open(nodes.Concat(monitors)))
            {
                // Fresh from the nodes and the cluster: what is there now decides.
                // ... and the cluster's OSD map from a monitor, at the same time.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var inventory = new Dictionary<string, IReadOnlyList<McpCephDevice>>(StringComparer.Ordinal);
                var work = nodes.Select(n => (n.Name, CephDeviceInventory.Command(IsLabNode(n)), n)).ToList();
                if (monitors.Count > 0) work.Add((monitors[0].Name, OsdStatusCommand(session), null));
                McpCommandResult status = null;
                foreach (var outcome in session.Run(work))
                {
                    var r = outcome.Result;
                    if (outcome.Work.Item == null) { status = r; continue; }
                    if (r.Error != null) { problems.Add(new CephOsdProblem("Mcp.Ceph.NodeUnreachable", r.Node, "", r.Error.Message)); continue; }
                    var devices = CephDeviceInventory.FromResult(r.Node, r.ExitCode, r.StdOut, r.StdErr, out var errorId, out var why);
                    if (devices == null) problems.Add(new CephOsdProblem(errorId, r.Node, "", why));
                    else inventory[outcome.Work.Item.Name] = devices;
                }
                if (session.Stopped) return;
                var encrypted = Encrypted.IsPresent;
                foreach (var node in _bySpec)
                    if (inventory.TryGetValue(node.Name, out var devices))
                    {
                        _requests.AddRange(CephOsdSpecRequests.For(node, devices, problems, out var specEncrypted));
                        encrypted |= specEncrypted;
                    }
                var osds = status != null && status.Error == null ? ParseOsds(status, first) : ReadOsds(session, monitors, first);
                WriteVerbose($"checked {_requests.Count} device(s) on {nodes.Count} node(s) and the cluster's {osds.Count} OSD(s) in {clock.Elapsed.TotalSeconds:0.00} s");
                var plans = CephOsdPlanner.Plan(_requests, inventory, osds, ModeOf, encrypted, problems);

                // The model's node files take the disks: checked now, written once the OSDs exist.
                foreach (var node in nodes)
                {
                    var mine = plans.Where(p => p.Node == node.Name && !CephOsdModel.Listed(node).Contains(p.Device)).ToList();
                    if (mine.Count == 0) continue;
                    try { CephOsdModel.AddToFile(File.ReadAllText(node.File), node.File, mine); }
                    catch (Exception e) when (e is FormatException || e is IOException || e is UnauthorizedAccessException)
                    {
                        problems.Add(new CephOsdProblem("Mcp.Ceph.ModelNotWritable", node.Name, "", e.Message));
                    }
                }
                if (Refuse(problems)) return;

                var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && ((SwitchParameter)w).IsPresent;
                var chosen = new List<McpNode>();
                foreach (var node in nodes)
                {
                    var mine = plans.Where(p => p.Node == node.Name).ToList();
                    if (mine.Count == 0) continue;
                    if (ShouldProcess($"{node.Name}: {string.Join("; ", mine)}", $"Add {mine.Count} OSD(s)")) chosen.Add(node);
                }
                if (whatIf || chosen.Count == 0) return;
                clock.Restart();
                var added = Run(session, chosen, plans.Where(p => chosen.Any(n => n.Name == p.Node)).ToList());
                WriteVerbose($"the run made {added.Count} OSD(s) in {clock.Elapsed.TotalSeconds:0.00} s");
                if (added.Count == 0 || session.Stopped) return;
                clock.Restart();
                var after = ReadOsds(session, monitors, first);
                WriteVerbose($"read the new OSDs back in {clock.Elapsed.TotalSeconds:0.00} s");
                foreach (var osd in after.Where(o => added.Contains(o.Id))) WriteObject(osd);
            }
        }

        private string ModeOf(McpNode node)
        {
            if (!string.IsNullOrEmpty(Mode)) return Mode;
            return McpModule.Model.Data.PillarKey.TrySelect(node.Pillar, "ceph:osd:mode", out var m, out _) && m is string s &&
                   string.Equals(s, "raw", StringComparison.OrdinalIgnoreCase) ? "Raw" : "Lvm";
        }

        // Writes each problem; true when there were any (nothing was changed).
        private bool Refuse(List<CephOsdProblem> problems)
        {
            foreach (var p in problems)
                WriteError(new ErrorRecord(new InvalidOperationException(p.Message + " Nothing was changed."), p.ErrorId, ErrorCategory.InvalidArgument,
                    p.Device.Length > 0 ? p.Device : p.Node));
            return problems.Count > 0;
        }

        /// One recorded run of ceph.osd over the nodes with these disks; the ids of the OSDs made.
        private HashSet<int> Run(NodeSession session, IReadOnlyList<McpNode> nodes, IReadOnlyList<McpCephOsdPlan> plans)
        {
            var started = DateTimeOffset.Now;
            var modelPath = nodes[0].Path;
            var runNodes = McpModule.Lab.LabOverlay.ForRun(nodes.Select(n => (CephOsdModel.ForRun(n, plans.Where(p => p.Node == n.Name).ToList()), (object)n)), out var labOverrides);
            foreach (var line in labOverrides) WriteVerbose("lab: " + line);
            var planned = StateRunPlan<object>.Create(runNodes, new[] { "ceph.osd" }, new FormulaLibrary(modelPath));
            var failed = new List<McpNodeRun>();
            foreach (var (node, _, e) in planned.Failed)
            {
                WriteError(new ErrorRecord(new InvalidOperationException($"{node.Name}: {e.Message}", e), e.ErrorId, ErrorCategory.InvalidData, node.Name));
                failed.Add(new McpNodeRun(node.Name, McpRunStatus.Failed, null, e.Message));
            }
            var work = planned.Plans.Select(p => (p.Plan, session.Target(p.Node.Name), p.Item)).ToList();
            var info = new StateRunInfo(RunJournal.NewRunId(started), started, modelPath, nodes.Select(n => n.Name).ToList(), planned.States, false, "Add-McpCephOsd", labOverrides);
            var journalDirectory = session.Settings.RunJournalDirectory;
            var listener = new OsdRunListener(this, plans);
            using (var run = new StateRun<object>(info, failed, work, session.Transport, session.Settings.ThrottleLimit, planned.Masker,
                       record => RunJournal.Write(record, modelPath, null, journalDirectory)))
            {
                listener.Run = run;
                var record = run.Run(listener);
                if (run.JournalPath != null) WriteVerbose($"run {record.RunId}: {run.JournalPath}");
                if (run.JournalError != null) WriteWarning($"The run's journal could not be written: {run.JournalError.Message}");
            }
            // The model: the disks that became OSDs, in their node's file.
            foreach (var node in nodes)
            {
                var made = listener.Made.Where(m => m.Plan.Node == node.Name && !CephOsdModel.Listed(node).Contains(m.Plan.Device)).Select(m => m.Plan).ToList();
                if (made.Count == 0) continue;
                try
                {
                    AtomicFile.WriteAllText(node.File, CephOsdModel.AddToFile(File.ReadAllText(node.File), node.File, made));
                    WriteVerbose($"{node.File}: {string.Join(", ", made.Select(p => p.Device))} added to ceph:osd:backend:bluestore:disks");
                }
                catch (Exception e) when (e is FormatException || e is IOException || e is UnauthorizedAccessException)
                {
                    WriteError(new ErrorRecord(new IOException($"{node.Name}: the OSDs on {string.Join(", ", made.Select(p => p.Device))} exist but the model was not updated: {e.Message}", e),
                        "Mcp.Ceph.ModelNotUpdated", ErrorCategory.WriteError, node.File));
                }
            }
            return new HashSet<int>(listener.Made.Select(m => m.Id));
        }

        /// Turns the run's node results into errors for the devices that failed, and the made OSDs.
        private sealed class OsdRunListener : IStateRunListener<object>
        {
            private readonly AddMcpCephOsdCommand _cmdlet;
            private readonly IReadOnlyList<McpCephOsdPlan> _plans;
            private readonly ProgressRecord _progress = new ProgressRecord(1, "Add-McpCephOsd", "starting");

            internal OsdRunListener(AddMcpCephOsdCommand cmdlet, IReadOnlyList<McpCephOsdPlan> plans) { _cmdlet = cmdlet; _plans = plans; }

            internal StateRun<object> Run;
            internal readonly List<(McpCephOsdPlan Plan, int Id)> Made = new List<(McpCephOsdPlan, int)>();

            public void Started(int nodes)
            {
                _progress.StatusDescription = $"0 of {nodes} nodes";
                if (McpProgress.Enabled) _cmdlet.WriteProgress(_progress);
            }

            public void NodeFinished(McpNodeRun node, McpCommandResult result, object item, int done, int total)
            {
                foreach (var plan in _plans.Where(p => p.Node == node.Node))
                {
                    var step = node.Results?.FirstOrDefault(r => r.StateId == plan.StateId);
                    var id = step == null ? null : CephOsdRunOutput.OsdId(step.Comment, plan.Device);
                    if (step != null && step.ResultValue == McpResourceResult.Changed && id is int made) { Made.Add((plan, made)); continue; }
                    var why = step == null ? (node.Error ?? "the node did not reach this step") : $"{step.Result}: {step.Comment}";
                    var other = node.Results?.FirstOrDefault(r => r.ResultValue == McpResourceResult.Failed && r.StateId != plan.StateId);
                    if (other != null && (step == null || step.ResultValue != McpResourceResult.Failed)) why += $" ({other.StateId} failed: {other.Comment})";
                    _cmdlet.WriteError(new ErrorRecord(new InvalidOperationException($"{node.Node}: no OSD on {plan.Device}: {why}. The model was not changed for it."),
                        "Mcp.Ceph.OsdNotAdded", ErrorCategory.InvalidResult, plan.Device));
                }
                _progress.StatusDescription = $"{done} of {total} nodes";
                _progress.PercentComplete = 100 * done / Math.Max(1, total);
                if (McpProgress.Enabled) _cmdlet.WriteProgress(_progress);
            }
        }
    }
}
