#nullable enable
using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using McpModule.Execution;

namespace McpModule.Health.Collection
{
    /// The script one node runs for a collection (collect-node.sh, embedded), its request as shell
    /// variables at the top. Sent as ShellQuote.ScriptCommand's input; NodeCollectionParser reads its output.
    internal static class NodeCollectorScript
    {
        internal const int MaxUnits = 500;
        internal const int MaxLogWindowSeconds = 7 * 24 * 3600;

        // Service names become a dimension and a field of the output: no tab, no line break, no quote.
        // (\z, not $: $ also matches before a last newline, and let "ssh\n" through.)
        private static readonly Regex ServiceName = new Regex(@"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}\z", RegexOptions.CultureInvariant);

        // systemd's unit name characters (unit-name.c VALID_CHARS) and the glob characters of its patterns.
        private static readonly Regex UnitName = new Regex(@"^[A-Za-z0-9:_.\\@*?\[\]-]{1,256}\z", RegexOptions.CultureInvariant);

        private static readonly string[] UnitTypes =
            { "service", "socket", "target", "device", "mount", "automount", "swap", "timer", "path", "slice", "scope" };

        private static readonly Lazy<string> Body = new Lazy<string>(() =>
        {
            using var s = typeof(NodeCollectorScript).GetTypeInfo().Assembly.GetManifestResourceStream("health/collect-node.sh")
                ?? throw new InvalidOperationException("The health collector script is not in the engine assembly.");
            using var r = new StreamReader(s);
            return r.ReadToEnd();
        });

        internal static string Build(NodeCollectorRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (request.Units.Count > MaxUnits)
                throw new ArgumentException($"A node's collection covers at most {MaxUnits} units; {request.Units.Count} were asked for.", nameof(request));
            if (request.LogWindowSeconds < 1 || request.LogWindowSeconds > MaxLogWindowSeconds)
                throw new ArgumentException($"The log window is 1 to {MaxLogWindowSeconds} seconds, not {request.LogWindowSeconds}.", nameof(request));

            var units = new StringBuilder();
            foreach (var u in request.Units)
            {
                if (u == null || !ServiceName.IsMatch(u.Service ?? ""))
                    throw new ArgumentException($"Not a service name: '{Printable(u?.Service)}' (letters, digits, _ . : -; at most 64).", nameof(request));
                if (!UnitName.IsMatch(u.UnitPattern ?? ""))
                    throw new ArgumentException($"Not a unit name or pattern: '{Printable(u.UnitPattern)}' (systemd's unit name characters and * ? [ ]).", nameof(request));
                if (units.Length > 0) units.Append('\n');
                units.Append(u.Service).Append('\t').Append(WithType(u.UnitPattern!));
            }

            var body = Body.Value;
            int firstLine = body.IndexOf('\n') + 1;
            return body.Substring(0, firstLine) +
                "MCP_UNITS=" + ShellQuote.Quote(units.ToString()) + "\n" +
                "MCP_LOG_WINDOW=" + ShellQuote.Quote(request.LogWindowSeconds.ToString(CultureInfo.InvariantCulture)) + "\n" +
                "MCP_CEPH=" + (request.Ceph ? "1" : "0") + "\n" +
                body.Substring(firstLine);
        }

        /// A name without a unit type is a service, as systemctl reads it (ssh: ssh.service); a pattern
        /// ending in * covers every type.
        internal static string WithType(string unit)
        {
            if (unit.EndsWith("*", StringComparison.Ordinal)) return unit;
            int dot = unit.LastIndexOf('.');
            return dot >= 0 && UnitTypes.Contains(unit.Substring(dot + 1), StringComparer.Ordinal) ? unit : unit + ".service";
        }

        private static string Printable(string? s)
        {
            if (s == null) return "(none)";
            var cut = s.Length > 80 ? s.Substring(0, 80) + "..." : s;
            return new string(cut.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        }
    }
}
