#nullable enable
using System.Collections.Generic;

namespace McpModule.Health.Definitions
{
    /// What one node is checked for: the units its formulas run, whether Ceph's cluster metrics
    /// are read on it, and the alarms it evaluates over its own metrics (metric_collector).
    internal sealed class NodeHealthDefinition
    {
        internal NodeHealthDefinition(string node)
        {
            Node = node;
            _template = new AlarmTemplate(Alarms, Triggers);
        }

        internal string Node { get; }
        internal NamedDefinitions Triggers { get; } = new NamedDefinitions("metric_collector", "trigger");
        internal NamedDefinitions Alarms { get; } = new NamedDefinitions("metric_collector", "alarm");
        /// (service, unit or unit pattern): the formula that runs it and its systemd unit.
        internal List<(string Service, string Unit)> Units { get; } = new List<(string, string)>();
        /// The node can read Ceph's cluster status (a monitor).
        internal bool CephMonitor { get; set; }

        private readonly AlarmTemplate _template;

        /// A fresh set of the node's alarms (alarms keep the values they are given); disabled ones
        /// are left out. Errors name the file or pillar of the alarm.
        internal List<HealthAlarm> CreateAlarms() => _template.Create();

        /// Takes the alarms other has read as its own, for a node whose definitions are made of the
        /// same blocks; false when other has none read (or read from definitions since changed).
        internal bool ShareAlarmsOf(NodeHealthDefinition other) => _template.Adopt(other._template);

        /// An evaluator over a fresh set of the node's alarms (CreateAlarms').
        internal AlarmEvaluator CreateEvaluator(System.DateTimeOffset start) => _template.CreateEvaluator(start);
    }
}
