#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace McpModule.Planning
{
    /// A cluster's network plan: networks, every node's address on every network it joins,
    /// a VIP per clustered service, the quorum groups and where VCP instances run.
    /// Check() lists every problem of the plan.
    public sealed class McpNetworkPlan
    {
        public McpNetworkPlan(string cluster, string domain)
        {
            Cluster = cluster; Domain = domain;
        }

        public string Cluster { get; }
        public string Domain { get; }
        public McpList<McpNetwork> Networks { get; } = new McpList<McpNetwork>();
        public McpList<McpNodeAddress> Addresses { get; } = new McpList<McpNodeAddress>();
        public McpList<McpVip> Vips { get; } = new McpList<McpVip>();
        public McpList<McpQuorumGroup> QuorumGroups { get; } = new McpList<McpQuorumGroup>();
        public McpList<McpVcpInstance> VcpInstances { get; } = new McpList<McpVcpInstance>();
        /// Devices with addresses that are no Salt nodes (OpenContrail's BGP routers).
        public McpList<McpDevice> Devices { get; } = new McpList<McpDevice>();

        /// The quorum services the plan checks: an odd count of at least three.
        public static readonly IReadOnlyList<string> QuorumServices = new[] { "galera", "rabbitmq", "etcd", "ceph_mon", "elasticsearch" };

        public McpNetwork? Network(string name) => Networks.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.Ordinal));

        /// The address of a node on a network; null when the node does not join it.
        public string? AddressOf(string node, string network) =>
            Addresses.FirstOrDefault(a => a.Node == node && a.Network == network)?.Address;

        public IReadOnlyList<string> Nodes => McpList.Of(Addresses.Select(a => a.Node).Distinct(StringComparer.Ordinal));

        /// "demo (demo.local): 7 networks, 29 nodes, 12 VIPs, 4 quorum groups".
        public override string ToString() =>
            $"{Cluster}{(Domain == null ? "" : $" ({Domain})")}: {Networks.Count} networks, {Nodes.Count} nodes, {Vips.Count} VIPs, {QuorumGroups.Count} quorum groups" +
            (Devices.Count > 0 ? $", {Devices.Count} devices" : "");

        /// Every problem of the plan, in a stable order (networks, addresses, VIPs, quorum, VCP).
        public IReadOnlyList<McpPlanProblem> Check()
        {
            var problems = new List<McpPlanProblem>();
            CheckNetworks(problems);
            CheckAddresses(problems);
            CheckVips(problems);
            CheckCapacity(problems);
            CheckQuorum(problems);
            CheckVcp(problems);
            return problems;
        }

        private void CheckNetworks(List<McpPlanProblem> problems)
        {
            foreach (var n in Networks)
            {
                if (n.Subnet == null)
                    problems.Add(new McpPlanProblem(McpPlanProblemKind.InvalidSubnet, n.Name,
                        $"Network '{n.Name}' has no valid subnet: '{n.Cidr}' is not a.b.c.d/nn."));
                else if (!Ipv4Subnet.TryParse(n.Cidr, out _, strict: true))
                    problems.Add(new McpPlanProblem(McpPlanProblemKind.InvalidSubnet, n.Name,
                        $"Network '{n.Name}': '{n.Cidr}' has host bits set; the subnet is {n.Subnet}."));
                if (n.VlanId is int vlan && (vlan < 1 || vlan > 4094))
                    problems.Add(new McpPlanProblem(McpPlanProblemKind.VlanOutOfRange, n.Name,
                        $"Network '{n.Name}' has VLAN id {vlan}; VLAN ids are 1 to 4094 (leave it empty for an untagged network)."));
                if (n.Gateway != null && n.Subnet is Ipv4Subnet gs)
                {
                    if (!Ipv4.TryParse(n.Gateway, out var gw) || !gs.Contains(gw) || gs.IsReserved(gw))
                        problems.Add(new McpPlanProblem(McpPlanProblemKind.AddressOutsideSubnet, n.Name,
                            $"The gateway '{n.Gateway}' of network '{n.Name}' is not a host address of {gs}."));
                }
            }
            for (var i = 0; i < Networks.Count; i++)
            {
                for (var j = i + 1; j < Networks.Count; j++)
                {
                    var a = Networks[i]; var b = Networks[j];
                    if (a.Subnet is Ipv4Subnet sa && b.Subnet is Ipv4Subnet sb && sa.Overlaps(sb))
                        problems.Add(new McpPlanProblem(McpPlanProblemKind.OverlappingSubnets, b.Name,
                            $"The subnets of networks '{a.Name}' ({sa}) and '{b.Name}' ({sb}) overlap."));
                    if (a.VlanId is int va && b.VlanId is int vb && va == vb)
                        problems.Add(new McpPlanProblem(McpPlanProblemKind.VlanReused, b.Name,
                            $"VLAN id {va} is used by networks '{a.Name}' and '{b.Name}'."));
                }
            }
        }

        private void CheckAddresses(List<McpPlanProblem> problems)
        {
            foreach (var a in Addresses)
                CheckInSubnet(problems, a.Node, $"Node '{a.Node}'", a.Network, a.Address);
            foreach (var d in Devices.Where(d => d.Network != null))
                CheckInSubnet(problems, d.Name, $"Device '{d.Name}'", d.Network!, d.Address);

            // An address given to two different nodes or devices (on any network).
            var holders = Addresses.Select(a => (Name: a.Node, a.Address)).Concat(Devices.Select(d => (d.Name, d.Address)));
            foreach (var group in holders.Where(a => Ipv4.TryParse(a.Address, out _))
                                         .GroupBy(a => Ipv4.Parse(a.Address)))
            {
                var nodes = group.Select(a => a.Name).Distinct(StringComparer.Ordinal).ToList();
                if (nodes.Count > 1)
                    problems.Add(new McpPlanProblem(McpPlanProblemKind.DuplicateAddress, nodes[1],
                        $"Address {Ipv4.Format(group.Key)} is given to more than one node: {string.Join(", ", nodes)}."));
            }
        }

        private void CheckInSubnet(List<McpPlanProblem> problems, string target, string who, string networkName, string? address)
        {
            var network = Network(networkName);
            if (!Ipv4.TryParse(address, out var ip))
            {
                problems.Add(new McpPlanProblem(McpPlanProblemKind.AddressOutsideSubnet, target,
                    $"{who} has '{address}' on network '{networkName}', which is not an IPv4 address."));
                return;
            }
            if (network == null)
            {
                problems.Add(new McpPlanProblem(McpPlanProblemKind.AddressOutsideSubnet, target,
                    $"{who} has {address} on network '{networkName}', which the plan does not have."));
                return;
            }
            if (!(network.Subnet is Ipv4Subnet subnet)) return;   // reported as InvalidSubnet
            if (!subnet.Contains(ip))
                problems.Add(new McpPlanProblem(McpPlanProblemKind.AddressOutsideSubnet, target,
                    $"{who} has {address} on network '{networkName}', outside its subnet {subnet}."));
            else if (subnet.IsReserved(ip))
                problems.Add(new McpPlanProblem(McpPlanProblemKind.AddressOutsideSubnet, target,
                    $"{who} has {address} on network '{networkName}', the {(ip == subnet.Network ? "network" : "broadcast")} address of {subnet}."));
            else if (network.Gateway != null && Ipv4.TryParse(network.Gateway, out var gw) && gw == ip)
                problems.Add(new McpPlanProblem(McpPlanProblemKind.DuplicateAddress, target,
                    $"{who} has {address} on network '{networkName}', the network's gateway."));
        }

        private void CheckVips(List<McpPlanProblem> problems)
        {
            var nodeAddresses = new Dictionary<uint, string>();
            foreach (var a in Addresses)
                if (Ipv4.TryParse(a.Address, out var ip) && !nodeAddresses.ContainsKey(ip)) nodeAddresses[ip] = a.Node;

            foreach (var vip in Vips)
            {
                if (vip.Network != null) CheckInSubnet(problems, vip.Service, $"The VIP of '{vip.Service}'", vip.Network, vip.Address);
                if (Ipv4.TryParse(vip.Address, out var ip) && nodeAddresses.TryGetValue(ip, out var node))
                    problems.Add(new McpPlanProblem(McpPlanProblemKind.VipIsNodeAddress, vip.Service,
                        $"The VIP {vip.Address} of '{vip.Service}' is also the address of node '{node}'."));
            }
            // Two services may share a VIP only when they share its host name (one keepalived instance).
            foreach (var group in Vips.Where(v => Ipv4.TryParse(v.Address, out _)).GroupBy(v => Ipv4.Parse(v.Address)))
            {
                var names = group.Select(v => v.Hostname ?? v.Service).Distinct(StringComparer.Ordinal).ToList();
                if (names.Count > 1)
                    problems.Add(new McpPlanProblem(McpPlanProblemKind.DuplicateAddress, group.Skip(1).First().Service,
                        $"VIP {Ipv4.Format(group.Key)} is given to different services: {string.Join(", ", group.Select(v => $"{v.Service} ({v.Hostname})"))}."));
            }
        }

        /// Every network must hold its gateway, its nodes and its VIPs (the seed's /29 proxy
        /// network: two proxies, a VIP and the gateway in six host addresses).
        private void CheckCapacity(List<McpPlanProblem> problems)
        {
            foreach (var n in Networks)
            {
                if (!(n.Subnet is Ipv4Subnet subnet)) continue;
                var members = new HashSet<string?>(StringComparer.Ordinal);
                foreach (var a in Addresses.Where(a => a.Network == n.Name)) members.Add(a.Address);
                foreach (var v in Vips.Where(v => v.Network == n.Name)) members.Add(v.Address);
                foreach (var d in Devices.Where(d => d.Network == n.Name)) members.Add(d.Address);
                if (n.Gateway != null) members.Add(n.Gateway);
                if ((ulong)members.Count > subnet.UsableHosts)
                    problems.Add(new McpPlanProblem(McpPlanProblemKind.NetworkTooSmall, n.Name,
                        $"Network '{n.Name}' ({subnet}) has {subnet.UsableHosts} host address(es) but needs {members.Count} " +
                        $"(nodes, VIPs and gateway){(n.Name == McpNetworkNames.Proxy ? "; a proxy network needs a /29 for two proxies, a VIP and the gateway" : "")}."));
            }
        }

        private void CheckQuorum(List<McpPlanProblem> problems)
        {
            foreach (var g in QuorumGroups)
            {
                var count = g.Members.Count;
                if (count < 3)
                    problems.Add(new McpPlanProblem(McpPlanProblemKind.QuorumTooSmall, g.Service,
                        $"'{g.Service}' has {count} member(s) ({string.Join(", ", g.Members)}); a quorum group needs at least three to survive the loss of one."));
                else if (count % 2 == 0)
                    problems.Add(new McpPlanProblem(McpPlanProblemKind.QuorumEven, g.Service,
                        $"'{g.Service}' has an even number of members ({count}: {string.Join(", ", g.Members)}); an odd count avoids split brain."));
            }
        }

        private void CheckVcp(List<McpPlanProblem> problems)
        {
            var quorumMembers = new HashSet<string>(QuorumGroups.SelectMany(g => g.Members), StringComparer.Ordinal);
            foreach (var service in VcpInstances.GroupBy(v => v.Service))
            {
                var instances = service.ToList();
                if (instances.Count < 2) continue;
                var hosts = instances.GroupBy(i => i.Host).OrderByDescending(h => h.Count()).ToList();
                if (hosts.Count == 1)
                {
                    problems.Add(new McpPlanProblem(McpPlanProblemKind.VcpOnOneHost, service.Key,
                        $"All {instances.Count} instances of VCP service '{service.Key}' ({string.Join(", ", instances.Select(i => i.Instance))}) run on {hosts[0].Key}: losing that node stops the service."));
                    continue;
                }
                // A quorum service loses quorum when one host holds a majority of its instances.
                var busiest = hosts[0];
                if (instances.Any(i => quorumMembers.Contains(i.Instance)) && busiest.Count() * 2 >= instances.Count)
                    problems.Add(new McpPlanProblem(McpPlanProblemKind.VcpQuorumOnOneHost, service.Key,
                        $"{busiest.Count()} of the {instances.Count} instances of VCP service '{service.Key}' ({string.Join(", ", busiest.Select(i => i.Instance))}) run on {busiest.Key}: losing that node loses quorum."));
            }
        }
    }
}
