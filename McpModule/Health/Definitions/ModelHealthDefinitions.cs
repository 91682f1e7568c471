#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Health.Collection;
using McpModule.States.Formulas;

namespace McpModule.Health.Definitions
{
    /// The health definitions of a model: each node's own alarms (metric_collector), the alarms
    /// evaluated once for the cluster (remote_collector), the GSE clusters and policies
    /// (aggregator), and the HTTP endpoints to check. Read from the formulas' meta/health.yml and
    /// the nodes' pillars; a name given in several places is merged, later places over earlier
    /// ones (formula metadata, then the node's pillar; nodes in name order).
    internal sealed class ModelHealthDefinitions
    {
        private readonly Dictionary<string, NodeHealthDefinition> _nodes = new Dictionary<string, NodeHealthDefinition>(StringComparer.Ordinal);

        internal IReadOnlyDictionary<string, NodeHealthDefinition> Nodes => _nodes;
        internal NamedDefinitions RemoteTriggers { get; } = new NamedDefinitions("remote_collector", "trigger");
        internal NamedDefinitions RemoteAlarms { get; } = new NamedDefinitions("remote_collector", "alarm");
        internal NamedDefinitions Clusters { get; } = new NamedDefinitions("aggregator", "alarm_cluster");
        internal NamedDefinitions Policies { get; } = new NamedDefinitions("aggregator", "policy");
        internal List<HttpEndpoint> Endpoints { get; } = new List<HttpEndpoint>();
        /// The nodes that can read Ceph's cluster metrics (collector `ceph: true`: the monitors), by
        /// name: a collection reads them on the first of these it collects from, or on the next that
        /// answered when that one did not. Empty without Ceph.
        internal IReadOnlyList<string> CephNodes => _nodes.Values.Where(n => n.CephMonitor).Select(n => n.Node).OrderBy(n => n, StringComparer.Ordinal).ToList();

        /// Reads the definitions of the nodes (each with its pillar and applications).
        internal static ModelHealthDefinitions Load(IEnumerable<PlanInput> nodes, FormulaLibrary library)
        {
            var model = new ModelHealthDefinitions();
            var endpoints = new NamedDefinitions("remote_collector", "endpoint");
            var haproxy = new Dictionary<string, HttpEndpoint>(StringComparer.Ordinal);
            var metaFiles = new HealthMetaFiles(library);
            var sources = new Dictionary<NodeHealthDefinition, List<HealthBlock>>();
            foreach (var node in nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                var definition = new NodeHealthDefinition(node.Name);
                var blocks = new List<HealthBlock>();
                foreach (var formula in node.Applications.Select(a => a.Split('.')[0]).Distinct(StringComparer.Ordinal))
                {
                    var meta = metaFiles.Read(formula, node);
                    if (meta == null) continue;
                    blocks.Add(meta);
                    ReadCollector(meta, formula, definition);
                }
                blocks.AddRange(HealthBlockReader.FromPillar(node.Name, node.Pillar));
                foreach (var block in blocks)
                {
                    definition.Triggers.Add(block);
                    definition.Alarms.Add(block);
                    model.RemoteTriggers.Add(block);
                    model.RemoteAlarms.Add(block);
                    model.Clusters.Add(block);
                    model.Policies.Add(block);
                    endpoints.Add(block);
                }
                foreach (var e in EndpointDefinitions.FromHaproxy(node.Pillar))
                    if (!haproxy.ContainsKey(e.Name)) haproxy[e.Name] = e;
                model._nodes[node.Name] = definition;
                sources[definition] = blocks;
            }
            foreach (var name in endpoints.Names)
                model.Endpoints.Add(endpoints.Read(name, (value, key) => EndpointDefinitions.FromPillar(name, value, key)));
            model.Endpoints.AddRange(haproxy.Values.Where(e => !endpoints.Has(e.Name)));
            model.Validate(sources);
            return model;
        }

        // collector: units (the formula's systemd units, patterns allowed: a list, each under the
        // formula's name as its service, or a mapping of service to units) and ceph (this node
        // reads Ceph's cluster status). Meta files only: a pillar's `collector` key is a service's
        // own (ceilometer:collector).
        private static void ReadCollector(HealthBlock meta, string formula, NodeHealthDefinition definition)
        {
            if (!meta.Map.TryGetValue("collector", out var value) || value == null) return;
            var map = meta.Wrap(() => PillarValues.Map(value, "collector"));
            var units = PillarValues.Get(map, "units");
            if (units is IDictionary<string, object> byService)
                foreach (var entry in byService)
                    AddUnits(meta, entry.Key, meta.Wrap(() => PillarValues.OptionalStrings(byService, entry.Key, "collector:units")), "collector:units:" + entry.Key, definition);
            else
                AddUnits(meta, formula, meta.Wrap(() => PillarValues.OptionalStrings(map, "units", "collector")), "collector:units", definition);
            if (meta.Wrap(() => PillarValues.OptionalBool(map, "ceph", "collector", false))) definition.CephMonitor = true;
        }

        private static void AddUnits(HealthBlock meta, string service, List<string>? units, string key, NodeHealthDefinition definition)
        {
            if (units == null) return;
            for (int i = 0; i < units.Count; i++)
            {
                if (!UnitName.IsValid(units[i]))
                    throw new HealthModelException(meta.Origin, key + ":" + i, "'" + units[i] + "' is not a systemd unit name (letters, digits, :-_.\\@ and * for a pattern).");
                if (!definition.Units.Contains((service, units[i]))) definition.Units.Add((service, units[i]));
            }
        }

        // The same blocks (the same objects) in the same order.
        private sealed class SameBlocks : IEqualityComparer<List<HealthBlock>>
        {
            internal static readonly SameBlocks Instance = new SameBlocks();

            public bool Equals(List<HealthBlock>? x, List<HealthBlock>? y)
            {
                if (ReferenceEquals(x, y)) return true;
                if (x == null || y == null || x.Count != y.Count) return false;
                for (int i = 0; i < x.Count; i++)
                    if (!ReferenceEquals(x[i], y[i])) return false;
                return true;
            }

            public int GetHashCode(List<HealthBlock> blocks)
            {
                int hash = blocks.Count;
                foreach (var block in blocks) hash = hash * 31 + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(block);
                return hash;
            }
        }

        /// A fresh set of the cluster-wide alarms.
        internal List<HealthAlarm> CreateRemoteAlarms() => _remote.Create();

        /// An evaluator over a fresh set of the cluster-wide alarms.
        internal AlarmEvaluator CreateRemoteEvaluator(DateTimeOffset start) => _remote.CreateEvaluator(start);

        private readonly AlarmTemplate _remote;

        private ModelHealthDefinitions()
        {
            _remote = new AlarmTemplate(RemoteAlarms, RemoteTriggers);
        }

        /// The policies clusters can name: StackLight's five defaults, replaced or added to by
        /// aggregator:policy.
        internal Dictionary<string, GsePolicy> CreatePolicies()
        {
            var policies = new Dictionary<string, GsePolicy>(GseDefaultPolicies.All.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
            foreach (var name in Policies.Names)
                policies[name] = Policies.Read(name, (value, key) => GsePolicy.FromPillar(name, value, key));
            return policies;
        }

        /// Fresh GSE clusters in the order they can be evaluated: a cluster after the clusters it
        /// has as members. A cycle is an error naming its clusters.
        internal List<GseCluster> CreateClusters()
        {
            var policies = CreatePolicies();
            var all = Clusters.Names.ToDictionary(n => n, n => Clusters.Read(n, (value, key) => GseCluster.FromPillar(n, value, key, policies)), StringComparer.Ordinal);
            var ordered = new List<GseCluster>();
            var state = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var name in all.Keys) Visit(name, all, state, ordered, new List<string>());
            return ordered;
        }

        private void Visit(string name, Dictionary<string, GseCluster> all, Dictionary<string, int> state, List<GseCluster> ordered, List<string> path)
        {
            state.TryGetValue(name, out var s);
            if (s == 2) return;
            if (s == 1)
            {
                var cycle = path.Skip(path.IndexOf(name)).Concat(new[] { name });
                throw new HealthModelException(Clusters.Origin(name), Clusters.Key(name) + ":" + name + ":members",
                    "clusters are members (or dependencies) of each other: " + string.Join(" -> ", cycle) + ".");
            }
            state[name] = 1;
            path.Add(name);
            // members and dependencies (hints) first: a cluster reads their statuses and reasons
            foreach (var member in all[name].Members.Concat(all[name].Dependencies))
                if (all.ContainsKey(member)) Visit(member, all, state, ordered, path);
            path.RemoveAt(path.Count - 1);
            state[name] = 2;
            ordered.Add(all[name]);
        }

        // Every definition is read once here, so a mistake is found before anything connects. Nodes
        // made of the same blocks (the same formula files read the same, nothing in their pillars)
        // have the same alarms: the first one's are read, the others share them (each evaluation
        // still gets fresh clones).
        private void Validate(Dictionary<NodeHealthDefinition, List<HealthBlock>> sources)
        {
            var first = new Dictionary<List<HealthBlock>, NodeHealthDefinition>(SameBlocks.Instance);
            foreach (var node in _nodes.Values)
            {
                var blocks = sources[node];
                if (first.TryGetValue(blocks, out var same) && node.ShareAlarmsOf(same)) continue;
                node.CreateAlarms();
                if (!first.ContainsKey(blocks)) first[blocks] = node;
            }
            CreateRemoteAlarms();
            CreateClusters();
        }
    }
}
