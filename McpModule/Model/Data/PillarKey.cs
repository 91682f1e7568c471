using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace McpModule.Model.Data
{
    /// Salt-style key paths into rendered parameters ("keystone:server:database").
    internal static class PillarKey
    {
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

        /// The value at a path of keys (no list positions), or null where a key is missing or
        /// a step is not a dictionary. Takes PowerShell's hashtables too.
        public static object Get(object root, params string[] keys)
        {
            var value = root;
            foreach (var key in keys)
            {
                if (value is IDictionary<string, object> map && map.TryGetValue(key, out var next)) value = next;
                else if (value is IDictionary legacy && legacy.Contains(key)) value = legacy[key];
                else return null;
            }
            return value;
        }

        /// A scalar as text, as Python's str() spells it; null for nothing or a container.
        public static string Text(object value) =>
            value == null || value is IDictionary || (value is IList && !(value is string)) ? null
            : value as string ?? PythonFormat.Str(value);
    }
}
