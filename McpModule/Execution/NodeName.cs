using System;
using System.Net;
using System.Text.RegularExpressions;
using McpModule.Text;

namespace McpModule.Execution
{
    /// Names and addresses of nodes are checked against a strict pattern before they are used
    /// to connect or get near a command line: DNS labels (letters, digits, '-', not at either end,
    /// at most 63 characters each, 253 in all) joined by dots, or an IPv4/IPv6 address.
    internal static class NodeName
    {
        private static readonly Regex HostPattern = new Regex(
            @"^(?=.{1,253}\z)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\z",
            RegexOptions.CultureInvariant);

        /// True for a host name made of DNS labels.
        public static bool IsValidHostName(string name) => name != null && HostPattern.IsMatch(name);

        /// True for a host name or an IP address (IPv6 without brackets or zone).
        public static bool IsValidAddress(string address)
        {
            if (string.IsNullOrEmpty(address)) return false;
            if (IsValidHostName(address)) return true;
            if (address.IndexOf('%') >= 0) return false;
            return (address.IndexOf(':') >= 0 || address.IndexOf('.') >= 0) && IPAddress.TryParse(address, out _)
                   && !address.StartsWith("[", StringComparison.Ordinal);
        }

        /// The reason a name or address is refused, or null when it is valid.
        public static string Problem(string address)
        {
            if (string.IsNullOrEmpty(address)) return "the node name is empty";
            if (IsValidAddress(address)) return null;
            return $"'{DisplayText.Printable(address)}' is not a valid node name or address (DNS labels of letters, digits and '-', or an IP address)";
        }
    }
}
