#nullable enable
using System.Collections.Generic;
using System.Linq;

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

        /// Reads the alarms from their definitions (every time: AlarmTemplate keeps them).
        internal static List<HealthAlarm> Create(NamedDefinitions alarms, NamedDefinitions triggers)
        {
            var list = new List<HealthAlarm>();
            foreach (var name in alarms.Names)
            {
                HealthAlarm alarm;
                try
                {
                    alarm = HealthAlarm.FromPillar(name, alarms.Get(name), alarms.Key(name) + ":" + name, triggers.All, triggers.Section + ":" + triggers.Part,
                        t => triggers.Has(t) ? triggers.Key(t) + ":" + t : triggers.Section + ":" + triggers.Part + ":" + t);
                }
                catch (HealthDefinitionException e)
                {
                    // an error in a trigger is where the trigger was given (the alarm may be a formula's, the trigger the pillar's)
                    var trigger = triggers.Names.FirstOrDefault(t => e.Key == triggers.Key(t) + ":" + t || e.Key.StartsWith(triggers.Key(t) + ":" + t + ":", System.StringComparison.Ordinal));
                    throw new HealthModelException(trigger != null ? triggers.Origin(trigger) : alarms.Origin(name), e);
                }
                if (alarm.Enabled) list.Add(alarm);
            }
            return list;
        }

        /// The metrics the node's alarms read (what a collection must bring back for them).
        internal IEnumerable<string> Metrics() =>
            CreateAlarms().SelectMany(a => a.Triggers).SelectMany(t => t.Rules).Select(r => r.Metric).Distinct();
    }
}
