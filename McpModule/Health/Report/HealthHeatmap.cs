#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Health.Report
{
    /// What a health report shows, from the statuses Get-McpHealth returns (any levels, with their
    /// Members down to the alarms): nodes by services, each cell the worst of the service's alarms
    /// on that node; the services' and clusters' own statuses; counts per status.
    ///
    /// Which alarm belongs to which service is read from the tree, not from names: a service's
    /// Members are the alarm statuses its policy counted (HealthEvaluator), each with its Node. A
    /// service that lists an alarm of a node is that node's column; an alarm no service given lists
    /// still shows, in a column of its own. Given alarms only (-Level Alarm), the columns are the alarms.
    internal sealed class HealthHeatmap
    {
        /// The name of the column of alarms no service given holds.
        internal const string NoServiceColumn = "(no service)";

        private HealthHeatmap(List<HeatmapRow> rows, List<HeatmapColumn> columns, List<McpHealthStatus> services, List<McpHealthStatus> clusters,
            bool columnsAreAlarms, DateTimeOffset? timestamp, string modelPath)
        {
            Rows = rows;
            Columns = columns;
            Services = services;
            Clusters = clusters;
            ColumnsAreAlarms = columnsAreAlarms;
            Timestamp = timestamp;
            ModelPath = modelPath;
        }

        /// Cluster-wide alarms first, then the nodes by name.
        internal IReadOnlyList<HeatmapRow> Rows { get; }
        internal IReadOnlyList<HeatmapColumn> Columns { get; }
        /// The Service-level statuses given or reached through Members, by name.
        internal IReadOnlyList<McpHealthStatus> Services { get; }
        /// The Cluster-level statuses, by name.
        internal IReadOnlyList<McpHealthStatus> Clusters { get; }
        /// True when no service was given and each column is one alarm.
        internal bool ColumnsAreAlarms { get; }
        /// The newest evaluation time of the statuses; null when none has one.
        internal DateTimeOffset? Timestamp { get; }
        internal string ModelPath { get; }

        internal static HealthHeatmap From(IEnumerable<McpHealthStatus> statuses)
        {
            var byKey = Flatten(statuses);
            var all = byKey.Values.ToList();
            var alarms = all.Where(s => s.Level == McpHealthLevel.Alarm).ToList();
            var nodes = all.Where(s => s.Level == McpHealthLevel.Node).ToList();
            var services = all.Where(s => s.Level == McpHealthLevel.Service).OrderBy(s => s.Entity, StringComparer.Ordinal).ToList();
            var clusters = all.Where(s => s.Level == McpHealthLevel.Cluster).OrderBy(s => s.Entity, StringComparer.Ordinal).ToList();

            // A cluster whose members are services and alarms both holds alarms too: a column as well.
            var columns = all.Where(s => (s.Level == McpHealthLevel.Service || s.Level == McpHealthLevel.Cluster) && s.Members.Any(m => m.Level == McpHealthLevel.Alarm))
                .OrderBy(s => s.Entity, StringComparer.Ordinal)
                .Select(s => new HeatmapColumn(s.Entity, s, s.Members.Where(m => m.Level == McpHealthLevel.Alarm).Select(m => byKey[Key(m)]).Distinct().ToList()))
                .ToList();
            var columnsAreAlarms = columns.Count == 0;
            if (columnsAreAlarms)
            {
                columns = alarms.GroupBy(a => a.Entity, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new HeatmapColumn(g.Key, null, g.ToList())).ToList();
            }
            else
            {
                var held = new HashSet<McpHealthStatus>(columns.SelectMany(c => c.Alarms));
                var loose = alarms.Where(a => !held.Contains(a)).ToList();
                if (loose.Count > 0) columns.Add(new HeatmapColumn(NoServiceColumn, null, loose));
            }

            var nodeStatuses = new Dictionary<string, McpHealthStatus>(StringComparer.Ordinal);
            foreach (var n in nodes)
                if (!nodeStatuses.ContainsKey(n.Entity)) nodeStatuses[n.Entity] = n;
            var names = new SortedSet<string>(nodeStatuses.Keys, StringComparer.Ordinal);
            foreach (var a in alarms) names.Add(a.Node);
            var alarmsOfNode = alarms.ToLookup(a => a.Node, StringComparer.Ordinal);
            var byColumn = columns.Select(c => c.Alarms.ToLookup(a => a.Node, StringComparer.Ordinal)).ToList();
            var rows = new List<HeatmapRow>();
            foreach (var name in names)
            {
                McpHealthState? status = null;
                if (nodeStatuses.TryGetValue(name, out var given)) status = given.Status;
                else foreach (var a in alarmsOfNode[name]) status = HealthStatuses.Worst(status, a.Status);
                var row = new HeatmapRow(name, given, status);
                for (int i = 0; i < columns.Count; i++)
                    row.Cells.Add(new HeatmapCell(row, columns[i], byColumn[i][name].ToList()));
                rows.Add(row);
            }

            DateTimeOffset? newest = null;
            foreach (var s in all)
                if (s.Timestamp != default && (newest == null || s.Timestamp > newest)) newest = s.Timestamp;
            var modelPath = all.Select(s => s.ModelPath).FirstOrDefault(p => !string.IsNullOrEmpty(p)) ?? "";
            return new HealthHeatmap(rows, columns, services, clusters, columnsAreAlarms, newest, modelPath);
        }

        /// How many nodes (rows with a node), services and clusters have each status.
        internal IReadOnlyDictionary<McpHealthState, int> Count(McpHealthLevel level)
        {
            IEnumerable<McpHealthState> statuses;
            switch (level)
            {
                case McpHealthLevel.Node: statuses = Rows.Where(r => r.Node.Length > 0 && r.Status != null).Select(r => r.Status!.Value); break;
                case McpHealthLevel.Service: statuses = Services.Select(s => s.Status); break;
                case McpHealthLevel.Cluster: statuses = Clusters.Select(s => s.Status); break;
                default: statuses = Columns.SelectMany(c => c.Alarms).Select(a => a.Status); break;
            }
            var counts = StatusColours.LegendOrder.ToDictionary(s => s, _ => 0);
            foreach (var s in statuses) counts[s]++;
            return counts;
        }

        // Every status once: those given and their Members, by level, node and name (statuses that
        // went through Export-Clixml are copies, not the same objects); a loop of Members ends.
        private static OrderedStatuses Flatten(IEnumerable<McpHealthStatus> statuses)
        {
            var all = new OrderedStatuses();
            var pending = new Stack<McpHealthStatus>(statuses.Where(s => s != null).Reverse());
            while (pending.Count > 0)
            {
                var s = pending.Pop();
                if (!all.TryAdd(Key(s), s)) continue;
                for (int i = s.Members.Count - 1; i >= 0; i--)
                    if (s.Members[i] != null) pending.Push(s.Members[i]);
            }
            return all;
        }

        private static string Key(McpHealthStatus s) => ((int)s.Level).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n" + s.Node + "\n" + s.Entity;

        // The statuses by key, in the order first seen.
        private sealed class OrderedStatuses
        {
            private readonly Dictionary<string, McpHealthStatus> _byKey = new Dictionary<string, McpHealthStatus>(StringComparer.Ordinal);

            internal List<McpHealthStatus> Values { get; } = new List<McpHealthStatus>();

            /// The first status of a key: a service's member and the node's member are the same
            /// alarm even when they are copies.
            internal McpHealthStatus this[string key] => _byKey[key];

            internal bool TryAdd(string key, McpHealthStatus status)
            {
                if (_byKey.ContainsKey(key)) return false;
                _byKey[key] = status;
                Values.Add(status);
                return true;
            }
        }
    }
}
