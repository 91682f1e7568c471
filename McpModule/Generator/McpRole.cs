using System.Collections.Generic;
using McpModule.Planning;
using McpModule.Templates;

namespace McpModule.Generator
{
    /// A kind of node in a cluster: the keys a cookiecutter context uses for it
    /// (&lt;Key&gt;_node01_address, &lt;Key&gt;_address for its VIP), its host name prefix, how many,
    /// whether it is a VCP virtual machine on the kvm nodes, the networks it joins, the
    /// cluster class it gets, and the address offsets it takes in each network.
    internal sealed class McpRole
    {
        public string Key;            // openstack_control
        public string Prefix;         // ctl
        public int Count;
        public bool Virtual;          // a VCP VM on kvm nodes
        public string ClusterClass;   // openstack.control
        public string[] Networks;     // joined networks (control always first)
        public int FirstOffset;       // offset of node 1 in each network (/24: the last octet)
        public int MaxCount;
        public int? VipOffset;        // offset of the VIP on VipNetwork; null: no VIP
        public string VipNetwork = McpNetworkNames.Control;
        public string[] Quorum = System.Array.Empty<string>();
        public bool ZeroPadded;       // cmp001, osd001 as MCP names its scaled roles
        public string VmSize;         // the VM flavour in salt:control
        public bool Generic;          // a role only a context names: the shared classes, addresses as declared

        /// Offset of node `index` in a network, or null for a generic role: it takes the next free address.
        public int? FixedOffsetIn(string network, int index) => Generic ? (int?)null : OffsetIn(network, index);

        /// The offset of node `index` (1-based) in a network: proxies sit at .2 and .3 of the /29
        /// proxy network (gateway .1, VIP .4), everything else at FirstOffset onwards.
        public int OffsetIn(string network, int index) =>
            network == McpNetworkNames.Proxy ? 1 + index : FirstOffset + index - 1;

        public string NodeName(int index) => ZeroPadded ? $"{Prefix}{index:000}" : $"{Prefix}{index:00}";

        public static readonly McpRole Config = new McpRole
        {
            Key = "infra_config", Prefix = "cfg", Count = 1, MaxCount = 1, ClusterClass = "infra.config",
            Networks = new[] { McpNetworkNames.Control, McpNetworkNames.Deploy }, FirstOffset = 15,
        };
        public static readonly McpRole Kvm = new McpRole
        {
            Key = "infra_kvm", Prefix = "kvm", Count = 3, MaxCount = 9, ClusterClass = "infra.kvm",
            Networks = new[] { McpNetworkNames.Control, McpNetworkNames.Deploy }, FirstOffset = 241, VipOffset = 240,
        };

        public static IEnumerable<McpRole> For(McpClusterSpec spec)
        {
            var template = spec.Template;
            var openstack = template == McpTemplateNames.OpenstackOvs || template == McpTemplateNames.OpenstackContrail;
            var vlanTenants = spec.NeutronMode == McpNeutronMode.VlanNetworkNodes || spec.NeutronMode == McpNeutronMode.VlanDvrSnat;
            var tenantAddressed = template == McpTemplateNames.OpenstackContrail ||
                                  (template == McpTemplateNames.OpenstackOvs && !vlanTenants);
            string[] Vm(params string[] extra) => Concat(new[] { McpNetworkNames.Control }, extra);
            string[] Metal(params string[] extra) => Concat(new[] { McpNetworkNames.Control, McpNetworkNames.Deploy }, extra);
            var storage = spec.Ceph ? new[] { McpNetworkNames.StorageAccess } : System.Array.Empty<string>();

            yield return Config;
            yield return Kvm;
#pragma warning disable format   // a table, one role a statement: the formatter would make each a block
            if (openstack)
            {
                yield return new McpRole { Key = "openstack_control", Prefix = "ctl", Count = 3, MaxCount = 5, Virtual = true, ClusterClass = "openstack.control",
                    Networks = Vm(storage), FirstOffset = 11, VipOffset = 10, VmSize = "openstack.control" };
                yield return new McpRole { Key = "openstack_database", Prefix = "dbs", Count = 3, MaxCount = 5, Virtual = true, ClusterClass = "openstack.database",
                    Networks = Vm(), FirstOffset = 51, VipOffset = 50, Quorum = new[] { "galera" }, VmSize = "openstack.database" };
                yield return new McpRole { Key = "openstack_message_queue", Prefix = "msg", Count = 3, MaxCount = 5, Virtual = true, ClusterClass = "openstack.message_queue",
                    Networks = Vm(), FirstOffset = 41, VipOffset = 40, Quorum = new[] { "rabbitmq" }, VmSize = "openstack.message_queue" };
                yield return new McpRole { Key = "openstack_proxy", Prefix = "prx", Count = 2, MaxCount = 2, Virtual = true, ClusterClass = "openstack.proxy",
                    Networks = Vm(McpNetworkNames.Proxy), FirstOffset = 81, VipOffset = 4, VipNetwork = McpNetworkNames.Proxy, VmSize = "openstack.proxy" };
            }
            if (template == McpTemplateNames.OpenstackOvs)
            {
                yield return new McpRole { Key = "openstack_gateway", Prefix = "gtw", Count = spec.GatewayCount, MaxCount = 12, ClusterClass = "openstack.gateway",
                    Networks = Metal(tenantAddressed ? new[] { McpNetworkNames.Tenant } : System.Array.Empty<string>()), FirstOffset = 224 };
            }
            if (template == McpTemplateNames.OpenstackContrail)
            {
                yield return new McpRole { Key = "opencontrail_control", Prefix = "ntw", Count = 3, MaxCount = 5, Virtual = true, ClusterClass = "opencontrail.control",
                    Networks = Vm(), FirstOffset = 21, VipOffset = 20, VmSize = "opencontrail.control" };
                yield return new McpRole { Key = "opencontrail_analytics", Prefix = "nal", Count = 3, MaxCount = 5, Virtual = true, ClusterClass = "opencontrail.analytics",
                    Networks = Vm(), FirstOffset = 31, VipOffset = 30, VmSize = "opencontrail.analytics" };
            }
            if (openstack)
            {
                yield return new McpRole { Key = "openstack_compute", Prefix = "cmp", Count = spec.ComputeCount, MaxCount = 99, ClusterClass = "openstack.compute",
                    Networks = Metal(Concat(tenantAddressed ? new[] { McpNetworkNames.Tenant } : System.Array.Empty<string>(), storage)), FirstOffset = 101, ZeroPadded = true };
            }
            if (template == McpTemplateNames.Kubernetes)
            {
                yield return new McpRole { Key = "kubernetes_control", Prefix = "ctl", Count = 3, MaxCount = 5, ClusterClass = "kubernetes.control",
                    Networks = Metal(), FirstOffset = 11, VipOffset = 10, Quorum = new[] { "etcd" } };
                yield return new McpRole { Key = "kubernetes_compute", Prefix = "cmp", Count = spec.ComputeCount, MaxCount = 99, ClusterClass = "kubernetes.compute",
                    Networks = Metal(), FirstOffset = 101, ZeroPadded = true };
            }
            if (spec.Ceph)
            {
                yield return new McpRole { Key = "ceph_mon", Prefix = "cmn", Count = 3, MaxCount = 5, Virtual = true, ClusterClass = "ceph.mon",
                    Networks = Vm(McpNetworkNames.StorageAccess), FirstOffset = 66, Quorum = new[] { "ceph_mon" }, VmSize = "ceph.mon" };
                yield return new McpRole { Key = "ceph_rgw", Prefix = "rgw", Count = 3, MaxCount = 3, Virtual = true, ClusterClass = "ceph.rgw",
                    Networks = Vm(McpNetworkNames.StorageAccess), FirstOffset = 76, VipOffset = 75, VmSize = "ceph.rgw" };
                yield return new McpRole { Key = "ceph_osd", Prefix = "osd", Count = spec.OsdCount, MaxCount = 19, ClusterClass = "ceph.osd",
                    Networks = Metal(McpNetworkNames.StorageAccess, McpNetworkNames.StorageReplication), FirstOffset = 201, ZeroPadded = true };
            }
            if (spec.StackLight)
            {
                yield return new McpRole { Key = "stacklight_monitor", Prefix = "mon", Count = 3, MaxCount = 3, Virtual = true, ClusterClass = "stacklight.monitor",
                    Networks = Vm(), FirstOffset = 71, VipOffset = 70, VmSize = "stacklight.monitor" };
                yield return new McpRole { Key = "stacklight_telemetry", Prefix = "mtr", Count = 3, MaxCount = 3, Virtual = true, ClusterClass = "stacklight.telemetry",
                    Networks = Vm(), FirstOffset = 86, VipOffset = 85, VmSize = "stacklight.telemetry" };
                yield return new McpRole { Key = "stacklight_log", Prefix = "log", Count = 3, MaxCount = 3, Virtual = true, ClusterClass = "stacklight.log",
                    Networks = Vm(), FirstOffset = 61, VipOffset = 60, Quorum = new[] { "elasticsearch" }, VmSize = "stacklight.log" };
            }
            if (spec.DriveTrain)
            {
                yield return new McpRole { Key = "cicd_control", Prefix = "cid", Count = 3, MaxCount = 3, Virtual = true, ClusterClass = "cicd.control",
                    Networks = Vm(), FirstOffset = 91, VipOffset = 90, VmSize = "cicd.control" };
            }
#pragma warning restore format
        }

        /// The template's roles, then a generic role for every other role the spec declares nodes for
        /// (a context's kubernetes_proxy, openstack_telemetry, openstack_barbican ...), by key.
        public static IEnumerable<McpRole> WithDeclared(McpClusterSpec spec)
        {
            var known = new List<McpRole>(For(spec));
            foreach (var r in known) yield return r;
            var keys = new List<string>(spec.DeclaredNodes.Keys);
            keys.Sort(string.CompareOrdinal);
            foreach (var key in keys)
            {
                if (known.Exists(r => r.Key == key) || spec.DeclaredNodes[key].Count == 0) continue;
                yield return Declared(key, spec.DeclaredNodes[key]);
            }
        }

        /// A VCP VM role named after the context's role key: its class is cluster.&lt;a&gt;.&lt;b_c&gt;
        /// (openstack_telemetry → openstack.telemetry), it joins control and every network its nodes
        /// have an address on.
        private static McpRole Declared(string key, List<McpDeclaredNode> nodes)
        {
            var networks = new List<string> { McpNetworkNames.Control };
            foreach (var n in McpNetworkNames.All)
                if (!networks.Contains(n) && nodes.Exists(d => d.Addresses.ContainsKey(n))) networks.Add(n);
            var cls = key.IndexOf('_') is int i && i > 0 ? key.Substring(0, i) + "." + key.Substring(i + 1) : key;
            return new McpRole
            {
                Key = key, Prefix = nodes[0].Hostname.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), Count = nodes.Count,
                MaxCount = nodes.Count, Virtual = true, ClusterClass = cls, Networks = networks.ToArray(), VmSize = cls, Generic = true,
            };
        }

        private static string[] Concat(string[] a, string[] b)
        {
            var r = new string[a.Length + b.Length];
            a.CopyTo(r, 0); b.CopyTo(r, a.Length);
            return r;
        }
    }
}
