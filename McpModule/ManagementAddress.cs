using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using McpModule.Model.Data;
using McpModule.Planning;


namespace McpModule
{
    /// Where a node is reached for management (SSH, the lab bridge), read from its pillar.
    /// One rule for every consumer, first found:
    ///   1. mcp:node:addresses:control (models written by New-McpCluster);
    ///   2. _param:single_address (the MCP convention for the control address);
    ///   3. _param:control_address;
    ///   4. the first linux:network:interface that is not disabled, is static (or says no
    ///      proto) and has an address.
    /// Only IPv4 addresses count ("10.0.0.5" or "10.0.0.5/24"); an unrendered reference does not.
    internal static class ManagementAddress
    {
        public static string Of(IDictionary<string, object> pillar, out string source)
        {
            source = null;
            if (pillar == null) return null;
            var address = Address(PillarKey.Get(pillar, "mcp", "node", "addresses", "control"));
            if (address != null) { source = "mcp:node:addresses:control"; return address; }
            foreach (var key in new[] { "single_address", "control_address" })
            {
                address = Address(PillarKey.Get(pillar, "_param", key));
                if (address != null) { source = "_param:" + key; return address; }
            }
            if (PillarKey.Get(pillar, "linux", "network", "interface") is IDictionary<string, object> interfaces)
            {
                foreach (var nic in interfaces)
                {
                    if (!(nic.Value is IDictionary<string, object> settings)) continue;
                    if (PillarKey.Get(settings, "enabled") is bool enabled && !enabled) continue;
                    var proto = PillarKey.Get(settings, "proto") as string;
                    if (proto != null && !string.Equals(proto, "static", StringComparison.OrdinalIgnoreCase)) continue;
                    address = Address(PillarKey.Get(settings, "address"));
                    if (address != null) { source = "linux:network:interface:" + nic.Key + ":address"; return address; }
                }
            }
            return null;
        }

        private static string Address(object value)
        {
            if (!(value is string text)) return null;
            var slash = text.IndexOf('/');
            var bare = (slash > 0 ? text.Substring(0, slash) : text).Trim();
            return Ipv4.TryParse(bare, out _) ? bare : null;
        }

    }
}
