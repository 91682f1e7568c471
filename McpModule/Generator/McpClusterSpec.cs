using System;
using System.Collections.Generic;
using McpModule.Templates;

namespace McpModule.Generator
{
    internal static class McpTemplateNames
    {
        public const string Infrastructure = "infrastructure";
        public const string OpenstackOvs = "openstack-ovs";
        public const string OpenstackContrail = "openstack-contrail";
        public const string Kubernetes = "kubernetes";
        public static readonly IReadOnlyList<string> All = new[] { Infrastructure, OpenstackOvs, OpenstackContrail, Kubernetes };
    }

    /// A node the user (or a cookiecutter context) declares: its host name and addresses per network.
    internal sealed class McpDeclaredNode
    {
        public McpDeclaredNode(string hostname) { Hostname = hostname; }
        public string Hostname { get; set; }
        /// Network name → address.
        public Dictionary<string, string> Addresses { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// A device a context declares that is no Salt node (&lt;prefix&gt;NN_hostname and _address:
    /// opencontrail_router01): Key is the prefix with its number (opencontrail_router01).
    internal sealed class McpDeclaredDevice
    {
        public McpDeclaredDevice(string key, string kind, string name, string address) { Key = key; Kind = kind; Name = name; Address = address; }
        public string Key { get; }
        public string Kind { get; }
        public string Name { get; }
        public string Address { get; }
    }

    /// What to build: the template, its switches, the networks and any nodes or VIPs the user fixed.
    internal sealed class McpClusterSpec
    {
        public string Name { get; set; }
        public string Domain { get; set; }
        public string Site { get; set; }
        public string Template { get; set; } = McpTemplateNames.OpenstackOvs;
        public McpNeutronMode NeutronMode { get; set; } = McpNeutronMode.VxlanDvrInternal;
        public McpCalicoBgp CalicoBgp { get; set; } = McpCalicoBgp.FullMesh;
        public bool Ceph { get; set; }
        public bool StackLight { get; set; }
        public bool DriveTrain { get; set; }

        public int ComputeCount { get; set; } = 2;

        /// The cookiecutter context keys the spec was made from, with their values (empty without
        /// a context): a model that does not check names the keys behind its problems.
        /// The cluster's name as the context gives it, where it differs from Name (the class folder's,
        /// made safe for reclass's dotted class names); null otherwise. _param:cluster_name keeps it.
        public string ClusterName { get; set; }

        public List<McpDeclaredDevice> DeclaredDevices { get; } = new List<McpDeclaredDevice>();

        public IDictionary<string, string> ContextValues { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
        /// What reading the context adapted so the model could be made (one line per kind, naming the
        /// keys), for the caller to warn about.
        public List<string> Adaptations { get; } = new List<string>();
        public int GatewayCount { get; set; } = 3;
        public int OsdCount { get; set; } = 3;

        /// NICs of physical nodes: the PXE NIC and the two bonded ones (the infra set: every physical
        /// role without its own in RoleNics).
        public string DeployNic { get; set; } = "eth0";
        public string FirstNic { get; set; } = "eth1";
        public string SecondNic { get; set; } = "eth2";
        public string BondMode { get; set; } = "active-backup";

        /// Per role key (openstack_compute, kubernetes_compute, openstack_gateway, ceph_osd): the NICs and
        /// bond mode that role's nodes have where they differ from the infra set; null members keep it.
        public Dictionary<string, McpNicLayout> RoleNics { get; } = new Dictionary<string, McpNicLayout>(StringComparer.Ordinal);

        /// The NICs and bond mode of a role's physical nodes: its own where given, else the infra set's.
        public McpNicLayout NicsFor(string roleKey)
        {
            RoleNics.TryGetValue(roleKey ?? "", out var own);
            return new McpNicLayout
            {
                DeployNic = own?.DeployNic ?? DeployNic, FirstNic = own?.FirstNic ?? FirstNic,
                SecondNic = own?.SecondNic ?? SecondNic, BondMode = own?.BondMode ?? BondMode,
            };
        }

        /// Network overrides by name (deploy, control, proxy, public, tenant, storage, replication).
        public Dictionary<string, McpNetworkOverride> Networks { get; } = new Dictionary<string, McpNetworkOverride>(StringComparer.Ordinal);

        /// Per role key (openstack_control, ceph_osd ...): the nodes the user fixed, in order.
        public Dictionary<string, List<McpDeclaredNode>> DeclaredNodes { get; } = new Dictionary<string, List<McpDeclaredNode>>(StringComparer.Ordinal);

        /// Per role key: the VIP the user fixed (address, host name).
        public Dictionary<string, (string Address, string Hostname)> DeclaredVips { get; } =
            new Dictionary<string, (string, string)>(StringComparer.Ordinal);

        /// Extra _param values of the cluster (from a context), written to the cluster's init class.
        public SortedDictionary<string, string> ExtraParameters { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    }

    /// The network interfaces of a physical node: the PXE (deploy) NIC, and the two NICs bonded into bond0 with its mode.
    internal sealed class McpNicLayout
    {
        public string DeployNic { get; set; }
        public string FirstNic { get; set; }
        public string SecondNic { get; set; }
        public string BondMode { get; set; }
    }

    /// A network as the user gives it; null members keep the template's default.
    internal sealed class McpNetworkOverride
    {
        public string Cidr { get; set; }
        public int? VlanId { get; set; }
        /// True when the user says the network is untagged (a VLAN id of 0 in a context).
        public bool Untagged { get; set; }
        public string Gateway { get; set; }
    }
}
