#nullable enable
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using McpModule.Model.Data;

namespace McpModule.Planning
{
    /// How a model carries its plan. The cluster's init class holds the shared part under the
    /// pillar key mcp:plan (networks, vips, quorum, vcp); every node holds its own addresses
    /// under mcp:node:addresses (network name → address, references to the node's _param
    /// values, the same values its linux:network interfaces use). A model without mcp:plan
    /// has no plan, and Test-McpModel checks only its rendering.
    internal static class McpPlanPillar
    {
        public const string Key = "mcp";

        /// The cluster-wide part: { networks: {...}, vips: {...}, quorum: {...}, vcp: {...} }.
        public static OrderedMap ToClusterPillar(McpNetworkPlan plan)
        {
            var networks = new OrderedMap();
            foreach (var n in plan.Networks)
            {
                var m = new OrderedMap { ["cidr"] = n.Cidr };
                if (n.VlanId is int v) m["vlan"] = (long)v;
                if (n.Gateway != null) m["gateway"] = n.Gateway;
                if (n.Bridge != null) m["bridge"] = n.Bridge;
                networks[n.Name] = m;
            }
            var vips = new OrderedMap();
            foreach (var v in plan.Vips)
            {
                var m = new OrderedMap { ["address"] = v.Address };
                if (v.Network != null) m["network"] = v.Network;
                if (v.Hostname != null) m["hostname"] = v.Hostname;
                m["members"] = v.Members.Cast<object>().ToList();
                vips[v.Service] = m;
            }
            var quorum = new OrderedMap();
            foreach (var g in plan.QuorumGroups) quorum[g.Service] = g.Members.Cast<object>().ToList();
            var vcp = new OrderedMap();
            foreach (var s in plan.VcpInstances.GroupBy(i => i.Service))
            {
                var m = new OrderedMap();
                foreach (var i in s) m[i.Instance] = i.Host;
                vcp[s.Key] = m;
            }
            var result = new OrderedMap { ["networks"] = networks, ["vips"] = vips, ["quorum"] = quorum, ["vcp"] = vcp };
            if (plan.Devices.Count > 0)
            {
                var devices = new OrderedMap();
                foreach (var d in plan.Devices)
                {
                    var m = new OrderedMap { ["kind"] = d.Kind, ["address"] = d.Address };
                    if (d.Network != null) m["network"] = d.Network;
                    devices[d.Name] = m;
                }
                result["devices"] = devices;
            }
            return result;
        }

        /// The plan of a cluster from its rendered nodes (short or full names with their
        /// parameters); null when no node carries mcp:plan.
        public static McpNetworkPlan? FromNodes(string cluster, string domain, IEnumerable<KeyValuePair<string, OrderedMap>> nodes)
        {
            McpNetworkPlan? plan = null;
            var list = nodes.ToList();
            foreach (var node in list)
            {
                if (!(PillarKey.Get(node.Value, Key, "plan") is OrderedMap shared)) continue;
                plan = new McpNetworkPlan(cluster, domain);
                if (PillarKey.Get(shared, "networks") is OrderedMap networks)
                    foreach (var n in networks)
                    {
                        var m = n.Value as OrderedMap ?? new OrderedMap();
                        plan.Networks.Add(new McpNetwork(n.Key, PillarKey.Text(PillarKey.Get(m, "cidr")), Int(PillarKey.Get(m, "vlan")),
                            PillarKey.Text(PillarKey.Get(m, "gateway")), PillarKey.Text(PillarKey.Get(m, "bridge"))));
                    }
                if (PillarKey.Get(shared, "vips") is OrderedMap vips)
                    foreach (var v in vips)
                    {
                        var m = v.Value as OrderedMap ?? new OrderedMap();
                        plan.Vips.Add(new McpVip(v.Key, PillarKey.Text(PillarKey.Get(m, "network")), PillarKey.Text(PillarKey.Get(m, "address")), PillarKey.Text(PillarKey.Get(m, "hostname")),
                            Strings(PillarKey.Get(m, "members"))));
                    }
                if (PillarKey.Get(shared, "quorum") is OrderedMap quorum)
                    foreach (var q in quorum) plan.QuorumGroups.Add(new McpQuorumGroup(q.Key, Strings(q.Value)));
                if (PillarKey.Get(shared, "devices") is OrderedMap devices)
                    foreach (var d in devices)
                    {
                        var m = d.Value as OrderedMap ?? new OrderedMap();
                        plan.Devices.Add(new McpDevice(d.Key, PillarKey.Text(PillarKey.Get(m, "kind")) ?? "", PillarKey.Text(PillarKey.Get(m, "network")), PillarKey.Text(PillarKey.Get(m, "address"))));
                    }
                if (PillarKey.Get(shared, "vcp") is OrderedMap vcp)
                    foreach (var s in vcp)
                        if (s.Value is OrderedMap instances)
                            foreach (var i in instances) plan.VcpInstances.Add(new McpVcpInstance(s.Key, i.Key, PillarKey.Text(i.Value)));
                break;
            }
            if (plan == null) return null;
            foreach (var node in list)
            {
                if (!(PillarKey.Get(node.Value, Key, "node", "addresses") is OrderedMap addresses)) continue;
                var shortName = McpNode.ShortNameOf(node.Key);
                foreach (var a in addresses) plan.Addresses.Add(new McpNodeAddress(shortName, a.Key, PillarKey.Text(a.Value)));
            }
            return plan;
        }

        private static int? Int(object value)
        {
            if (value == null) return null;
            var text = PillarKey.Text(value);
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : (int?)null;
        }

        private static IReadOnlyList<string> Strings(object value) =>
            value is IList list ? list.Cast<object>().Select(PillarKey.Text).ToList() : (IReadOnlyList<string>)Array.Empty<string>();
    }
}
