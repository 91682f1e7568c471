#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace McpModule.Ceph
{
    /// Reading what Ceph's tools print as JSON (ceph-volume, the ceph CLI): fields that may be
    /// missing, numbers printed as strings or floats, and an error that names where the text came
    /// from and shows its end when it is not JSON at all.
    internal static class CephJson
    {
        internal static JsonDocument Open(string json, string source, string what)
        {
            try { return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 }); }
            catch (JsonException e) { throw new FormatException($"{source}: {what} did not print JSON ({e.Message}): {Tail(json)}", e); }
        }

        internal static string Tail(string s) => s.Length <= 300 ? s.Trim() : "..." + s.Substring(s.Length - 300).Trim();

        /// The array at name, or none.
        internal static IEnumerable<JsonElement> Items(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : Enumerable.Empty<JsonElement>();

        /// A string field, or a number's text; "" when missing.
        internal static string Str(JsonElement e, string name) =>
            e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v) ? "" :
            v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.ValueKind == JsonValueKind.Number ? v.GetRawText() : "";

        internal static bool Int(JsonElement e, string name, out int value)
        {
            value = 0;
            return e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out value);
        }

        internal static double Dbl(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) ? d : 0;

        /// A size in bytes; ceph-volume prints them as floats (4294967296.0).
        internal static long Bytes(JsonElement e, string name) => Dbl(e, name) is var d && d >= 0 && d < long.MaxValue ? (long)d : 0;
    }
}
