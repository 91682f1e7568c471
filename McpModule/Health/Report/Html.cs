#nullable enable
using System.Text;

namespace McpModule.Health.Report
{
    /// Text of the model (node, alarm and cluster names, messages, reasons) as HTML text or an
    /// attribute value: a name or message can hold &lt; &gt; &amp; " ' and must stay text.
    internal static class Html
    {
        internal static string Escape(string? text)
        {
            if (string.IsNullOrEmpty(text)) return "";
            var result = new StringBuilder(text!.Length + 16);
            foreach (var c in text)
            {
                switch (c)
                {
                    case '&': result.Append("&amp;"); break;
                    case '<': result.Append("&lt;"); break;
                    case '>': result.Append("&gt;"); break;
                    case '"': result.Append("&quot;"); break;
                    case '\'': result.Append("&#39;"); break;
                    // a title attribute keeps its lines (the reasons of a cell, one a line)
                    case '\n': result.Append("&#10;"); break;
                    case '\r': break;
                    default:
                        // other control characters are not allowed in HTML text
                        if (c < ' ' && c != '\t') result.Append(' ');
                        else result.Append(c);
                        break;
                }
            }
            return result.ToString();
        }
    }
}
