using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace McpModule.States.Formulas
{
    /// What the planner checks of an apt_repo declaration before anything reaches a node: the
    /// name must make a sources.list.d file name, and the source must be a one-line APT source
    /// ("deb [options] uri dist components", or uri/dist/components apart) that apt would read.
    /// The executor parses the same shape again on the node (mcp_state.py, apt_source).
    internal static class AptRepoArguments
    {
        private static readonly Regex FileName = new Regex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]*\z", RegexOptions.CultureInvariant);
        private static readonly Regex Uri = new Regex(@"^[a-z][a-z0-9+.-]*:\S+\z", RegexOptions.CultureInvariant);
        private static readonly Regex Option = new Regex(@"^[a-z][a-z-]*=[^\s\]]+\z", RegexOptions.CultureInvariant);

        public static (string ErrorId, string Message) Check(string name, IDictionary<string, object> args)
        {
            if (!FileName.IsMatch(name ?? ""))
                return ("Mcp.State.InvalidDeclaration", $"apt_repo name '{name}' cannot name /etc/apt/sources.list.d/<name>.list (letters, digits, '_', '.', '-').");
            if (!args.ContainsKey("source") && !args.ContainsKey("uri")) return (null, null);   // apt_repo.absent
            string uri, dist;
            List<string> components;
            if (args.TryGetValue("source", out var s))
            {
                foreach (var apart in new[] { "dist", "components" })
                    if (args.ContainsKey(apart)) return ("Mcp.State.InvalidDeclaration", $"apt_repo takes '{apart}' with 'uri', not with 'source' (the source line has its own).");
                var words = (Convert.ToString(s, CultureInfo.InvariantCulture) ?? "").Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).ToList();
                if (words.Count > 0 && (words[0] == "deb" || words[0] == "deb-src")) words.RemoveAt(0);
                if (words.Count > 0 && words[0].StartsWith("[", StringComparison.Ordinal))
                {
                    var end = words.FindIndex(w => w.EndsWith("]", StringComparison.Ordinal));
                    if (end < 0) return ("Mcp.State.InvalidDeclaration", $"apt_repo source '{s}': the options '[' are not closed with ']'.");
                    var options = string.Join(" ", words.Take(end + 1)).Trim('[', ']', ' ').Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                    var bad = options.FirstOrDefault(o => !Option.IsMatch(o));
                    if (bad != null) return ("Mcp.State.InvalidDeclaration", $"apt_repo source '{s}': the option '{bad}' is not key=value.");
                    words.RemoveRange(0, end + 1);
                }
                if (words.Count < 2) return ("Mcp.State.InvalidDeclaration", $"apt_repo source '{s}' is not 'deb [options] uri dist [components]'.");
                uri = words[0]; dist = words[1]; components = words.Skip(2).ToList();
            }
            else
            {
                uri = Convert.ToString(args["uri"], CultureInfo.InvariantCulture);
                if (!args.TryGetValue("dist", out var d) || d == null)
                    return ("Mcp.State.MissingArgument", "apt_repo with 'uri' needs 'dist' (a suite such as bookworm, or ./ for a flat repository).");
                dist = Convert.ToString(d, CultureInfo.InvariantCulture);
                components = !args.TryGetValue("components", out var c) || c == null ? new List<string>()
                    : c is string text ? text.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries).ToList()
                    : c is IEnumerable list ? list.Cast<object>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture)).ToList()
                    : new List<string> { Convert.ToString(c, CultureInfo.InvariantCulture) };
            }
            if (!Uri.IsMatch(uri ?? "")) return ("Mcp.State.InvalidDeclaration", $"apt_repo '{name}': '{uri}' is not a repository URI (http://..., https://..., file:/...).");
            var flat = dist.EndsWith("/", StringComparison.Ordinal);
            if (flat && components.Count > 0) return ("Mcp.State.InvalidDeclaration", $"apt_repo '{name}': a flat repository (dist '{dist}') takes no components.");
            if (!flat && components.Count == 0) return ("Mcp.State.InvalidDeclaration", $"apt_repo '{name}': dist '{dist}' needs components (main, ...); a flat repository's dist ends with '/'.");
            if (args.TryGetValue("trusted", out var t) && t != null && !(t is bool) && !new[] { "yes", "no", "true", "false" }.Contains(Convert.ToString(t, CultureInfo.InvariantCulture).ToLowerInvariant()))
                return ("Mcp.State.InvalidDeclaration", $"apt_repo '{name}': trusted is true or false, not '{t}'.");
            return (null, null);
        }
    }
}
