using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;

namespace McpModule.Cmdlets
{
    /// Engine values → what PowerShell users handle best: maps become OrderedDictionary
    /// (key order kept, keys case-insensitive unless two keys differ only by case),
    /// lists become object[]; strings, numbers, booleans and null stay as they are.
    internal static class PowerShellConversion
    {
        public static object ToPowerShell(object value)
        {
            switch (value)
            {
                case null:
                    return null;
                case string _:
                    return value;
                case IDictionary<string, object> map:
                    return ToDictionary(map);
                case IList list:
                    var array = new object[list.Count];
                    for (int i = 0; i < array.Length; i++) array[i] = ToPowerShell(list[i]);
                    return array;
                default:
                    return value;
            }
        }

        private static OrderedDictionary ToDictionary(IDictionary<string, object> map)
        {
            var comparer = HasCaseCollision(map.Keys) ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
            var result = new OrderedDictionary(map.Count, comparer);
            foreach (var pair in map) result.Add(pair.Key, ToPowerShell(pair.Value));
            return result;
        }

        private static bool HasCaseCollision(ICollection<string> keys)
        {
            if (keys.Count < 2) return false;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var key in keys)
                if (!seen.Add(key)) return true;
            return false;
        }

        /// Follows a reclass-style key path ("keystone:server:database:host") into a value;
        /// a numeric segment indexes a list. Returns false with the part that was missing.
        public static bool TrySelect(object root, string key, out object value, out string missingAt)
        {
            value = root;
            missingAt = null;
            if (string.IsNullOrEmpty(key)) return true;
            var segments = key.Split(':');
            for (int i = 0; i < segments.Length; i++)
            {
                var segment = segments[i];
                if (value is IDictionary<string, object> map && map.TryGetValue(segment, out var next))
                {
                    value = next;
                    continue;
                }
                if (value is IList list && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    && index < list.Count)
                {
                    value = list[index];
                    continue;
                }
                missingAt = string.Join(":", segments, 0, i + 1);
                value = null;
                return false;
            }
            return true;
        }
    }
}
