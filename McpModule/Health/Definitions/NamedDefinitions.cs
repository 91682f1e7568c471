#nullable enable
using System.Collections.Generic;
using McpModule.Model.Data;

namespace McpModule.Health.Definitions
{
    /// Definitions of one kind (triggers, alarms, clusters, policies) by name, each merged from
    /// every block that gives it, in the order the blocks come; remembers where each name was last
    /// given so an error names that file or pillar.
    internal sealed class NamedDefinitions
    {
        private readonly OrderedMap _maps = new OrderedMap();
        private readonly Dictionary<string, (string Origin, string Key)> _where = new Dictionary<string, (string, string)>(System.StringComparer.Ordinal);

        internal NamedDefinitions(string section, string part)
        {
            Section = section;
            Part = part;
        }

        internal string Section { get; }
        internal string Part { get; }

        internal void Add(HealthBlock block)
        {
            var section = block.Section(Section, Part);
            if (section == null) return;
            Version++;
            foreach (var entry in section)
            {
                _maps[entry.Key] = _maps.TryGetValue(entry.Key, out var old) ? DefinitionMerge.Merge(old, entry.Value)! : DefinitionMerge.Merge(null, entry.Value)!;
                _where[entry.Key] = (block.Origin, block.Key(Section) + ":" + Part);
            }
        }

        internal void AddAll(NamedDefinitions other)
        {
            Version++;
            foreach (var name in other.Names)
            {
                _maps[name] = _maps.TryGetValue(name, out var old) ? DefinitionMerge.Merge(old, other._maps[name])! : other._maps[name];
                _where[name] = other._where[name];
            }
        }

        /// Counts the changes (Add, AddAll): what was read from the definitions at one version
        /// holds while it stays.
        internal int Version { get; private set; }

        internal IEnumerable<string> Names => _maps.Keys;
        internal int Count => _maps.Count;
        internal bool Has(string name) => _maps.ContainsKey(name);
        internal object Get(string name) => _maps[name];
        /// The mapping of every definition, by name: what HealthAlarm.FromPillar looks triggers up in.
        internal IDictionary<string, object> All => _maps;

        internal string Origin(string name) => _where[name].Origin;
        /// The key of the mapping that holds the name (heka:metric_collector:trigger).
        internal string Key(string name) => _where[name].Key;

        /// Runs read over one definition; its errors name the file or pillar it came from.
        internal T Read<T>(string name, System.Func<object, string, T> read)
        {
            try { return read(_maps[name], Key(name) + ":" + name); }
            catch (HealthDefinitionException e) { throw new HealthModelException(Origin(name), e); }
        }
    }
}
