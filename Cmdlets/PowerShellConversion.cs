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
    }
}
