using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.States.Formulas;
using McpModule.States.Journal;

namespace McpModule.States.Runs
{
    /// The first step of a state run: every node's plan from the formulas over its pillar, the
    /// nodes whose plan failed (a formula error names file and line), the nodes with nothing to
    /// apply, and the masker of every pillar secret the plans carry.
    internal sealed class StateRunPlan<T>
    {
        private StateRunPlan(List<(NodePlan, McpNode, T)> plans, List<(McpNode, T, FormulaException)> failed, List<McpNode> nothing,
                             List<string> states, SecretMasker masker, List<McpNode> clusterNodes)
        {
            Plans = plans; Failed = failed; NothingToApply = nothing; States = states; Masker = masker; ClusterNodes = clusterNodes;
        }

        public IReadOnlyList<(NodePlan Plan, McpNode Node, T Item)> Plans { get; }
        public IReadOnlyList<(McpNode Node, T Item, FormulaException Error)> Failed { get; }
        /// Nodes none of whose applications has a formula (when no states were asked for).
        public IReadOnlyList<McpNode> NothingToApply { get; }
        /// Every state the run applies, in first-seen order.
        public IReadOnlyList<string> States { get; }
        /// Every node of the clusters the planned nodes belong to (a jump host may be one of them).
        public IReadOnlyList<McpNode> ClusterNodes { get; }
        /// Masks the pillar's secrets (keys, passwords) in whatever comes back from the nodes.
        public SecretMasker Masker { get; }

        /// The states a run over the nodes applies, in first-seen order (what Create's States would
        /// be), without planning a node: a shard plans only its own nodes, yet records the states of
        /// the whole run, so that every part of a sharded run names the same states.
        public static IReadOnlyList<string> StatesOf(IEnumerable<McpNode> nodes, IReadOnlyList<string> states, FormulaLibrary library)
        {
            var planner = new StatePlanner(library ?? throw new ArgumentNullException(nameof(library)));
            var all = new List<string>();
            foreach (var node in nodes)
                foreach (var s in states != null && states.Count > 0 ? states : planner.ChooseStates(node.Applications))
                    if (!all.Contains(s)) all.Add(s);
            return all;
        }

        /// states: what to apply to every node; null or empty: each node's applications that have a formula.
        public static StateRunPlan<T> Create(IEnumerable<(McpNode Node, T Item)> nodes, IReadOnlyList<string> states, FormulaLibrary library)
        {
            var planner = new StatePlanner(library ?? throw new ArgumentNullException(nameof(library)));
            var plans = new List<(NodePlan, McpNode, T)>();
            var failed = new List<(McpNode, T, FormulaException)>();
            var nothing = new List<McpNode>();
            var all = new List<string>();
            var peers = new Dictionary<string, IReadOnlyList<McpNode>>(StringComparer.Ordinal);
            foreach (var (node, item) in nodes)
            {
                var chosen = states != null && states.Count > 0 ? states : planner.ChooseStates(node.Applications);
                foreach (var s in chosen) if (!all.Contains(s)) all.Add(s);
                if (chosen.Count == 0) { nothing.Add(node); continue; }
                // the node's cluster peers, for /etc/hosts and the like (read once per cluster)
                if (!peers.TryGetValue(node.Cluster ?? "", out var clusterNodes))
                    peers[node.Cluster ?? ""] = clusterNodes = node.ClusterObject == null ? new[] { node } : McpClusterCatalog.GetNodes(node.ClusterObject, out _);
                try { plans.Add((planner.Plan(PlanInput.FromNode(node, clusterNodes), chosen), node, item)); }
                catch (FormulaException e) { failed.Add((node, item, e)); }
            }
            var masker = new SecretMasker(plans.SelectMany(p => PillarSecrets.Collect(p.Item2.Pillar)));
            return new StateRunPlan<T>(plans, failed, nothing, all, masker, peers.Values.SelectMany(n => n).ToList());
        }
    }
}
