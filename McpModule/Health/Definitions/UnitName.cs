#nullable enable
using System.Linq;

namespace McpModule.Health.Definitions
{
    /// A systemd unit name or pattern as the collector passes it to systemctl: what systemd allows
    /// in a unit name (letters, digits, ":-_.\@") and '*' for a pattern, nothing a shell or
    /// systemctl would read as an option.
    internal static class UnitName
    {
        internal static bool IsValid(string unit) =>
            unit.Length > 0 && unit.Length <= 256 && unit[0] != '-'
            && unit.All(c => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ":-_.\\@*".IndexOf(c) >= 0);
    }
}
