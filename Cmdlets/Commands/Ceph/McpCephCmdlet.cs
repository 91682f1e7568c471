using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Model.Data;
using McpModule.Ceph;
using McpModule.Execution;
using McpModule.Model;

namespace McpModule.Cmdlets
{
    /// The base of the Ceph cmdlets: they work on the model's nodes only (a target that is no
    /// model node is an error), ask the cluster through a monitor node, and run over one session.
    public abstract class McpCephCmdlet : McpModelNodeCmdlet
    {
        private volatile NodeSession _session;
        private volatile bool _stopped;

        private protected McpCephCmdlet() : base("Mcp.Ceph", "the Ceph cmdlets work on model nodes", textNeedsModel: true) { }

        /// A model node by full or short name, from the -Path/-Cluster model; null when none.
        protected McpNode FindNode(string name)
        {
            var nodes = ModelNodes();
            return nodes?.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? nodes?.FirstOrDefault(n => string.Equals(n.ShortName, name, StringComparison.OrdinalIgnoreCase));
        }

        /// The monitor nodes of a node's cluster (ceph:mon enabled), the ones given first.
        protected IReadOnlyList<McpNode> MonitorsOf(McpNode node)
        {
            var all = (ModelNodes() ?? Array.Empty<McpNode>()).Where(n => n.Cluster == node.Cluster && n.Path == node.Path).ToList();
            if (all.Count == 0) all = NodesOf(node.ClusterObject, out _).ToList();
            return all.Where(IsMonitor).OrderBy(n => WasGiven(n.Name) ? 0 : 1).ToList();
        }

        private static bool IsMonitor(McpNode n) =>
            PillarKey.TrySelect(n.Pillar, "ceph:mon", out var mon, out _) && mon is OrderedMap m &&
            !(m.TryGetValue("enabled", out var e) && e is bool b && !b);

        /// Whether the node is a lab node (Start-McpLab): its disks are loop devices. One lookup for
        /// the command, so each cluster's lab state file is read once, not once per node.
        protected bool IsLabNode(McpNode node) => (_labs ??= McpModule.Lab.LabAccess.Lookup())(node.Cluster, node.ShortName) != null;
        private Func<string, string, NodeAccess> _labs;

        /// Opens the session over the nodes (and their monitors); stopped with the command.
        private protected NodeSession Open(IEnumerable<McpNode> nodes)
        {
            var session = OpenSession(nodes);
            _session = session;
            if (_stopped) session.Stop();
            return session;
        }

        /// A command on the first monitor that answers: its result (exit code and output), or a
        /// terminating error naming every monitor tried and why it did not answer.
        private protected McpCommandResult OnMonitor(NodeSession session, IReadOnlyList<McpNode> monitors, string command, object target)
        {
            if (monitors.Count == 0)
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("The model has no monitor node (ceph:mon) in this cluster to ask."),
                    "Mcp.Ceph.NoMonitor", ErrorCategory.ObjectNotFound, target));
            var why = new List<string>();
            foreach (var mon in monitors)
            {
                var r = session.RunOne(mon.Name, command);
                if (r.Error == null) return r;
                if (session.Stopped) break;
                why.Add(r.Error.Message);
            }
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("No monitor node answered: " + string.Join("; ", why)),
                "Mcp.Ceph.MonitorUnreachable", ErrorCategory.ConnectionError, target));
            return null;
        }

        /// The cluster's OSDs as a monitor reports them, each with its model node.
        private protected IReadOnlyList<McpCephOsd> ReadOsds(NodeSession session, IReadOnlyList<McpNode> monitors, McpNode anyNode)
        {
            return ParseOsds(OnMonitor(session, monitors, OsdStatusCommand(session), anyNode.Cluster), anyNode);
        }

        private protected static string OsdStatusCommand(NodeSession session) => CephOsdStatus.Command((int)session.Settings.ConnectTimeout.TotalSeconds);

        /// The OSDs in a monitor's answer to OsdStatusCommand.
        private protected IReadOnlyList<McpCephOsd> ParseOsds(McpCommandResult r, McpNode anyNode)
        {
            if (r.ExitCode != 0)
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"{r.Node}: ceph osd status failed (exit {r.ExitCode}): {r.StdErr.Trim()}"),
                    "Mcp.Ceph.StatusFailed", ErrorCategory.InvalidResult, anyNode.Cluster));
            var clusterNodes = (ModelNodes() ?? Nodes).Where(n => n.Cluster == anyNode.Cluster).ToList();
            try
            {
                var osds = CephOsdStatus.Parse(r.StdOut, r.Node, host => clusterNodes.FirstOrDefault(n => string.Equals(n.ShortName, host, StringComparison.OrdinalIgnoreCase))?.Name);
                foreach (var o in osds) o.ModelPath = anyNode.Path;
                CephOsdIdCompleter.Remember(anyNode.Path, osds);
                return osds;
            }
            catch (FormatException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "Mcp.Ceph.StatusUnreadable", ErrorCategory.InvalidResult, anyNode.Cluster));
                return null;
            }
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _stopped = true;
            _session?.Stop();
        }
    }
}
