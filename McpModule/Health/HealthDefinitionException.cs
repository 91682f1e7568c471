#nullable enable
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace McpModule.Health
{
    /// An alarm, trigger, cluster or policy definition the engine cannot use; the message names the
    /// pillar key at fault (heka:metric_collector:trigger:cpu_critical:rules:0:window).
    internal sealed class HealthDefinitionException : Exception
    {
        internal HealthDefinitionException(string key, string problem) : base(key + ": " + problem)
        {
            Key = key;
        }

        /// The pillar key at fault, its parts joined by ':'.
        internal string Key { get; }
    }

    /// Reads the values of a definition (an OrderedMap of pillar data), each error naming its key.
    internal static class PillarValues
    {
        internal static IDictionary<string, object> Map(object? value, string key)
        {
            if (value is IDictionary<string, object> map) return map;
            throw new HealthDefinitionException(key, "expected a mapping, found " + Describe(value) + ".");
        }

        internal static object? Get(IDictionary<string, object> map, string name) =>
            map.TryGetValue(name, out var value) ? value : null;

        internal static string? OptionalString(IDictionary<string, object> map, string name, string key)
        {
            var value = Get(map, name);
            if (value == null) return null;
            if (value is string s) return s;
            throw new HealthDefinitionException(key + ":" + name, "expected a string, found " + Describe(value) + ".");
        }

        internal static string RequiredString(IDictionary<string, object> map, string name, string key)
        {
            var value = OptionalString(map, name, key);
            if (string.IsNullOrEmpty(value)) throw new HealthDefinitionException(key + ":" + name, "is missing.");
            return value!; // checked just above; netstandard2.0's IsNullOrEmpty carries no annotation
        }

        /// A number as Lua's `x + 0` reads it: an integer, a float, or a string that holds one.
        internal static double? OptionalNumber(IDictionary<string, object> map, string name, string key)
        {
            var value = Get(map, name);
            switch (value)
            {
                case null: return null;
                case long l: return l;
                case int i: return i;
                case double d: return d;
                case string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed): return parsed;
                default: throw new HealthDefinitionException(key + ":" + name, "expected a number, found " + Describe(value) + ".");
            }
        }

        internal static double RequiredNumber(IDictionary<string, object> map, string name, string key) =>
            OptionalNumber(map, name, key) ?? throw new HealthDefinitionException(key + ":" + name, "is missing.");

        internal static bool OptionalBool(IDictionary<string, object> map, string name, string key, bool defaultValue)
        {
            var value = Get(map, name);
            switch (value)
            {
                case null: return defaultValue;
                case bool b: return b;
                case string s when s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("enabled", StringComparison.OrdinalIgnoreCase): return true;
                case string s when s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("disabled", StringComparison.OrdinalIgnoreCase): return false;
                default: throw new HealthDefinitionException(key + ":" + name, "expected true or false, found " + Describe(value) + ".");
            }
        }

        /// A list of strings; null when the key is absent.
        internal static List<string>? OptionalStrings(IDictionary<string, object> map, string name, string key)
        {
            var value = Get(map, name);
            if (value == null) return null;
            if (!(value is IList list) || value is string)
                throw new HealthDefinitionException(key + ":" + name, "expected a list, found " + Describe(value) + ".");
            var result = new List<string>();
            for (int i = 0; i < list.Count; i++)
            {
                if (!(list[i] is string s)) throw new HealthDefinitionException(key + ":" + name + ":" + i.ToString(CultureInfo.InvariantCulture), "expected a string, found " + Describe(list[i]) + ".");
                result.Add(s);
            }
            return result;
        }

        /// A mapping of strings (fields, dimension, match); empty when the key is absent. Numbers
        /// and booleans are taken as their text, as Lua's string.format would print them.
        internal static List<KeyValuePair<string, string>> StringMap(IDictionary<string, object> map, string name, string key)
        {
            var result = new List<KeyValuePair<string, string>>();
            var value = Get(map, name);
            if (value == null) return result;
            foreach (var entry in Map(value, key + ":" + name))
            {
                string text;
                switch (entry.Value)
                {
                    case string s: text = s; break;
                    case long l: text = l.ToString(CultureInfo.InvariantCulture); break;
                    case double d: text = d.ToString("R", CultureInfo.InvariantCulture); break;
                    case bool b: text = b ? "true" : "false"; break;
                    default: throw new HealthDefinitionException(key + ":" + name + ":" + entry.Key, "expected a string, found " + Describe(entry.Value) + ".");
                }
                result.Add(new KeyValuePair<string, string>(entry.Key, text));
            }
            return result;
        }

        internal static IList List(IDictionary<string, object> map, string name, string key)
        {
            var value = Get(map, name);
            if (value is IList list && !(value is string)) return list;
            if (value == null) throw new HealthDefinitionException(key + ":" + name, "is missing.");
            throw new HealthDefinitionException(key + ":" + name, "expected a list, found " + Describe(value) + ".");
        }

        internal static string Describe(object? value)
        {
            switch (value)
            {
                case null: return "nothing";
                case string s: return "'" + s + "'";
                case bool _: return "a boolean";
                case long _: case int _: case double _: return "a number";
                case IDictionary<string, object> _: return "a mapping";
                case IList _: return "a list";
                default: return value.GetType().Name;
            }
        }
    }
}
