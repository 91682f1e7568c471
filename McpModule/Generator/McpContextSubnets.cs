using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Planning;
using McpModule.Templates;

namespace McpModule.Generator
{
    /// Real contexts give a network's netmask and addresses on it but not its subnet
    /// (control_network_netmask: 255.255.255.0 and salt_master_address: 10.167.4.15, no
    /// control_network_subnet): the cookiecutter templates need only the netmask and the addresses. The
    /// generator needs the subnet to place nodes, so it takes the one of that netmask around the
    /// network's gateway or the first address the context gives on it, rather than its default subnet,
    /// which would hold none of the context's addresses.
    internal static class McpContextSubnets
    {
        /// The subnet (CIDR) of the netmask around the gateway or the first anchor key with an address
        /// ("*_suffix" matches every key ending so, in name order), and the key it came from; null when
        /// the netmask is no netmask or no key gives an address.
        public static (string Subnet, string From)? Infer(IReadOnlyDictionary<string, string> ctx, string netmask, string netmaskKey, string gateway, string[] anchorKeys)
        {
            var prefix = Ipv4.PrefixOfNetmask(netmask);
            if (prefix < 1)
                throw new McpTemplateException($"Context key '{netmaskKey}' is '{netmask}', not a netmask (255.255.255.0).", netmaskKey);
            var candidates = new List<(string Key, string Value)>();
            if (gateway != null) candidates.Add(("its gateway", gateway));
            foreach (var anchor in anchorKeys)
            {
                if (anchor.StartsWith("*", StringComparison.Ordinal))
                    candidates.AddRange(ctx.Where(p => p.Key.EndsWith(anchor.Substring(1), StringComparison.Ordinal))
                        .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
                else if (ctx.TryGetValue(anchor, out var v)) candidates.Add((anchor, v));
            }
            foreach (var (key, value) in candidates)
                if (Ipv4.TryParse(value, out var ip))
                    return ($"{Ipv4.Format(ip & Ipv4.MaskOf(prefix))}/{prefix}", key);
            return null;
        }
    }
}
