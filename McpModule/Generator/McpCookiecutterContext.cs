using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using McpModule.Model.Data;
using McpModule.Model.Yaml;
using McpModule.Model;
using McpModule.Planning;
using McpModule.Templates;

namespace McpModule.Generator
{
    /// Reads an MCP cookiecutter context (a YAML file with a default_context: mapping) into a
    /// spec. Returns the keys it does not use, sorted, so the caller can report them all at once.
    internal static class McpCookiecutterContext
    {
        /// The most nodes one role may get from a context: its *_count / *_node_count key, its
        /// *_address_ranges (addresses, all ranges together) and its numbered *_nodeNN keys.
        /// MCP's cookiecutter names computes and OSDs with three digits (cmp001 ... cmp999);
        /// a count of two billion would otherwise build two billion nodes (and take all the
        /// machine's memory). The file itself is held to ModelLimits (size, nesting, aliases).
        public const int MaxNodesPerRole = 1000;

        private static readonly string[] RoleKeys =
        {
            "openstack_control", "openstack_database", "openstack_message_queue", "openstack_proxy", "openstack_gateway",
            "openstack_compute", "opencontrail_control", "opencontrail_analytics", "kubernetes_control", "kubernetes_compute",
            "ceph_mon", "ceph_rgw", "ceph_osd", "stacklight_monitor", "stacklight_telemetry", "stacklight_log", "cicd_control",
        };
        private static readonly string[] Ranged = { "openstack_compute", "kubernetes_compute", "ceph_osd" };

        /// Whether a role takes its nodes' addresses from *_address_ranges keys (the designer names them in warnings).
        internal static bool IsRanged(string role) => Ranged.Contains(role);

        public static IReadOnlyList<string> Apply(string path, McpClusterSpec spec)
        {
            var ctx = Read(path);
            var (references, unresolved) = McpContextReferences.Resolve(ctx);
            var used = new HashSet<string>(StringComparer.Ordinal);
            // An empty value is cookiecutter's "none": the key is read, and counts as not given.
            string Get(string key) { if (ctx.TryGetValue(key, out var v)) { used.Add(key); return string.IsNullOrWhiteSpace(v) ? null : v; } return null; }
            bool Flag(string key) => string.Equals(Get(key), "true", StringComparison.OrdinalIgnoreCase);
            int? Count(string key)
            {
                var v = Get(key);
                if (v == null) return null;
                if (!long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
                    throw new McpTemplateException($"Context key '{key}' is '{v}', not a whole number.", key);
                if (i < 0 || i > MaxNodesPerRole)
                    throw new McpTemplateException($"Context key '{key}' is {v}; a role has 0 to {MaxNodesPerRole} nodes (the bound, see docs/bounds.md).", key);
                return (int)i;
            }

            if (Get("cluster_name") is string name)
            {
                // reclass reads a '.' in a class name as a folder separator (cluster.a.b is a/b): the
                // classes go under a name without one, the parameter keeps the context's.
                spec.Name = name.Replace('.', '_');
                if (spec.Name != name)
                {
                    spec.ClusterName = name;
                    spec.Adaptations.Add($"cluster_name '{name}' has '.', which reclass reads in a class name as a folder separator: the cluster's classes are " +
                        $"classes/cluster/{spec.Name}/ (cluster.{spec.Name}); _param:cluster_name keeps '{name}'.");
                }
            }
            spec.Domain = Get("cluster_domain") ?? spec.Domain;
            if (spec.Domain != null && spec.Domain.IndexOf('_') >= 0)
                spec.Adaptations.Add($"cluster_domain '{spec.Domain}' has '_', which DNS host names cannot carry: the node names (<host>.{spec.Domain}) and " +
                    "_param:cluster_domain keep it as given (Salt minion ids and reclass take it); name resolution of those names needs /etc/hosts (linux:network:host) or another DNS domain.");

            // Template and components.
            var k8s = Flag("kubernetes_enabled");
            var openstack = Flag("openstack_enabled");
            var engine = Get("openstack_network_engine");
            var contrail = Flag("opencontrail_enabled") || engine == "opencontrail";
            Get("platform");
            spec.Template = k8s && !openstack ? McpTemplateNames.Kubernetes
                          : openstack ? (contrail ? McpTemplateNames.OpenstackContrail : McpTemplateNames.OpenstackOvs)
                          : McpTemplateNames.Infrastructure;
            var dvr = Flag("openstack_ovs_dvr_enabled");
            var vlan = string.Equals(Get("openstack_ovs_encapsulation_type"), "vlan", StringComparison.OrdinalIgnoreCase);
            spec.NeutronMode = vlan ? (dvr ? McpNeutronMode.VlanDvrSnat : McpNeutronMode.VlanNetworkNodes)
                                    : (dvr ? McpNeutronMode.VxlanDvrSnat : McpNeutronMode.VxlanNetworkNodes);
            spec.Ceph = Flag("ceph_enabled");
            spec.StackLight = Flag("stacklight_enabled");
            spec.DriveTrain = Flag("cicd_enabled");
            if (Flag("kubernetes_network_calico_enabled")) spec.CalicoBgp = McpCalicoBgp.FullMesh;

            // Networks.
            var inferred = new List<string>();
            void Net(string name, string cidrKey, string vlanKey, string gatewayKey, string netmaskKey, params string[] anchorKeys)
            {
                var cidr = cidrKey == null ? null : Get(cidrKey);
                var vlanText = vlanKey == null ? null : Get(vlanKey);
                var gateway = gatewayKey == null ? null : Get(gatewayKey);
                var netmask = netmaskKey == null ? null : Get(netmaskKey);
                if (cidr == null && netmask != null && McpContextSubnets.Infer(ctx, netmask, netmaskKey, gateway, anchorKeys) is (string around, string from))
                {
                    cidr = around;
                    inferred.Add($"{cidrKey} {around} (from {netmaskKey} and {from})");
                }
                if (cidr == null && vlanText == null && gateway == null) return;
                if (!spec.Networks.TryGetValue(name, out var o)) spec.Networks[name] = o = new McpNetworkOverride();
                if (cidr != null)
                {
                    if (!Ipv4Subnet.TryParse(cidr, out var subnet))
                        throw new McpTemplateException($"Context key '{cidrKey}' is '{cidr}', not a subnet in CIDR form.", cidrKey);
                    if (netmask != null && Ipv4.PrefixOfNetmask(netmask) != subnet.PrefixLength)
                        throw new McpTemplateException($"Context keys '{cidrKey}' ({cidr}) and '{netmaskKey}' ({netmask}) disagree.", netmaskKey);
                    o.Cidr = cidr;
                }
                if (vlanText != null)
                {
                    if (!int.TryParse(vlanText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
                        throw new McpTemplateException($"Context key '{vlanKey}' is '{vlanText}', not a VLAN id.", vlanKey);
                    if (v == 0) o.Untagged = true; else o.VlanId = v;
                }
                if (gateway != null) o.Gateway = gateway;
            }
            Net(McpNetworkNames.Deploy, "deploy_network_subnet", "maas_deploy_vlan", "deploy_network_gateway", "deploy_network_netmask",
                "salt_master_management_address", "maas_deploy_address", "*_deploy_address");
            Get("maas_deploy_cidr"); Get("maas_deploy_gateway");
            Net(McpNetworkNames.Control, "control_network_subnet", "control_vlan", null, "control_network_netmask",
                "salt_master_address", "infra_kvm_vip_address", "*_control_address");
            Net(McpNetworkNames.Tenant, "tenant_network_subnet", "tenant_vlan", "tenant_network_gateway", "tenant_network_netmask", "*_tenant_address");
            if (spec.Ceph)
            {
                Net(McpNetworkNames.StorageAccess, ctx.ContainsKey("ceph_public_network") ? "ceph_public_network" : "backend_network_subnet",
                    "backend_vlan", null, "backend_network_netmask");
                Net(McpNetworkNames.StorageReplication, "ceph_cluster_network", "backend_vlan", null, null);
                Get("backend_network_subnet");
            }

            if (inferred.Count > 0)
                spec.Adaptations.Add($"{inferred.Count} network(s) the context gives a netmask but no subnet for take the subnet of that netmask around an address the context gives on them: {string.Join("; ", inferred)}.");

            // NICs and bonds: the infra set for every physical node, and computes, network nodes and OSD
            // nodes (compute_*, gateway_*, ceph_osd_*) with their own NICs and bond mode wherever given.
            spec.DeployNic = Nic("infra_deploy_nic", Get) ?? spec.DeployNic;
            spec.FirstNic = Nic("infra_primary_first_nic", Get) ?? spec.FirstNic;
            spec.SecondNic = Nic("infra_primary_second_nic", Get) ?? spec.SecondNic;
            spec.BondMode = Bond("infra_bond_mode", Get) ?? spec.BondMode;
            CheckNics(spec.NicsFor(null), "infra");
            foreach (var (prefix, roles) in RoleNicKeys)
            {
                var own = new McpNicLayout
                {
                    FirstNic = Nic(prefix + "_primary_first_nic", Get), SecondNic = Nic(prefix + "_primary_second_nic", Get),
                    BondMode = Bond(prefix + "_bond_mode", Get),
                };
                if (own.FirstNic == null && own.SecondNic == null && own.BondMode == null) continue;
                foreach (var role in roles) spec.RoleNics[role] = own;
                CheckNics(spec.NicsFor(roles[0]), prefix);
            }

            // Nodes: cfg01, kvm nodes, then every role the templates know.
            var cfg = new McpDeclaredNode(Get("salt_master_hostname") ?? "cfg01");
            AddAddress(spec, cfg, Get("salt_master_address"), null);
            AddAddress(spec, cfg, Get("salt_master_management_address"), McpNetworkNames.Deploy);
            Get("maas_hostname"); Get("maas_deploy_address");
            spec.DeclaredNodes["infra_config"] = new List<McpDeclaredNode> { cfg };
            var kvms = new List<McpDeclaredNode>();
            for (var i = 1; ctx.ContainsKey($"infra_kvm{i:00}_hostname") || ctx.ContainsKey($"infra_kvm{i:00}_control_address"); i++)
            {
                var n = new McpDeclaredNode(Get($"infra_kvm{i:00}_hostname") ?? $"kvm{i:00}");
                AddAddress(spec, n, Get($"infra_kvm{i:00}_control_address"), McpNetworkNames.Control);
                AddAddress(spec, n, Get($"infra_kvm{i:00}_deploy_address"), McpNetworkNames.Deploy);
                kvms.Add(n);
            }
            if (kvms.Count > 0) spec.DeclaredNodes["infra_kvm"] = kvms;
            if (Get("infra_kvm_vip_address") is string kvmVip) spec.DeclaredVips["infra_kvm"] = (kvmVip, "kvm");

            foreach (var role in RoleKeys)
            {
                var nodes = new List<McpDeclaredNode>();
                for (var i = 1; ctx.ContainsKey($"{role}_node{i:00}_hostname") || ctx.ContainsKey($"{role}_node{i:00}_address"); i++)
                {
                    var n = new McpDeclaredNode(Get($"{role}_node{i:00}_hostname") ?? DefaultName(role, i));
                    AddAddress(spec, n, Get($"{role}_node{i:00}_address"), null);
                    AddAddress(spec, n, Get($"{role}_node{i:00}_single_address"), McpNetworkNames.Control);
                    AddAddress(spec, n, Get($"{role}_node{i:00}_deploy_address"), McpNetworkNames.Deploy);
                    AddAddress(spec, n, Get($"{role}_node{i:00}_tenant_address"), McpNetworkNames.Tenant);
                    AddAddress(spec, n, Get($"{role}_node{i:00}_backend_address"), McpNetworkNames.StorageAccess);
                    nodes.Add(n);
                }
                if (Ranged.Contains(role)) AddRanges(spec, role, nodes, Get, Count);
                if (nodes.Count > 0) spec.DeclaredNodes[role] = nodes;
                var vipKey = role == "cicd_control" ? "cicd_control_vip" : role;
                if (Get(vipKey + "_address") is string vip) spec.DeclaredVips[role] = (vip, Get(vipKey + "_hostname"));
                else Get(vipKey + "_hostname");
            }

            DeclareOtherRoles(ctx, spec, Get, references.Keys);
            DeclareDevices(ctx, spec, Get);

            foreach (var key in new[] { "openstack_version", "ceph_version", "mcp_version", "stacklight_version", "kubernetes_compute_count" })
                if (Get(key) is string v && key != "kubernetes_compute_count") spec.ExtraParameters[key] = v;
            foreach (var key in used) spec.ContextValues[key] = ctx[key];
            var followed = references.Where(r => used.Contains(r.Key)).Select(r => $"{r.Key} → {r.Value}").ToList();
            if (followed.Count > 0)
                spec.Adaptations.Add($"{followed.Count} key(s) are references to other keys of the context (${{_param:<key>}}) and take their values: {string.Join(", ", followed)}.");
            var dropped = unresolved.Where(used.Contains).ToList();
            if (dropped.Count > 0)
                spec.Adaptations.Add($"{dropped.Count} key(s) are references (${{_param:<key>}}) to no key of the context and count as not given: {string.Join(", ", dropped)}.");
            return ctx.Keys.Where(k => !used.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        }

        /// The context's key prefixes for NICs of their own, and the roles whose nodes they describe.
        private static readonly (string Prefix, string[] Roles)[] RoleNicKeys =
        {
            ("compute", new[] { "openstack_compute", "kubernetes_compute" }),
            ("gateway", new[] { "openstack_gateway" }),
            ("ceph_osd", new[] { "ceph_osd" }),
        };

        // A Linux interface name: at most 15 characters, no '/', ':' or white space.
        private static readonly Regex NicName = new Regex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}\z", RegexOptions.CultureInvariant);
        private static readonly string[] BondModes = { "balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb" };

        private static string Nic(string key, Func<string, string> get)
        {
            var v = get(key);
            if (v != null && !NicName.IsMatch(v))
                throw new McpTemplateException($"Context key '{key}' is '{v}', not a network interface name (letters, digits, '.', '-', '_'; at most 15).", key);
            return v;
        }

        /// A bond mode by name or by the number the kernel also takes (0 balance-rr ... 6 balance-alb).
        private static string Bond(string key, Func<string, string> get)
        {
            var v = get(key);
            if (v == null || BondModes.Contains(v) || (v.Length == 1 && v[0] >= '0' && v[0] <= '6')) return v;
            throw new McpTemplateException($"Context key '{key}' is '{v}', not a bond mode ({string.Join(", ", BondModes)}, or 0 to 6).", key);
        }

        /// The deploy NIC and the two bonded NICs of one kind of node must be three different interfaces.
        private static void CheckNics(McpNicLayout nics, string prefix)
        {
            var firstKey = prefix + "_primary_first_nic";
            var secondKey = prefix + "_primary_second_nic";
            if (nics.FirstNic == nics.SecondNic)
                throw new McpTemplateException($"Context keys '{firstKey}' and '{secondKey}' name the same interface '{nics.FirstNic}' for both NICs of bond0.", secondKey);
            if (nics.DeployNic == nics.FirstNic || nics.DeployNic == nics.SecondNic)
                throw new McpTemplateException($"The {prefix} nodes' deploy (PXE) interface '{nics.DeployNic}' (infra_deploy_nic) is also one of their bond0 NICs ({firstKey}, {secondKey}).",
                    nics.DeployNic == nics.FirstNic ? firstKey : secondKey);
        }

        private static readonly Regex NodeKey = new Regex(@"^(?<role>[a-z0-9_]+?)_node(?<i>\d\d)_(hostname|address|single_address|deploy_address|tenant_address|backend_address)$", RegexOptions.CultureInvariant);

        /// MCP's host name prefixes of roles the templates have no class for (used when a context gives addresses only).
        private static readonly Dictionary<string, string> OtherPrefixes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["openstack_telemetry"] = "mdb", ["openstack_barbican"] = "kmn", ["openstack_benchmark"] = "bmk",
            ["openstack_dns"] = "dns", ["openstack_upgrade"] = "upg", ["kubernetes_proxy"] = "prx",
        };

        /// Nodes of roles no template has (&lt;role&gt;_node01_hostname, &lt;role&gt;_node01_address ...): each
        /// becomes a node of a generic role named after the key. A role counts as declaring nodes when
        /// each of them has a host name or an address in one of the context's networks; the rest
        /// (octavia_health_manager_node01_address on Octavia's own network, oss_node03_address as a
        /// reference to another node) are left for the warning.
        private static void DeclareOtherRoles(Dictionary<string, string> ctx, McpClusterSpec spec, Func<string, string> get, ICollection<string> references)
        {
            // A key that is a reference to another key (oss_node03_address: ${_param:stacklight_monitor_node03_address})
            // names a node the context has already: it declares none.
            var roles = ctx.Keys.Where(k => !references.Contains(k)).Select(k => NodeKey.Match(k)).Where(m => m.Success)
                .GroupBy(m => m.Groups["role"].Value, StringComparer.Ordinal)
                .Where(g => !RoleKeys.Contains(g.Key) && !spec.DeclaredNodes.ContainsKey(g.Key))
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var role in roles)
            {
                var indices = role.Select(m => int.Parse(m.Groups["i"].Value, CultureInfo.InvariantCulture)).Distinct().OrderBy(i => i).ToList();
                bool Declares(int i) =>
                    ctx.ContainsKey($"{role.Key}_node{i:00}_hostname") && !references.Contains($"{role.Key}_node{i:00}_hostname") ||
                    new[] { "address", "single_address", "deploy_address", "tenant_address", "backend_address" }
                        .Any(s => !references.Contains($"{role.Key}_node{i:00}_{s}") && ctx.TryGetValue($"{role.Key}_node{i:00}_{s}", out var a) && InContextNetwork(spec, a));
                if (!indices.All(Declares)) continue;

                var prefix = ctx.TryGetValue(role.Key + "_hostname", out var vipName) && vipName.Length > 0 ? vipName
                           : OtherPrefixes.TryGetValue(role.Key, out var known) ? known : role.Key.Replace('_', '-');
                var nodes = new List<McpDeclaredNode>();
                foreach (var i in indices)
                {
                    var n = new McpDeclaredNode(get($"{role.Key}_node{i:00}_hostname") ?? $"{prefix}{i:00}");
                    AddAddress(spec, n, get($"{role.Key}_node{i:00}_address"), null);
                    AddAddress(spec, n, get($"{role.Key}_node{i:00}_single_address"), McpNetworkNames.Control);
                    AddAddress(spec, n, get($"{role.Key}_node{i:00}_deploy_address"), McpNetworkNames.Deploy);
                    AddAddress(spec, n, get($"{role.Key}_node{i:00}_tenant_address"), McpNetworkNames.Tenant);
                    AddAddress(spec, n, get($"{role.Key}_node{i:00}_backend_address"), McpNetworkNames.StorageAccess);
                    nodes.Add(n);
                }
                spec.DeclaredNodes[role.Key] = nodes;
                if (ctx.TryGetValue(role.Key + "_address", out var vip) && Ipv4.TryParse(vip, out _))
                    spec.DeclaredVips[role.Key] = (get(role.Key + "_address"), get(role.Key + "_hostname"));
            }
        }

        private static readonly Regex DeviceKey = new Regex(@"^(?<kind>[a-z][a-z0-9_]*?)(?<i>\d\d)_(hostname|address)\z", RegexOptions.CultureInvariant);

        /// Devices that are no Salt nodes: &lt;kind&gt;NN_address with &lt;kind&gt;NN_hostname (or without
        /// one, an address in one of the context's networks), where kind names no node role (opencontrail_router01 is OpenContrail's BGP
        /// router; infra_kvm01 and &lt;role&gt;_node01 are nodes). They go into the network plan, and their
        /// keys into _param, where the templates read them (OpenContrail's BGP peers).
        private static void DeclareDevices(Dictionary<string, string> ctx, McpClusterSpec spec, Func<string, string> get)
        {
            var found = ctx.Keys.Select(k => DeviceKey.Match(k)).Where(m => m.Success)
                .Select(m => (Kind: m.Groups["kind"].Value, Key: m.Groups["kind"].Value + m.Groups["i"].Value))
                .Where(d => !d.Kind.EndsWith("_node", StringComparison.Ordinal) && d.Kind != "infra_kvm" && d.Kind != "dns_server")
                .Distinct().OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
            var declared = new List<string>();
            foreach (var (kind, key) in found)
            {
                // One named by a host name is a device wherever its address is (opencontrail_router02 on the
                // external network the context gives no subnet for: no network in the plan); one without needs an
                // address in a network of the context to be told from other numbered keys.
                var named = ctx.TryGetValue(key + "_hostname", out var h) && !string.IsNullOrWhiteSpace(h);
                if (!ctx.TryGetValue(key + "_address", out var address) || !(InContextNetwork(spec, address) || named && Ipv4.TryParse(address, out _))) continue;
                var name = named ? h : key.Replace('_', '-');
                get(key + "_address"); get(key + "_hostname");
                spec.DeclaredDevices.Add(new McpDeclaredDevice(key, kind, name, address));
                spec.ExtraParameters[key + "_address"] = address;
                spec.ExtraParameters[key + "_hostname"] = name;
                declared.Add($"{key}_hostname/_address ({name} {address})");
            }
            if (declared.Count > 0)
                spec.Adaptations.Add($"{declared.Count} device(s) that are no Salt nodes are in the network plan (mcp:plan:devices) and _param, not nodes: {string.Join(", ", declared)}.");
        }

        private static bool InContextNetwork(McpClusterSpec spec, string address) =>
            Ipv4.TryParse(address, out var ip) &&
            spec.Networks.Values.Any(o => o.Cidr != null && Ipv4Subnet.Parse(o.Cidr).Contains(ip));

        private static string DefaultName(string role, int i)
        {
            var r = McpRole.For(new McpClusterSpec { Template = McpTemplateNames.OpenstackOvs, Ceph = true, StackLight = true, DriveTrain = true })
                .Concat(McpRole.For(new McpClusterSpec { Template = McpTemplateNames.OpenstackContrail }))
                .Concat(McpRole.For(new McpClusterSpec { Template = McpTemplateNames.Kubernetes }))
                .First(x => x.Key == role);
            return r.NodeName(i);
        }

        /// An address goes to the given network, or (when null) to the network whose subnet holds it, else control.
        private static void AddAddress(McpClusterSpec spec, McpDeclaredNode node, string address, string network)
        {
            if (address == null) return;
            if (network == null)
            {
                network = McpNetworkNames.Control;
                if (Ipv4.TryParse(address, out var ip))
                    foreach (var n in McpNetworkNames.All)
                        if (spec.Networks.TryGetValue(n, out var o) && o.Cidr != null && Ipv4Subnet.Parse(o.Cidr).Contains(ip)) { network = n; break; }
            }
            if (!node.Addresses.ContainsKey(network)) node.Addresses[network] = address;
        }

        private static void AddRanges(McpClusterSpec spec, string role, List<McpDeclaredNode> nodes, Func<string, string> get, Func<string, int?> getInt)
        {
            // The control address is *_single_address_ranges, or *_control_address_ranges in later contexts.
            // The backend addresses are Ceph's public network (storage access), except where the role has
            // storage addresses too (ceph_osd_storage_address_ranges): those are the public network, and the
            // backend ones Ceph's cluster network (replication).
            var storage = get($"{role}_storage_address_ranges");
            var ranges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (suffix, network) in new[] { ("single", McpNetworkNames.Control), ("control", McpNetworkNames.Control), ("deploy", McpNetworkNames.Deploy),
                                                      ("tenant", McpNetworkNames.Tenant), ("storage", McpNetworkNames.StorageAccess),
                                                      ("backend", storage != null ? McpNetworkNames.StorageReplication : McpNetworkNames.StorageAccess) })
            {
                var key = $"{role}_{suffix}_address_ranges";
                var text = get(key);
                if (text != null && !ranges.ContainsKey(network)) ranges[network] = Expand(text, key);
            }
            var count = getInt(role + "_count") ?? getInt(role + "_node_count") ?? (ranges.Count > 0 ? ranges.Values.Max(r => r.Count) : nodes.Count);
            if (role == "ceph_osd") getInt("ceph_osd_count");
            var prefix = get(role + "_rack01_hostname") ?? DefaultName(role, 1).TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
            var padding = role == "ceph_osd" ? get("osd_padding_with_zeros") : get("compute_padding_with_zeros");
            get(role + "_rack01_single_subnet"); get(role + "_rack01_tenant_subnet"); get(role + "_rack01_backend_subnet");
            for (var i = nodes.Count + 1; i <= count; i++)
                nodes.Add(new McpDeclaredNode(string.Equals(padding, "false", StringComparison.OrdinalIgnoreCase) ? $"{prefix}{i}" : $"{prefix}{i:000}"));
            for (var i = 0; i < nodes.Count; i++)
                foreach (var r in ranges)
                    if (i < r.Value.Count && !nodes[i].Addresses.ContainsKey(r.Key)) nodes[i].Addresses[r.Key] = r.Value[i];
        }

        private static List<string> Expand(string text, string key)
        {
            var result = new List<string>();
            foreach (var part in text.Split(','))
            {
                var ends = part.Trim().Split('-');
                if (ends.Length != 2 || !Ipv4.TryParse(ends[0], out var a) || !Ipv4.TryParse(ends[1], out var b) || b < a)
                    throw new McpTemplateException($"Context key '{key}' has '{part}', not an address range a.b.c.d-a.b.c.e.", key);
                if ((long)b - a + 1 > MaxNodesPerRole - result.Count)
                    throw new McpTemplateException($"Context key '{key}' holds more than {MaxNodesPerRole} addresses, one per node of a role at most (the bound, see docs/bounds.md).", key);
                for (var ip = a; ip <= b; ip++) result.Add(Ipv4.Format(ip));
            }
            return result;
        }

        /// default_context as flat strings (values are scalars in MCP contexts), read within
        /// ModelLimits (size, nesting, aliases) by the model's YAML reader, scalars as text.
        private static Dictionary<string, string> Read(string path)
        {
            object doc;
            try { doc = YamlFileReader.Parse(YamlFileReader.ReadText(path), path, scalarsAsText: true); }
            catch (ModelException e)
            {
                throw new McpTemplateException(e.Message, "Context");   // it names the file, line and column
            }
            if (!(doc is OrderedMap root) || !root.TryGetValue("default_context", out var inner) || !(inner is OrderedMap map))
                throw new McpTemplateException($"The context '{path}' has no default_context: mapping.", "Context");
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in map) result[pair.Key] = pair.Value is string text ? text : pair.Value == null ? "" : PythonFormat.Str(pair.Value);
            return result;
        }
    }
}
