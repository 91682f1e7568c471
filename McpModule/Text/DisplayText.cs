#nullable enable
using System.Text;

namespace McpModule.Text
{
    /// Text from a user or a file, made safe to put into a message: control characters (a line
    /// break, an escape sequence) shown as \uXXXX, and long text cut.
    internal static class DisplayText
    {
        public static string Printable(string? text, int max = 80)
        {
            if (text == null) return "";
            var sb = new StringBuilder();
            foreach (var c in text.Length > max ? text.Substring(0, max) + "…" : text)
            {
                if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); else sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
