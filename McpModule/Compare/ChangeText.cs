#nullable enable
using McpModule.Model.Data;

namespace McpModule.Compare
{
    /// A value on one line for views and comments: text as it is, anything else as compact JSON,
    /// cut at a length with "…".
    internal static class ChangeText
    {
        public static string Short(object? value, int max)
        {
            if (value == null) return "";
            var text = value is string s ? s : ModelJson.Serialize(value);
            text = text.Replace("\r", "\\r").Replace("\n", "\\n");
            return text.Length <= max ? text : text.Substring(0, max - 1) + "…";
        }
    }
}
