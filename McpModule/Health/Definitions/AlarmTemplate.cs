#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Health.Definitions
{
    /// Alarms read once from their definitions (a node's metric_collector, or the cluster's
    /// remote_collector) and handed out as fresh clones: reading the pillar maps again for every
    /// evaluation cost more than the evaluation itself. Read again when the definitions change.
    /// A clone shares nothing that changes with the template or with another clone: each rule's
    /// series (its windows) start empty. Templates of nodes with the same definitions may share
    /// what they read (Adopt): it is only ever cloned.
    internal sealed class AlarmTemplate
    {
        private readonly NamedDefinitions _alarms;
        private readonly NamedDefinitions _triggers;
        private Parsed? _parsed;

        private sealed class Parsed
        {
            internal Parsed(List<HealthAlarm> alarms, int alarmsVersion, int triggersVersion)
                : this(alarms, AlarmEvaluator.ReadersOf(alarms), alarmsVersion, triggersVersion)
            {
            }

            internal Parsed(List<HealthAlarm> alarms, Dictionary<string, int[]> readers, int alarmsVersion, int triggersVersion)
            {
                Alarms = alarms;
                Readers = readers;
                AlarmsVersion = alarmsVersion;
                TriggersVersion = triggersVersion;
            }

            internal List<HealthAlarm> Alarms { get; }
            internal Dictionary<string, int[]> Readers { get; }
            internal int AlarmsVersion { get; }
            internal int TriggersVersion { get; }
        }

        internal AlarmTemplate(NamedDefinitions alarms, NamedDefinitions triggers)
        {
            _alarms = alarms;
            _triggers = triggers;
        }

        /// A fresh set of the alarms, in the definitions' order; disabled ones left out. A definition
        /// that cannot be read throws (HealthModelException) each time it is asked for.
        internal List<HealthAlarm> Create() => Clone(Current());

        /// An evaluator over a fresh set of the alarms (what Create gives), its index of which
        /// alarms read which metric taken from the template.
        internal AlarmEvaluator CreateEvaluator(DateTimeOffset start)
        {
            var parsed = Current();
            return new AlarmEvaluator(Clone(parsed), parsed.Readers, start);
        }

        /// Takes the alarms other has read, as read from this template's definitions as they are now:
        /// for definitions known to be the same (made of the same blocks). False when other has
        /// nothing read that still holds.
        internal bool Adopt(AlarmTemplate other)
        {
            var parsed = other._parsed;
            if (parsed == null || parsed.AlarmsVersion != other._alarms.Version || parsed.TriggersVersion != other._triggers.Version) return false;
            _parsed = new Parsed(parsed.Alarms, parsed.Readers, _alarms.Version, _triggers.Version);
            return true;
        }

        private Parsed Current()
        {
            var parsed = _parsed;
            if (parsed == null || parsed.AlarmsVersion != _alarms.Version || parsed.TriggersVersion != _triggers.Version)
            {
                int alarmsVersion = _alarms.Version, triggersVersion = _triggers.Version;
                parsed = new Parsed(Read(_alarms, _triggers), alarmsVersion, triggersVersion);
                _parsed = parsed;
            }
            return parsed;
        }

        // Reads the alarms from their definitions (every time: Current keeps what it reads).
        private static List<HealthAlarm> Read(NamedDefinitions alarms, NamedDefinitions triggers)
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
                    var trigger = triggers.Names.FirstOrDefault(t => e.Key == triggers.Key(t) + ":" + t || e.Key.StartsWith(triggers.Key(t) + ":" + t + ":", StringComparison.Ordinal));
                    throw new HealthModelException(trigger != null ? triggers.Origin(trigger) : alarms.Origin(name), e);
                }
                if (alarm.Enabled) list.Add(alarm);
            }
            return list;
        }

        private static List<HealthAlarm> Clone(Parsed parsed)
        {
            var list = new List<HealthAlarm>(parsed.Alarms.Count);
            foreach (var alarm in parsed.Alarms) list.Add(alarm.Clone());
            return list;
        }
    }
}
