#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Health.Definitions;
// An alarm's dimension: what a cluster's match reads (kept rather than the alarm, whose windows
// can then go as soon as its node is evaluated).
using Dimension = System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, string>>;

namespace McpModule.Health.Evaluation
{
    /// StackLight's last two stages over a model's definitions: each node's alarms (and the
    /// cluster-wide ones) over the metrics given, then the GSE clusters over the alarms' statuses,
    /// clusters of clusters after their members. No initial wait: a collection is complete when it
    /// is evaluated, unlike a collector that has just started.
    internal sealed class HealthEvaluator
    {
        private static readonly DateTimeOffset Epoch = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private readonly ModelHealthDefinitions _definitions;

        internal HealthEvaluator(ModelHealthDefinitions definitions)
        {
            _definitions = definitions;
        }

        /// Every status at time now from the metrics (in any order; the ones of nodes not in nodes
        /// are left out). nodes null: every node of the definitions.
        internal HealthReport Evaluate(IEnumerable<McpMetric> metrics, DateTimeOffset now, IReadOnlyCollection<string>? nodes = null)
        {
            var byNode = new Dictionary<string, List<McpMetric>>(StringComparer.Ordinal);
            foreach (var metric in metrics)
            {
                var node = metric.Node ?? "";
                if (!byNode.TryGetValue(node, out var list)) byNode[node] = list = new List<McpMetric>();
                list.Add(metric);
            }
            var report = new HealthReport(now);
            var alarms = new List<(McpHealthStatus Status, Dimension? Dimension)>();
            foreach (var definition in _definitions.Nodes.Values)
            {
                if (nodes != null && !nodes.Contains(definition.Node)) continue;
                var statuses = EvaluateAlarms(definition.CreateEvaluator(Epoch), byNode.TryGetValue(definition.Node, out var m) ? m : null, now, definition.Node);
                alarms.AddRange(statuses.Select(s => (s.Status, (Dimension?)s.Alarm.Dimension)));
                report.Nodes.Add(NodeStatus(definition.Node, statuses.Select(s => s.Status).ToList(), now));
            }
            var remote = EvaluateAlarms(_definitions.CreateRemoteEvaluator(Epoch), byNode.TryGetValue("", out var r) ? r : null, now, "");
            alarms.AddRange(remote.Select(s => (s.Status, (Dimension?)s.Alarm.Dimension)));
            report.ClusterAlarms.AddRange(remote.Select(s => s.Status));
            EvaluateClusters(alarms, new Dictionary<string, McpHealthStatus>(StringComparer.Ordinal), report);
            return report;
        }

        /// The GSE clusters over statuses given (alarms, nodes with their alarms, services): a
        /// recorded evaluation replayed, or statuses from elsewhere. A service or cluster given is
        /// taken as it is, not evaluated again.
        internal HealthReport EvaluateStatuses(IEnumerable<McpHealthStatus> given, DateTimeOffset now)
        {
            var report = new HealthReport(now);
            var alarms = new List<(McpHealthStatus, Dimension?)>();
            var preset = new Dictionary<string, McpHealthStatus>(StringComparer.Ordinal);
            foreach (var status in given)
            {
                switch (status.Level)
                {
                    case McpHealthLevel.Alarm: alarms.Add((status, null)); break;
                    case McpHealthLevel.Node:
                        report.Nodes.Add(status);
                        alarms.AddRange(status.Members.Where(a => a.Level == McpHealthLevel.Alarm).Select(a => (a, (Dimension?)null)));
                        break;
                    default: preset[status.Entity] = status; break;
                }
            }
            EvaluateClusters(alarms, preset, report);
            return report;
        }

        private static List<(McpHealthStatus Status, HealthAlarm Alarm)> EvaluateAlarms(AlarmEvaluator evaluator, List<McpMetric>? metrics, DateTimeOffset now, string node)
        {
            if (metrics != null)
                foreach (var metric in InTimeOrder(metrics)) evaluator.Add(metric);
            var result = new List<(McpHealthStatus, HealthAlarm)>();
            foreach (var (alarm, status, alerts) in evaluator.Evaluate(now))
            {
                // An alarm none of whose triggers said anything (no_data_policy skip) reports nothing, as in StackLight.
                if (status == null) continue;
                result.Add((new McpHealthStatus
                {
                    Level = McpHealthLevel.Alarm,
                    Entity = alarm.Name,
                    Node = node,
                    Status = status.Value,
                    Reasons = alerts.Select(a => HealthReasons.From(a, alarm.Name, node, status.Value)).ToList(),
                    Timestamp = now,
                }, alarm));
            }
            return result;
        }

        // Oldest first, metrics of the same time in the order given (a stable sort); a collection's
        // metrics mostly come in that order already.
        private static IEnumerable<McpMetric> InTimeOrder(List<McpMetric> metrics)
        {
            for (int i = 1; i < metrics.Count; i++)
                if (metrics[i].Timestamp < metrics[i - 1].Timestamp) return metrics.OrderBy(x => x.Timestamp);
            return metrics;
        }

        private static McpHealthStatus NodeStatus(string node, List<McpHealthStatus> alarms, DateTimeOffset now)
        {
            McpHealthState? worst = null;
            foreach (var a in alarms) worst = HealthStatuses.Worst(worst, a.Status);
            var status = worst ?? McpHealthState.Unknown;
            return new McpHealthStatus
            {
                Level = McpHealthLevel.Node,
                Entity = node,
                Status = status,
                Reasons = HealthReasons.OfNode(alarms, status),
                Members = alarms,
                Timestamp = now,
            };
        }

        private void EvaluateClusters(List<(McpHealthStatus Status, Dimension? Dimension)> alarms, Dictionary<string, McpHealthStatus> preset, HealthReport report)
        {
            var done = new Dictionary<string, McpHealthStatus>(preset, StringComparer.Ordinal);
            // The alarm statuses by alarm name, in the order given: what a cluster's members name.
            var byAlarm = new Dictionary<string, List<(McpHealthStatus Status, Dimension? Dimension)>>(StringComparer.Ordinal);
            foreach (var entry in alarms)
            {
                if (entry.Status.Entity == null) continue;
                if (!byAlarm.TryGetValue(entry.Status.Entity, out var same)) byAlarm[entry.Status.Entity] = same = new List<(McpHealthStatus, Dimension?)>();
                same.Add(entry);
            }
            foreach (var cluster in _definitions.CreateClusters())
            {
                if (preset.TryGetValue(cluster.Name, out var given))
                {
                    (given.Level == McpHealthLevel.Cluster ? report.Clusters : report.Services).Add(given);
                    continue;
                }
                var facts = new Dictionary<(string Member, string Host), McpHealthStatus>();
                bool ofClusters = false;
                foreach (var member in cluster.Members)
                {
                    if (done.TryGetValue(member, out var inner))
                    {
                        ofClusters = true;
                        cluster.UpdateFact(member, "", inner.Status);
                        facts[(member, "")] = inner;
                        continue;
                    }
                    if (!byAlarm.TryGetValue(member, out var statuses)) continue;
                    foreach (var (status, dimension) in statuses)
                    {
                        if (!Matches(cluster, dimension)) continue;
                        cluster.UpdateFact(member, status.Node, status.Status);
                        facts[(member, status.Node)] = status;
                    }
                }
                var (result, causes) = cluster.Evaluate();
                var members = facts.Values.ToList();
                var reasons = HealthReasons.Of(causes.Select(c => facts.TryGetValue((c.Member, c.Hostname), out var s) ? s : null).Where(s => s != null)!);
                // gse.lua's hints: a cluster that is not okay also reports the reasons of the clusters
                // it depends on that it does not have already; they do not change its status.
                if (result != McpHealthState.Okay)
                    foreach (var dependency in cluster.Dependencies)
                        if (done.TryGetValue(dependency, out var other))
                            reasons.AddRange(other.Reasons.Where(r => !reasons.Any(x => HealthReasons.Same(x, r))).Select(r => HealthReasons.From(r, dependency)));
                var evaluated = new McpHealthStatus
                {
                    Level = ofClusters ? McpHealthLevel.Cluster : McpHealthLevel.Service,
                    Entity = cluster.Name,
                    Status = result,
                    Policy = cluster.Policy.Name,
                    Members = members,
                    Reasons = reasons,
                    Timestamp = report.Timestamp,
                };
                done[cluster.Name] = evaluated;
                (ofClusters ? report.Clusters : report.Services).Add(evaluated);
            }
        }

        // A cluster's match: the alarm's dimension has each of its fields with the same value
        // (StackLight's GSE filters select the AFD metrics by their fields). Statuses given without
        // their alarm have no dimension to check.
        private static bool Matches(GseCluster cluster, Dimension? dimension)
        {
            if (cluster.Match.Count == 0 || dimension == null) return true;
            return cluster.Match.All(m => dimension.Any(d => d.Key == m.Key && d.Value == m.Value));
        }
    }
}
