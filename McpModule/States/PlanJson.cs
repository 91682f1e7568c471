using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text;
using System.Text.Json;
using McpModule.States.Formulas;

namespace McpModule.States
{
    /// A node's plan as the JSON the executor reads, written value by value with Utf8JsonWriter
    /// (the platform's precompiled writer) instead of JsonSerializer over object graphs: the
    /// serializer builds and JIT-compiles a converter per runtime type on first use, which a new
    /// process running a state paid on its pipeline thread before any node was contacted. The
    /// text is the serializer's (same writer, same default escaping) for the values a plan holds,
    /// and, unlike it, also for the numbers YAML has and JSON lacks: an integer beyond 64 bits
    /// is written whole and .nan/.inf as NaN/Infinity, which python's json reads as int and float.
    internal static class PlanJson
    {
        public static string Of(NodePlan plan, bool whatIf, NodeRunInfo run)
        {
            using (var buffer = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(buffer))
                {
                    w.WriteStartObject();
                    w.WriteBoolean("whatif", whatIf);
                    w.WritePropertyName("run");
                    if (run == null) w.WriteNullValue();
                    else
                    {
                        w.WriteStartObject();
                        w.WriteString("id", run.RunId);
                        w.WriteString("user", run.User);
                        w.WriteString("host", run.Host);
                        w.WriteEndObject();
                    }
                    w.WriteStartArray("resources");
                    foreach (var r in plan.Resources)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("i", r.Index);
                        w.WriteString("id", r.StateId);
                        w.WriteString("type", r.Type);
                        w.WriteString("fn", r.Function.AsSpan(r.Type.Length + 1));
                        w.WriteString("name", r.Name);
                        w.WritePropertyName("args");
                        Value(w, r.Arguments);
                        Indexes(w, "require", r.Require);
                        Indexes(w, "watch", r.Watch);
                        Indexes(w, "onchanges", r.OnChanges);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
        }

        /// text as a JSON string literal (quotes included), escaped as JsonSerializer escapes a string.
        public static string Literal(string text)
        {
            using (var buffer = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(buffer)) w.WriteStringValue(text);
                return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
        }

        private static void Indexes(Utf8JsonWriter w, string name, IReadOnlyList<int> indexes)
        {
            w.WriteStartArray(name);
            if (indexes != null) foreach (var i in indexes) w.WriteNumberValue(i);
            w.WriteEndArray();
        }

        internal static void Value(Utf8JsonWriter w, object value)
        {
            switch (value)
            {
                case null: w.WriteNullValue(); return;
                case string s: w.WriteStringValue(s); return;
                case bool b: w.WriteBooleanValue(b); return;
                case int i: w.WriteNumberValue(i); return;
                case long l: w.WriteNumberValue(l); return;
                case BigInteger big: w.WriteRawValue(big.ToString(CultureInfo.InvariantCulture), skipInputValidation: true); return;
                case double d: Number(w, d); return;
                case float f: Number(w, f); return;
                case decimal m: w.WriteNumberValue(m); return;
                case IDictionary<string, object> map:
                    w.WriteStartObject();
                    foreach (var kv in map)
                    {
                        w.WritePropertyName(kv.Key);
                        Value(w, kv.Value);
                    }
                    w.WriteEndObject();
                    return;
                case IEnumerable list:
                    w.WriteStartArray();
                    foreach (var item in list) Value(w, item);
                    w.WriteEndArray();
                    return;
                default:
                    // not a value a formula's YAML or the pillar yields: as the serializer writes it
                    JsonSerializer.Serialize(w, value, value.GetType());
                    return;
            }
        }

        private static void Number(Utf8JsonWriter w, double d)
        {
            if (double.IsNaN(d)) w.WriteRawValue("NaN", skipInputValidation: true);
            else if (double.IsPositiveInfinity(d)) w.WriteRawValue("Infinity", skipInputValidation: true);
            else if (double.IsNegativeInfinity(d)) w.WriteRawValue("-Infinity", skipInputValidation: true);
            else w.WriteNumberValue(d);
        }
    }
}
