using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using McpModule.Planning;
using McpModule.Templates;

namespace McpModule.Generator
{
    /// One node of a designed cluster: its roles, its kvm host when it is a VCP VM, its addresses.
    internal sealed class McpPlannedNode
    {
        internal McpPlannedNode(string name) { Name = name; }
        public string Name { get; }
        internal List<McpRole> RoleList { get; } = new List<McpRole>();
        /// Role keys (openstack_control, ceph_osd ...), first role first.
        public IReadOnlyList<string> Roles => RoleList.Select(r => r.Key).ToList();
        public bool Virtual => RoleList[0].Virtual;
        public string Host { get; internal set; }
        /// 1-based position of the node within its first role (keepalived priorities, VCP spread).
        public int Index { get; internal set; }
        public Dictionary<string, string> Addresses { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        /// A bare-metal node whose deploy (PXE) address MAAS gives by DHCP: the context gives none and
        /// the deploy subnet has no address at the node's offset.
        public bool DeployByDhcp { get; internal set; }
        public override string ToString() => Name;
    }

    /// A cluster ready to be written: the spec, its nodes and its network plan.
    internal sealed class McpClusterDesign
    {
        internal McpClusterDesign(McpClusterSpec spec, McpNetworkPlan plan) { Spec = spec; Plan = plan; }
        public McpClusterSpec Spec { get; }
        public McpNetworkPlan Plan { get; }
        public List<McpPlannedNode> Nodes { get; } = new List<McpPlannedNode>();
        /// Network name → the network that carries it (a context may put storage on the control subnet).
        public Dictionary<string, string> NetworkAliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        internal List<McpRole> Roles { get; } = new List<McpRole>();
        public string Resolve(string network) => NetworkAliases.TryGetValue(network, out var a) ? a : network;
        /// What was adapted to make the design (one line per kind), for the caller to warn about.
        public List<string> Adaptations { get; } = new List<string>();
        public McpPlannedNode Node(string name) => Nodes.FirstOrDefault(n => n.Name == name);
    }

    /// Turns a spec into nodes and a network plan after the reference architecture: roles per
    /// template and switch, addresses by fixed offsets in each subnet (the last octet on a /24,
    /// as MCP's cookiecutter numbers them), VIPs, quorum groups, VCP VMs spread over the kvm nodes.
    internal static class McpClusterDesigner
    {
        private static readonly Regex NamePattern = new Regex(@"^[a-z0-9][a-z0-9_-]{0,62}\z", RegexOptions.CultureInvariant);
        // DNS labels, and '_' as real MCP contexts use it (small_cloud.local): Salt and reclass take it.
        private static readonly Regex DomainPattern = new Regex(@"^(?=.{1,253}\z)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\z", RegexOptions.CultureInvariant);
        private static readonly Regex HostPattern = new Regex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\z", RegexOptions.CultureInvariant);

        private static readonly Dictionary<string, (string Cidr, int? Vlan, string Bridge)> Defaults =
            new Dictionary<string, (string, int?, string)>(StringComparer.Ordinal)
            {
                [McpNetworkNames.Deploy] = ("10.10.0.0/24", null, null),
                [McpNetworkNames.Control] = ("10.11.0.0/24", 11, "br-mgmt"),
                [McpNetworkNames.Proxy] = ("10.12.0.0/29", 12, "br-proxy"),
                [McpNetworkNames.Public] = ("10.13.0.0/24", 13, "br-floating"),
                [McpNetworkNames.Tenant] = ("10.14.0.0/24", 14, null),
                [McpNetworkNames.StorageAccess] = ("10.15.0.0/24", 15, null),
                [McpNetworkNames.StorageReplication] = ("10.16.0.0/24", 16, null),
            };

        public static McpClusterDesign Design(McpClusterSpec spec, System.Threading.CancellationToken cancellation = default)
        {
            Validate(spec);
            var plan = new McpNetworkPlan(spec.Name, spec.Domain);
            var design = new McpClusterDesign(spec, plan);
            design.Roles.AddRange(McpRole.WithDeclared(spec));

            // Networks: the ones some role joins, plus public for OpenStack (floating IPs, no node addresses).
            var wanted = new List<string>();
            foreach (var role in design.Roles) foreach (var n in role.Networks) if (!wanted.Contains(n)) wanted.Add(n);
            if (spec.Template == McpTemplateNames.OpenstackOvs || spec.Template == McpTemplateNames.OpenstackContrail)
            {
                if (!wanted.Contains(McpNetworkNames.Public)) wanted.Add(McpNetworkNames.Public);
                if (!wanted.Contains(McpNetworkNames.Tenant)) wanted.Add(McpNetworkNames.Tenant);
            }
            // A network the context gives a subnet for and nodes addresses on is in the plan even where no role of
            // the template joins it (the tenant addresses of Kubernetes controllers and computes with OpenContrail).
            foreach (var name in McpNetworkNames.All)
                if (!wanted.Contains(name) && spec.Networks.TryGetValue(name, out var given) && given.Cidr != null &&
                    spec.DeclaredNodes.Values.Any(l => l.Any(d => d.Addresses.ContainsKey(name))))
                    wanted.Add(name);
            wanted = McpNetworkNames.All.Where(wanted.Contains).ToList();
            var merged = new List<string>();
            foreach (var name in wanted)
            {
                var network = MakeNetwork(spec, name);
                // The context's subnet of one network (ceph_public_network) is another's (control_network_subnet):
                // it is that network, whatever VLAN key the context gives the first (backend_vlan is the backend's).
                var same = plan.Networks.FirstOrDefault(n => n.Subnet.Equals(network.Subnet) &&
                    (n.VlanId == network.VlanId || spec.Networks.TryGetValue(name, out var o) && o.Cidr != null));
                if (same != null && spec.Networks.ContainsKey(name))
                {
                    design.NetworkAliases[name] = same.Name;
                    if (same.VlanId != network.VlanId) merged.Add($"{name} → {same.Name} ({network.Subnet})");
                    continue;
                }
                plan.Networks.Add(network);
            }
            if (merged.Count > 0)
                design.Adaptations.Add($"{merged.Count} network(s) the context gives the subnet of another network are that network, with its VLAN: {string.Join(", ", merged)}.");

            // Nodes, role by role: kvm nodes come before the VMs they host.
            var moved = new List<(string Role, string Named, string Holder, string Node, string Address)>();
            var kvms = new List<McpPlannedNode>();
            var virtualOrdinal = 0;
            foreach (var role in design.Roles)
            {
                spec.DeclaredNodes.TryGetValue(role.Key, out var declared);
                var count = declared?.Count ?? role.Count;
                if (declared == null && (count < 1 || count > role.MaxCount))
                    throw new McpTemplateException($"The number of {role.Prefix} nodes must be 1 to {role.MaxCount}; it is {count}.", CountParameter(role));
                var members = new List<string>();
                for (var i = 1; i <= count; i++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var d = declared?[i - 1];
                    var hostname = d?.Hostname ?? role.NodeName(i);
                    if (!HostPattern.IsMatch(hostname))
                        throw new McpTemplateException($"'{hostname}' is not a valid host name for a {role.Prefix} node (lower-case letters, digits, '-').", role.Key);
                    var node = design.Node(hostname);
                    if (node == null)
                    {
                        node = new McpPlannedNode(hostname) { Index = i };
                        design.Nodes.Add(node);
                    }
                    if (!node.RoleList.Contains(role)) node.RoleList.Add(role);
                    members.Add(hostname);

                    if (d != null)
                        foreach (var a in d.Addresses)
                        {
                            var net = design.Resolve(a.Key);
                            if (plan.Network(net) == null) continue;
                            // Real contexts give an address for one network (a compute's backend range)
                            // inside another network's subnet (the tenant's): it is that network's.
                            var holder = HolderOf(plan, a.Value);
                            if (holder != null && holder != net && !(plan.Network(net).Subnet is Ipv4Subnet own && Ipv4.TryParse(a.Value, out var ip) && own.Contains(ip)))
                            {
                                moved.Add((role.Key, a.Key, holder, hostname, a.Value));
                                net = holder;
                            }
                            if (node.Addresses.TryGetValue(net, out var had) && had != a.Value)
                                throw new McpTemplateException($"Node '{hostname}' is given two addresses on network '{net}': {had} and {a.Value}.", role.Key);
                            node.Addresses[net] = a.Value;
                        }
                    foreach (var n in role.Networks)
                    {
                        var net = design.Resolve(n);
                        if (node.Addresses.ContainsKey(net) || node.DeployByDhcp && net == design.Resolve(McpNetworkNames.Deploy)) continue;
                        if (role.FixedOffsetIn(n, i) is int offset && !TakenElsewhere(design, plan.Network(net), offset, hostname))
                        {
                            // MCP's bare-metal nodes get their deploy address from MAAS (DHCP): where the
                            // subnet has no address at the node's offset, that is what it gets.
                            if (n == McpNetworkNames.Deploy && !role.Virtual && role != McpRole.Config && !plan.Network(net).Subnet.Value.TryHost(offset, out _))
                            {
                                node.DeployByDhcp = true;
                                continue;
                            }
                            node.Addresses[net] = Allocate(plan.Network(net), offset, hostname);
                        }
                        else node.Addresses[net] = NextFree(design, plan.Network(net), hostname);
                    }
                    if (role == McpRole.Kvm) kvms.Add(node);
                    if (role.Virtual)
                    {
                        if (kvms.Count == 0) throw new McpTemplateException("A cluster with VCP services needs kvm nodes.", "infra_kvm");
                        if (node.Host == null) node.Host = kvms[(i - 1 + virtualOrdinal) % kvms.Count].Name;
                        plan.VcpInstances.Add(new McpVcpInstance(role.Prefix, hostname, node.Host));
                    }
                }
                if (role.Virtual) virtualOrdinal++;
                foreach (var q in role.Quorum)
                {
                    var existing = plan.QuorumGroups.FirstOrDefault(g => g.Service == q);
                    if (existing == null) plan.QuorumGroups.Add(new McpQuorumGroup(q, members));
                }
                if (role.VipOffset is int vipOffset || spec.DeclaredVips.ContainsKey(role.Key))
                {
                    string address, hostname = role.Prefix;
                    if (spec.DeclaredVips.TryGetValue(role.Key, out var v))
                    {
                        address = v.Address;
                        hostname = v.Hostname ?? hostname;
                    }
                    else address = Allocate(plan.Network(design.Resolve(role.VipNetwork)), role.VipOffset.Value, role.Key + " VIP");
                    var vipNetwork = plan.Networks.FirstOrDefault(n => n.Subnet is Ipv4Subnet s && Ipv4.TryParse(address, out var ip) && s.Contains(ip))?.Name;
                    plan.Vips.Add(new McpVip(role.Key, vipNetwork, address, hostname, members));
                }
            }

            foreach (var node in design.Nodes)
                foreach (var n in McpNetworkNames.All)
                    if (node.Addresses.TryGetValue(n, out var a)) plan.Addresses.Add(new McpNodeAddress(node.Name, n, a));
            foreach (var device in spec.DeclaredDevices)
                plan.Devices.Add(new McpDevice(device.Name, device.Kind, HolderOf(plan, device.Address), device.Address));
            if (moved.Count > 0)
                design.Adaptations.Add($"{moved.Count} address(es) given for one network lie in another network's subnet and are that network's: " +
                    string.Join("; ", moved.GroupBy(m => (m.Role, m.Named, m.Holder)).Select(g =>
                        $"{AddressKey(g.Key.Role, g.Key.Named)} ({g.Key.Named} → {g.Key.Holder}): {string.Join(", ", g.Select(m => m.Node + " " + m.Address))}")) + ".");
            var dhcp = design.Nodes.Where(n => n.DeployByDhcp).ToList();
            if (dhcp.Count > 0)
            {
                var deploy = plan.Network(design.Resolve(McpNetworkNames.Deploy));
                var keys = dhcp.SelectMany(n => n.RoleList).Where(r => !r.Virtual).Select(r => r.Key).Distinct()
                    .Select(k => k == "infra_kvm" ? "infra_kvmNN_deploy_address" : McpCookiecutterContext.IsRanged(k) ? $"{k}_deploy_address_ranges" : $"{k}_nodeNN_deploy_address");
                design.Adaptations.Add($"{dhcp.Count} bare-metal node(s) take their deploy (PXE) address from DHCP (MAAS), as MCP's do: the deploy network {deploy.Subnet} " +
                    $"has no address at their offsets and none is given ({string.Join(", ", keys)}): {string.Join(", ", dhcp.Select(n => n.Name))}.");
            }
            return design;
        }

        /// The network of the plan whose subnet holds the address; null when none does.
        private static string HolderOf(McpNetworkPlan plan, string address) =>
            Ipv4.TryParse(address, out var ip) ? plan.Networks.FirstOrDefault(n => n.Subnet is Ipv4Subnet s && s.Contains(ip))?.Name : null;

        /// The context key that gives a role's nodes addresses on a network (for warnings).
        private static string AddressKey(string role, string network)
        {
            var suffix = network == McpNetworkNames.Control ? "single" : network == McpNetworkNames.StorageAccess || network == McpNetworkNames.StorageReplication ? "backend" : network;
            return role == "infra_kvm" ? $"infra_kvmNN_{(suffix == "single" ? "control" : suffix)}_address"
                 : McpCookiecutterContext.IsRanged(role) ? $"{role}_{suffix}_address_ranges" : $"{role}_nodeNN_{suffix}_address";
        }


        private static string CountParameter(McpRole role) =>
            role.Key == "openstack_compute" || role.Key == "kubernetes_compute" ? "ComputeCount" :
            role.Key == "openstack_gateway" ? "GatewayCount" : role.Key == "ceph_osd" ? "OsdCount" : role.Key;

        private static McpNetwork MakeNetwork(McpClusterSpec spec, string name)
        {
            var d = Defaults[name];
            spec.Networks.TryGetValue(name, out var o);
            var cidr = o?.Cidr ?? d.Cidr;
            if (!Ipv4Subnet.TryParse(cidr, out var subnet))
                throw new McpTemplateException($"The {name} network '{cidr}' is not an IPv4 subnet in CIDR form (a.b.c.d/nn).", name + "_network");
            int? vlan = o != null && o.Untagged ? null : o?.VlanId ?? d.Vlan;
            if (vlan is int v && (v < 1 || v > 4094))
                throw new McpTemplateException($"The {name} network's VLAN id {v} is outside 1 to 4094.", name + "_vlan");
            string gateway = o?.Gateway;
            if (gateway == null && o?.Cidr == null && subnet.TryHost(1, out var gw)) gateway = Ipv4.Format(gw);
            if (gateway != null && !Ipv4.TryParse(gateway, out _))
                throw new McpTemplateException($"The {name} network's gateway '{gateway}' is not an IPv4 address.", name + "_gateway");
            return new McpNetwork(name, subnet.ToString(), vlan, gateway, d.Bridge);
        }

        private static string Allocate(McpNetwork network, int offset, string who)
        {
            var subnet = network.Subnet.Value;
            if (!subnet.TryHost(offset, out var ip))
                throw new McpTemplateException(
                    $"The {network.Name} network {subnet} has no host address at offset {offset} for {who}: give a larger subnet or the address itself (-Context).",
                    network.Name + "_network");
            return Ipv4.Format(ip);
        }

        /// Whether the address at the offset is one the context gives another node, VIP or device (osd001's
        /// storage offset is osd002's control address when both networks are one): the node then takes a free one.
        private static bool TakenElsewhere(McpClusterDesign design, McpNetwork network, int offset, string hostname)
        {
            if (!(network.Subnet is Ipv4Subnet subnet) || !subnet.TryHost(offset, out var ip)) return false;
            return DeclaredAddresses(design.Spec, except: hostname).Contains(Ipv4.Format(ip));
        }

        /// Every address the context gives a node (but the one named except), a VIP or a device.
        private static IEnumerable<string> DeclaredAddresses(McpClusterSpec spec, string except = null) =>
            spec.DeclaredNodes.Values.SelectMany(l => l).Where(d => d.Hostname != except).SelectMany(d => d.Addresses.Values)
                .Concat(spec.DeclaredVips.Values.Select(v => v.Address)).Concat(spec.DeclaredDevices.Select(d => d.Address));

        /// The first host address of the network no node or VIP has yet (for nodes of a generic role without one).
        private static string NextFree(McpClusterDesign design, McpNetwork network, string who)
        {
            // Addresses the context gives nodes, VIPs and devices still to come are taken too: a node without
            // one must not get what a later node is given (osd001's replication address, osd002's control one).
            var taken = new HashSet<string>(design.Nodes.SelectMany(n => n.Addresses.Values).Concat(design.Plan.Vips.Select(v => v.Address))
                .Concat(DeclaredAddresses(design.Spec)), StringComparer.Ordinal);
            var subnet = network.Subnet.Value;
            for (var offset = 2; subnet.TryHost(offset, out var ip); offset++)
            {
                var text = Ipv4.Format(ip);
                if (!taken.Contains(text) && text != network.Gateway) return text;
            }
            throw new McpTemplateException($"The {network.Name} network {subnet} has no free address left for {who}: give its address (-Context).", network.Name + "_network");
        }

        private static void Validate(McpClusterSpec spec)
        {
            if (string.IsNullOrEmpty(spec.Name) || !NamePattern.IsMatch(spec.Name))
                throw new McpTemplateException($"The cluster name '{spec.Name}' is not valid: use lower-case letters, digits, '-' and '_' (it becomes the class cluster.<name>).", "Name");
            if (string.IsNullOrEmpty(spec.Domain) || !DomainPattern.IsMatch(spec.Domain))
                throw new McpTemplateException($"The domain '{spec.Domain}' is not a valid domain (lower-case labels of letters, digits, '-' and '_', separated by dots).", "Domain");
            if (!McpTemplateNames.All.Contains(spec.Template))
                throw new McpTemplateException($"Unknown template '{spec.Template}'. Templates: {string.Join(", ", McpTemplateNames.All)}.", "Template");
            if (spec.Site != null && !NamePattern.IsMatch(spec.Site))
                throw new McpTemplateException($"The site '{spec.Site}' is not valid: use lower-case letters, digits, '-' and '_'.", "Site");
        }
    }
}
