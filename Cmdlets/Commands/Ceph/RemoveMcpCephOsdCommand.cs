using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Threading;
using McpModule.Ceph;
using McpModule.Ceph.Osd;
using McpModule.FileSystem;
using McpModule.Model.Yaml;
using McpModule.States.Journal;

namespace McpModule.Cmdlets
{
    /// Removes OSDs safely, as `ceph orch osd rm` does: refused when a pool would lose copies or
    /// the cluster says stopping them is not ok; otherwise out, wait (bounded) until the data has
    /// moved and the monitors say it is safe to destroy, stop the daemon, then purge — or, with
    /// -Replace, destroy and keep the id for the new disk. -Zap wipes the device.
    [Cmdlet(VerbsCommon.Remove, "McpCephOsd", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = OsdSet)]
    [OutputType(typeof(McpCephOsd))]
    public sealed class RemoveMcpCephOsdCommand : McpCephCmdlet
    {
        private const string OsdSet = "InputObject";
        private const string IdSet = "Id";
        private readonly List<int> _ids = new List<int>();

        /// OSDs from Get-McpCephOsd.
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = OsdSet)]
        [ValidateNotNull]
        public McpCephOsd[] InputObject { get; set; }

        /// OSD ids (with -Path or -Cluster).
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
        [ArgumentCompleter(typeof(CephOsdIdCompleter))]
        public int[] Id { get; set; }

        /// Keep the OSD's id for the disk that replaces it (ceph osd destroy instead of purge):
        /// Add-McpCephOsd on that host takes the id again.
        [Parameter] public SwitchParameter Replace { get; set; }

        /// Wipe the device once the OSD is gone (ceph-volume lvm zap --destroy).
        [Parameter] public SwitchParameter Zap { get; set; }

        /// How long the data may take to move off the OSDs before the command gives up (the OSDs
        /// stay out and running, and the error says so). 30 minutes by default.
        [Parameter]
        [ValidateRange(1, 7 * 24 * 3600)]
        public int DrainTimeoutSeconds { get; set; } = 1800;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdSet) { foreach (var i in Id) if (!_ids.Contains(i)) _ids.Add(i); return; }
            foreach (var o in InputObject)
            {
                if (o == null) continue;
                if (!HasModel && !string.IsNullOrEmpty(o.ModelPath)) Path = o.ModelPath;
                if (!_ids.Contains(o.Id)) _ids.Add(o.Id);
            }
        }

        protected override void EndProcessing()
        {
            if (_ids.Count == 0) return;
            var nodes = ModelNodes();
            if (nodes == null || nodes.Count == 0)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give the model with -Path or -Cluster."), "Mcp.Ceph.ModelNeeded", ErrorCategory.InvalidArgument, null));
                return;
            }
            var monitors = MonitorsOf(nodes[0]);
            using (var session = Open(nodes.Where(n => n.Cluster == nodes[0].Cluster)))
            {
                var osds = ReadOsds(session, monitors, nodes[0]);
                var chosen = new List<McpCephOsd>();
                foreach (var id in _ids)
                {
                    var osd = osds.FirstOrDefault(o => o.Id == id);
                    if (osd == null) { Refuse("Mcp.Ceph.OsdNotFound", $"The cluster has no osd.{id}.", id); continue; }
                    if (osd.Node.Length == 0) { Refuse("Mcp.Ceph.NotAModelNode", $"osd.{id} is on host '{osd.Host}', which is no node of the model: its daemon cannot be stopped from here.", id); continue; }
                    chosen.Add(osd);
                }
                if (chosen.Count != _ids.Count) return;

                // The pools and the cluster decide before anything changes.
                var removed = new HashSet<int>(chosen.Where(o => o.Status != "destroyed").Select(o => o.Id));
                var pools = Monitor(session, monitors, CephPoolCheck.Command(ConnectTimeout(session)));
                List<string> poolProblems;
                try { poolProblems = CephPoolCheck.Problems(pools.StdOut, pools.Node, removed); }
                catch (Exception e) when (e is FormatException || e is JsonException || e is InvalidOperationException || e is KeyNotFoundException)
                {
                    ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"{pools.Node}: the pools could not be read: {e.Message}", e), "Mcp.Ceph.StatusUnreadable", ErrorCategory.InvalidResult, null));
                    return;
                }
                var names = string.Join(", ", chosen.Select(o => o.Name));
                foreach (var p in poolProblems) Refuse("Mcp.Ceph.PoolWouldBreak", $"Removing {names}: {p}. Nothing was changed.", names);
                if (poolProblems.Count > 0) return;
                if (removed.Count > 0 && OkToStop(session, monitors, removed) is string notOk)
                {
                    Refuse("Mcp.Ceph.NotOkToStop", $"Removing {names}: ceph osd ok-to-stop says no: {notOk}. Nothing was changed.", names);
                    return;
                }

                var confirmed = new List<McpCephOsd>();
                foreach (var osd in chosen)
                {
                    var action = Replace ? "Replace (out, drain, stop, destroy: the id stays for the new disk)" : "Remove (out, drain, stop, purge)";
                    if (Zap) action += ", then wipe the device";
                    if (ShouldProcess($"{osd.Name} on {osd.Node} ({osd.Device})", action)) confirmed.Add(osd);
                }
                if (confirmed.Count == 0 || (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && ((SwitchParameter)w).IsPresent)) return;

                // One recorded run, written before the first step and after each.
                var modelPath = nodes[0].Path;
                var journalDirectory = session.Settings.RunJournalDirectory;
                var record = new CephOsdRemovalRecord(RunJournal.NewRunId(DateTimeOffset.Now), modelPath, confirmed,
                    run => RunJournal.Write(run, modelPath, null, journalDirectory));
                try
                {
                    foreach (var osd in confirmed)
                        if (!RemoveOne(session, monitors, osd, record) || session.Stopped) break;
                }
                finally
                {
                    var run = record.Finish(session.Stopped);
                    if (record.JournalPath != null) WriteVerbose($"run {run.RunId}: {record.JournalPath}");
                    if (record.JournalError != null) WriteWarning($"The run's journal could not be written: {record.JournalError.Message}");
                }
            }
        }

        private static int ConnectTimeout(NodeSession session) => (int)session.Settings.ConnectTimeout.TotalSeconds;

        private void Refuse(string errorId, string message, object target) =>
            WriteError(new ErrorRecord(new InvalidOperationException(message), errorId, ErrorCategory.InvalidOperation, target));

        // A monitor command that must succeed; a terminating error with its output otherwise.
        private McpModule.Execution.McpCommandResult Monitor(NodeSession session, IReadOnlyList<McpNode> monitors, string command)
        {
            var r = OnMonitor(session, monitors, command, null);
            if (r.ExitCode != 0)
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"{r.Node}: {command.Split(';')[0]} failed (exit {r.ExitCode}): {r.StdErr.Trim()}"),
                    "Mcp.Ceph.CommandFailed", ErrorCategory.InvalidResult, null));
            return r;
        }

        // Null when ok; else why not. Ceph answers EAGAIN while PGs are peering and EBUSY while PGs
        // would go offline — both also while the cluster is still settling after a change (a new OSD
        // taking its PGs): asked again for a minute, as cephadm's removal queue asks again each
        // cycle, then refused. The pools were checked before, so a lasting "no" is Ceph's own.
        private string OkToStop(NodeSession session, IReadOnlyList<McpNode> monitors, ISet<int> ids)
        {
            var list = string.Join(" ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
            var clock = Stopwatch.StartNew();
            var progress = new ProgressRecord(2, "Remove-McpCephOsd", "ceph osd ok-to-stop");
            while (true)
            {
                var r = OnMonitor(session, monitors, $"ceph --connect-timeout {ConnectTimeout(session)} osd ok-to-stop {list}", null);
                if (r.ExitCode == 0) return null;
                var busy = r.ExitCode == 11 || r.ExitCode == 16;   // EAGAIN, EBUSY
                if (!busy || clock.Elapsed > TimeSpan.FromSeconds(60) || session.Stopped)
                    return $"{r.StdErr.Trim()}{(busy ? $" (asked for {clock.Elapsed.TotalSeconds:0} s)" : "")}";
                progress.StatusDescription = $"waiting for the cluster to settle ({clock.Elapsed.TotalSeconds:0} s): {r.StdErr.Trim()}";
                if (McpProgress.Enabled) WriteProgress(progress);
                Thread.Sleep(2000);
            }
        }

        /// Out, drain, stop, purge or destroy, zap, model; false (with an error saying how far it
        /// got) when a step fails.
        private bool RemoveOne(NodeSession session, IReadOnlyList<McpNode> monitors, McpCephOsd osd, CephOsdRemovalRecord record)
        {
            var id = osd.Id.ToString(CultureInfo.InvariantCulture);
            var t = ConnectTimeout(session);
            var done = new List<string>();
            var clock = Stopwatch.StartNew();
            // each step done goes to the record with its time
            void Done(string step, string resource, string what)
            {
                done.Add(what);
                record.Step(osd, step, resource, false, what, clock.Elapsed);
                clock.Restart();
            }
            // step: the record's name for it, as Done names the steps that worked; doing: the error's words
            bool Fail(string errorId, string step, string doing, string why)
            {
                record.Step(osd, step, doing, true, why, clock.Elapsed);
                record.Finished(osd);
                var sofar = done.Count == 0 ? "nothing was changed" : "done: " + string.Join(", ", done);
                WriteError(new ErrorRecord(new InvalidOperationException($"{osd.Name} on {osd.Node}: {doing} failed: {why} ({sofar})."), errorId, ErrorCategory.InvalidResult, osd));
                return false;
            }
            var progress = new ProgressRecord(2, $"Remove-McpCephOsd {osd.Name}", "out");
            if (osd.Status != "destroyed")
            {
                if (osd.In)
                {
                    var r = OnMonitor(session, monitors, $"ceph --connect-timeout {t} osd out {id}", osd);
                    if (r.ExitCode != 0) return Fail("Mcp.Ceph.OutFailed", "out", "ceph osd out", r.StdErr.Trim());
                    Done("out", "ceph osd out " + id, "marked out");
                }
                // Drained when the monitors say it is safe to destroy: no PG needs it any more.
                var draining = Stopwatch.StartNew();
                while (true)
                {
                    var r = OnMonitor(session, monitors, $"ceph --connect-timeout {t} osd safe-to-destroy {id}", osd);
                    if (r.ExitCode == 0) break;
                    if (session.Stopped) return Fail("Mcp.Ceph.Stopped", "drain", "draining", "the command was stopped; the OSD stays out and running (ceph osd in " + id + " takes it back)");
                    if (draining.Elapsed.TotalSeconds > DrainTimeoutSeconds)
                        return Fail("Mcp.Ceph.DrainTimeout", "drain", "draining", $"its data did not move off within {DrainTimeoutSeconds} s ({r.StdErr.Trim()}); the OSD stays out and running: run Remove-McpCephOsd again to go on, or `ceph osd in {id}` to take it back");
                    progress.StatusDescription = $"draining ({draining.Elapsed.TotalSeconds:0} s of at most {DrainTimeoutSeconds} s): {r.StdErr.Trim()}";
                    progress.PercentComplete = (int)Math.Min(99, 100 * draining.Elapsed.TotalSeconds / DrainTimeoutSeconds);
                    if (McpProgress.Enabled) WriteProgress(progress);
                    Thread.Sleep(2000);
                }
                Done("drain", "ceph osd safe-to-destroy " + id, "drained");

                // The daemon stops and stays stopped; a raw OSD's folder (a tmpfs) and its activation go.
                var stop = session.RunOne(osd.Node,
                    $"systemctl disable --now ceph-osd@{id} 2>&1; rm -rf /etc/systemd/system/ceph-osd@{id}.service.d /etc/systemd/system/mcp-ceph-osd-activate-{id}.service; systemctl daemon-reload; " +
                    $"if mountpoint -q /var/lib/ceph/osd/ceph-{id}; then umount /var/lib/ceph/osd/ceph-{id}; fi; rmdir /var/lib/ceph/osd/ceph-{id} 2>/dev/null; " +
                    $"! systemctl is-active --quiet ceph-osd@{id}");
                if (stop.Error != null || stop.ExitCode != 0) return Fail("Mcp.Ceph.StopFailed", "stop", "stopping ceph-osd@" + id, stop.Error?.Message ?? stop.StdErr.Trim());
                Done("stop", "systemctl disable --now ceph-osd@" + id, "daemon stopped");
            }
            var end = OnMonitor(session, monitors, $"ceph --connect-timeout {t} osd {(Replace ? "destroy" : "purge")} {id} --yes-i-really-mean-it", osd);
            if (end.ExitCode != 0) return Fail("Mcp.Ceph.PurgeFailed", Replace ? "destroy" : "purge", Replace ? "ceph osd destroy" : "ceph osd purge", end.StdErr.Trim());
            Done(Replace ? "destroy" : "purge", $"ceph osd {(Replace ? "destroy" : "purge")} {id}", Replace ? $"destroyed (id {id} kept)" : "purged");

            if (Zap && osd.Device.Length > 0)
            {
                var loop = osd.Device.StartsWith("/dev/loop", StringComparison.Ordinal) ? "CEPH_VOLUME_ALLOW_LOOP_DEVICES=true " : "";
                var zap = session.RunOne(osd.Node, $"{loop}ceph-volume lvm zap --destroy {McpModule.Execution.ShellQuote.Quote(osd.Device)}");
                if (zap.Error != null || zap.ExitCode != 0) return Fail("Mcp.Ceph.ZapFailed", "zap", "wiping " + osd.Device, zap.Error?.Message ?? zap.StdErr.Trim());
                Done("zap", "ceph-volume lvm zap --destroy " + osd.Device, "device wiped");
            }

            // The model stops listing the disk (Add-McpCephOsd lists the one that replaces it).
            var node = FindNode(osd.Node);
            if (node != null && osd.Device.Length > 0 && CephOsdModel.Listed(node).Contains(osd.Device))
            {
                try
                {
                    var text = File.ReadAllText(node.File);
                    var changed = YamlListAppend.Remove(text, node.File, new[] { "parameters" }.Concat(CephOsdModel.DisksPath).ToList(), "dev", osd.Device);
                    if (changed == text) WriteWarning($"{osd.Name}: {osd.Device} is listed under ceph:osd in a class of {node.Name}, not in its node file: remove it there.");
                    else
                    {
                        AtomicFile.WriteAllText(node.File, changed);
                        Done("model", node.File, $"{osd.Device} taken out of {node.File}");
                    }
                }
                catch (Exception e) when (e is FormatException || e is IOException || e is UnauthorizedAccessException)
                {
                    return Fail("Mcp.Ceph.ModelNotUpdated", "model", "updating the model", e.Message);
                }
            }
            record.Finished(osd);
            progress.RecordType = ProgressRecordType.Completed;
            if (McpProgress.Enabled) WriteProgress(progress);
            WriteVerbose($"{osd.Name} on {osd.Node}: {string.Join(", ", done)}");
            if (Replace)
            {
                osd.Status = "destroyed"; osd.Up = false; osd.In = false;
                WriteObject(osd);
            }
            return true;
        }
    }
}
