#nullable enable
using System.Collections;
using System.Collections.Generic;
using McpModule.Model.Data;

namespace McpModule.Health.Definitions
{
    /// Merges a definition over another of the same name the way reclass merges parameters:
    /// mappings merge key by key, anything else (lists, scalars) replaces. So a model changes a
    /// built-in trigger's threshold by giving only `rules`, or turns an alarm off with `enabled: false`.
    internal static class DefinitionMerge
    {
        internal static object? Merge(object? under, object? over)
        {
            if (under is IDictionary<string, object> a && over is IDictionary<string, object> b)
            {
                var result = Copy(a);
                foreach (var entry in b)
                    result[entry.Key] = result.TryGetValue(entry.Key, out var old) ? Merge(old, entry.Value)! : Copy(entry.Value)!;
                return result;
            }
            return Copy(over);
        }

        /// A deep copy, so merging never changes the pillar it read.
        internal static OrderedMap Copy(IDictionary<string, object> map)
        {
            var copy = new OrderedMap();
            foreach (var entry in map) copy[entry.Key] = Copy(entry.Value)!;
            return copy;
        }

        private static object? Copy(object? value)
        {
            switch (value)
            {
                case IDictionary<string, object> map: return Copy(map);
                case string _: return value;
                case IList list:
                    var copy = new List<object>(list.Count);
                    foreach (var item in list) copy.Add(Copy(item)!);
                    return copy;
                default: return value;
            }
        }
    }
}
