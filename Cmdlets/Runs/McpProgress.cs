using System;
using System.Linq;

namespace McpModule.Cmdlets
{
    /// Whether long work shows progress bars: at a pwsh prompt yes; in CI ($env:CI set) and in a
    /// non-interactive pwsh (-NonInteractive, as CI steps and scheduled scripts run) no, where a
    /// bar only redraws into a log. MCP_PROGRESS=Always or Never decides instead.
    internal static class McpProgress
    {
        public static bool Enabled
        {
            get
            {
                var forced = Environment.GetEnvironmentVariable("MCP_PROGRESS");
                if (string.Equals(forced, "Always", StringComparison.OrdinalIgnoreCase)) return true;
                if (string.Equals(forced, "Never", StringComparison.OrdinalIgnoreCase)) return false;
                var ci = Environment.GetEnvironmentVariable("CI");
                if (!string.IsNullOrEmpty(ci) && !string.Equals(ci, "false", StringComparison.OrdinalIgnoreCase) && ci != "0") return false;
                return !NonInteractive.Value;
            }
        }

        // pwsh -NonInteractive (or -noni, any unambiguous prefix of it)
        private static readonly Lazy<bool> NonInteractive = new Lazy<bool>(() =>
            Environment.GetCommandLineArgs().Skip(1).Any(a =>
                a.Length >= 5 && a.StartsWith("-", StringComparison.Ordinal) &&
                "-noninteractive".StartsWith(a.ToLowerInvariant(), StringComparison.Ordinal)));
    }
}
