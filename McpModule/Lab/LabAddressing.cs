using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Planning;

namespace McpModule.Lab
{
    /// Where a lab node sits on the lab bridge: its address, prefix length, and which
    /// pillar value said so.
    internal sealed class LabNodeAddress
    {
        public LabNodeAddress(string address, int prefixLength, string source)
        {
            Address = address; PrefixLength = prefixLength; Source = source;
        }
        public string Address { get; }
        public int PrefixLength { get; }
        /// The pillar path the address came from, e.g. "mcp:node:addresses:control".
        public string Source { get; }
        public Ipv4Subnet Subnet => new Ipv4Subnet(Ipv4.Parse(Address) & Ipv4.MaskOf(PrefixLength), PrefixLength);
    }

    /// The address rule of the lab: a node's address is its management address (see
    /// McpModule.ManagementAddress). The prefix length comes from, first found: the network
    /// of mcp:plan:networks that holds the address; the netmask of the linux:network
    /// interface that carries the address; _param:control_network_netmask; else 24.
    /// The host side of the bridge (the nodes' gateway) takes, per subnet: the subnet's
    /// gateway from mcp:plan or the interface's gateway when it lies in the subnet and no node
    /// or VIP uses it; else the first host address no node or VIP uses.
    internal static class LabAddressing
    {
        /// The bridge's own MAC address, fixed for its name. A Linux bridge without one takes the
        /// lowest MAC of its ports, so it changed whenever a node joined or left, and the other
        /// nodes lost the host (the lab's repository) until their ARP entries expired (~30 s).
        /// Locally administered (02:…), unicast, from a hash of the bridge's name.
        public static string BridgeMac(string bridge)
        {
            using (var sha = System.Security.Cryptography.SHA256.Create())
            {
                var h = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(bridge ?? ""));
                return string.Format(System.Globalization.CultureInfo.InvariantCulture, "02:6d:63:{0:x2}:{1:x2}:{2:x2}", h[0], h[1], h[2]);
            }
        }

        public static LabNodeAddress Select(OrderedMap parameters)
        {
            var address = ManagementAddress.Of(parameters, out var source);
            if (address == null) return null;
            var interfaces = PillarKey.Get(parameters, "linux", "network", "interface") as OrderedMap;
            return new LabNodeAddress(address, Prefix(parameters, address, interfaces), source);
        }

        private static int Prefix(OrderedMap parameters, string address, OrderedMap interfaces)
        {
            var a = Ipv4.Parse(address);
            if (PillarKey.Get(parameters, "mcp", "plan", "networks") is OrderedMap networks)
                foreach (var n in networks)
                    if (Ipv4Subnet.TryParse(PillarKey.Text(PillarKey.Get(n.Value, "cidr")), out var s) && s.Contains(a)) return s.PrefixLength;
            if (interfaces != null)
                foreach (var i in interfaces)
                    if (PillarKey.Text(PillarKey.Get(i.Value, "address")) == address)
                    {
                        var p = Ipv4.PrefixOfNetmask(PillarKey.Text(PillarKey.Get(i.Value, "netmask")));
                        if (p > 0 && p < 31) return p;
                    }
            var mask = Ipv4.PrefixOfNetmask(PillarKey.Text(PillarKey.Get(parameters, "_param", "control_network_netmask")));
            return mask > 0 && mask < 31 ? mask : 24;
        }

        /// Gateway candidates the model names for a subnet (plan gateway, interface gateways,
        /// _param:deploy_network_gateway / control_network_gateway), in that order.
        public static IEnumerable<string> GatewayHints(OrderedMap parameters)
        {
            if (PillarKey.Get(parameters, "mcp", "plan", "networks") is OrderedMap networks)
                foreach (var n in networks) { var g = PillarKey.Text(PillarKey.Get(n.Value, "gateway")); if (g != null) yield return g; }
            if (PillarKey.Get(parameters, "linux", "network", "interface") is OrderedMap interfaces)
                foreach (var i in interfaces) { var g = PillarKey.Text(PillarKey.Get(i.Value, "gateway")); if (g != null) yield return g; }
            foreach (var key in new[] { "control_network_gateway", "deploy_network_gateway" })
            {
                var g = PillarKey.Text(PillarKey.Get(parameters, "_param", key)); if (g != null) yield return g;
            }
        }

        /// Addresses the host must not take: the model's VIPs (mcp:plan:vips, _param:*vip*address).
        public static IEnumerable<string> ReservedAddresses(OrderedMap parameters)
        {
            if (PillarKey.Get(parameters, "mcp", "plan", "vips") is OrderedMap vips)
                foreach (var v in vips) { var a = PillarKey.Text(PillarKey.Get(v.Value, "address")); if (a != null) yield return a; }
            if (PillarKey.Get(parameters, "_param") is OrderedMap p)
                foreach (var kv in p)
                    if (kv.Key.IndexOf("vip", StringComparison.OrdinalIgnoreCase) >= 0 && kv.Key.EndsWith("address", StringComparison.Ordinal))
                    { var a = PillarKey.Text(kv.Value); if (a != null) yield return a; }
        }

        /// The host addresses of the bridge ("a.b.c.d/p"), one per subnet the nodes use.
        public static IReadOnlyList<string> Gateways(IEnumerable<LabNodeAddress> nodes, IEnumerable<string> hints, IEnumerable<string> reserved)
        {
            var list = nodes.ToList();
            var used = new HashSet<uint>(list.Select(n => Ipv4.Parse(n.Address)));
            foreach (var r in reserved) if (Ipv4.TryParse(r, out var ra)) used.Add(ra);
            var hintList = hints.ToList();
            var result = new List<string>();
            foreach (var subnet in list.Select(n => n.Subnet).Distinct().OrderBy(s => s.Network))
            {
                uint? chosen = null;
                foreach (var h in hintList)
                    if (Ipv4.TryParse(h, out var ha) && subnet.Contains(ha) && !subnet.IsReserved(ha) && !used.Contains(ha)) { chosen = ha; break; }
                for (long offset = 1; chosen == null && subnet.TryHost(offset, out var candidate); offset++)
                    if (!used.Contains(candidate) && !subnet.IsReserved(candidate)) chosen = candidate;
                if (chosen == null) throw new InvalidOperationException($"The subnet {subnet} has no free address for the host side of the lab bridge.");
                used.Add(chosen.Value);
                result.Add(Ipv4.Format(chosen.Value) + "/" + subnet.PrefixLength.ToString(CultureInfo.InvariantCulture));
            }
            return result;
        }

    }
}
