#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace McpModule.Health
{
    /// How a cluster groups its facts (`group_by`): by member (one group per member, whatever the
    /// host), by hostname (one group per host, its members' worst status), or, when neither is
    /// given, by member with one fact per member and host.
    internal enum GseGroupBy
    {
        None,
        Member,
        Hostname,
    }

    /// The status of one member (an alarm or another cluster) on one host, with its alerts.
    internal sealed class GseFact
    {
        internal GseFact(string member, string hostname, McpHealthState status, IReadOnlyList<HealthAlert> alerts)
        {
            Member = member;
            Hostname = hostname;
            Status = status;
            Alerts = alerts;
        }

        internal string Member { get; }
        internal string Hostname { get; }
        internal McpHealthState Status { get; }
        internal IReadOnlyList<HealthAlert> Alerts { get; }
    }

    /// A GSE cluster (`aggregator:alarm_cluster:<name>`): a policy, how to group, what its facts
    /// match, its members and the clusters it depends on. gse_cluster.lua's GseCluster.
    internal sealed class GseCluster
    {
        private readonly SortedDictionary<string, SortedDictionary<string, GseFact>> _facts =
            new SortedDictionary<string, SortedDictionary<string, GseFact>>(StringComparer.Ordinal);

        internal GseCluster(string name, GsePolicy policy, IReadOnlyList<string> members, GseGroupBy groupBy = GseGroupBy.None,
            IReadOnlyList<KeyValuePair<string, string>>? match = null, IReadOnlyList<string>? dependencies = null)
        {
            Name = name;
            Policy = policy;
            Members = members;
            GroupBy = groupBy;
            Match = match ?? Array.Empty<KeyValuePair<string, string>>();
            Dependencies = dependencies ?? Array.Empty<string>();
        }

        internal string Name { get; }
        internal GsePolicy Policy { get; }
        internal IReadOnlyList<string> Members { get; }
        internal GseGroupBy GroupBy { get; }
        internal IReadOnlyList<KeyValuePair<string, string>> Match { get; }
        /// Clusters whose alerts this one reports (gse.lua's hints); they do not count in its status.
        internal IReadOnlyList<string> Dependencies { get; }

        /// Reads `alarm_cluster:<name>`; policies are the `policy` mapping, by name.
        internal static GseCluster FromPillar(string name, object? value, string key, IReadOnlyDictionary<string, GsePolicy> policies)
        {
            var map = PillarValues.Map(value, key);
            var policyName = PillarValues.RequiredString(map, "policy", key);
            if (!policies.TryGetValue(policyName, out var policy))
                throw new HealthDefinitionException(key + ":policy", "names policy '" + policyName + "', which is not defined.");
            var groupWord = PillarValues.OptionalString(map, "group_by", key);
            GseGroupBy groupBy;
            switch (groupWord)
            {
                case null: groupBy = GseGroupBy.None; break;
                case "member": groupBy = GseGroupBy.Member; break;
                case "hostname": groupBy = GseGroupBy.Hostname; break;
                default: throw new HealthDefinitionException(key + ":group_by", "'" + groupWord + "' is not 'member' or 'hostname'.");
            }
            var members = PillarValues.OptionalStrings(map, "members", key) ?? throw new HealthDefinitionException(key + ":members", "is missing.");
            var match = PillarValues.StringMap(map, "match", key);
            // `hints` is what salt-formula-heka's clusters call them
            var dependencies = PillarValues.OptionalStrings(map, "dependencies", key) ?? PillarValues.OptionalStrings(map, "hints", key);
            return new GseCluster(name, policy, members, groupBy, match, dependencies);
        }

        internal bool HasMember(string member) => Members.Contains(member);

        /// Records (or replaces) the status of a member on a host (gse_cluster.lua's update_fact).
        internal void UpdateFact(string member, string hostname, McpHealthState status, IReadOnlyList<HealthAlert>? alerts = null)
        {
            string group = member, sub = hostname;
            if (GroupBy == GseGroupBy.Hostname)
            {
                group = hostname;
                sub = member;
            }
            else if (GroupBy == GseGroupBy.Member)
            {
                sub = "__anyhost__";
            }
            if (!_facts.TryGetValue(group, out var facts))
            {
                facts = new SortedDictionary<string, GseFact>(StringComparer.Ordinal);
                _facts[group] = facts;
            }
            facts[sub] = new GseFact(member, hostname, status, alerts ?? Array.Empty<HealthAlert>());
        }

        /// The count of groups per status: each group's status is the worst of its facts (unknown
        /// when it has none better).
        internal Dictionary<McpHealthState, int> StatusBreakdown()
        {
            var breakdown = new Dictionary<McpHealthState, int>();
            foreach (var group in _facts.Values)
            {
                McpHealthState status = McpHealthState.Unknown;
                foreach (var fact in group.Values)
                    status = HealthStatuses.Worst(status, fact.Status) ?? status;
                breakdown[status] = breakdown.TryGetValue(status, out var n) ? n + 1 : 1;
            }
            return breakdown;
        }

        /// gse_cluster.lua's refresh_status: the policy's status over the breakdown (unknown when no
        /// rule matches), and, unless okay, the alerts of every fact that is not okay, in the order
        /// of their group and sub keys.
        internal (McpHealthState Status, List<GseFact> Causes) Evaluate()
        {
            var status = Policy.Evaluate(StatusBreakdown());
            var causes = new List<GseFact>();
            if (status != McpHealthState.Okay)
                foreach (var group in _facts.Values)
                    causes.AddRange(group.Values.Where(f => f.Status != McpHealthState.Okay));
            return (status, causes);
        }

        public override string ToString() => Name + " (" + Policy.Name + ", " + GroupBy.ToString().ToLower(CultureInfo.InvariantCulture) + ")";
    }
}
