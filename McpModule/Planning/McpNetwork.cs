#nullable enable
using System.Collections.Generic;

namespace McpModule.Planning
{
    /// The networks of the reference architecture (seed: "Types of networks").
    internal static class McpNetworkNames
    {
        public const string Deploy = "deploy";                 // PXE / management: MaaS and Salt, untagged on its own NIC
        public const string Control = "control";               // internal communication of all nodes and VCP VMs
        public const string Proxy = "proxy";                   // Horizon and API access: two proxies and a VIP, a /29
        public const string Public = "public";                 // floating IPs and VM Internet access
        public const string Tenant = "tenant";                 // data: VXLAN mesh (br-mesh), VLAN tenants (br-prv) or the OpenContrail overlay
        public const string StorageAccess = "storage";         // Ceph clients and servers (public_network of Ceph)
        public const string StorageReplication = "replication";// OSD to OSD (cluster_network of Ceph)

        public static readonly IReadOnlyList<string> All =
            new[] { Deploy, Control, Proxy, Public, Tenant, StorageAccess, StorageReplication };
    }

    /// One network of a plan: its subnet, VLAN, gateway and the bridge nodes join it with.
    public sealed class McpNetwork
    {
        public McpNetwork(string name, string? cidr, int? vlanId = null, string? gateway = null, string? bridge = null)
        {
            Name = name; Cidr = cidr; VlanId = vlanId; Gateway = gateway; Bridge = bridge;
        }

        public string Name { get; }
        /// "10.11.0.0/24" as given; Subnet is null when it does not parse.
        public string? Cidr { get; }
        /// The 802.1Q tag; null when the network is untagged.
        public int? VlanId { get; }
        public string? Gateway { get; }
        public string? Bridge { get; }
        /// The parsed subnet, for the plan's checks: internal, so that the network exports as its
        /// Cidr and Netmask (the struct would be a blob of numbers).
        internal Ipv4Subnet? Subnet => Ipv4Subnet.TryParse(Cidr, out var s) ? s : (Ipv4Subnet?)null;
        public string? Netmask => Subnet is Ipv4Subnet s ? Ipv4.Format(s.Netmask) : null;

        public override string ToString() => $"{Name} {Cidr}" + (VlanId is int v ? $" vlan {v}" : "");
    }

    /// The address of one node on one network.
    public sealed class McpNodeAddress
    {
        public McpNodeAddress(string node, string network, string? address) { Node = node; Network = network; Address = address; }
        public string Node { get; }
        public string Network { get; }
        /// As the model gives it; null when the model gives no text (the plan reports it).
        public string? Address { get; }
        public override string ToString() => $"{Node} {Network} {Address}";
    }

    /// A device of the network that is no Salt node (an OpenContrail BGP router, a switch): its
    /// name, what it is (the context key's prefix: opencontrail_router) and its address.
    public sealed class McpDevice
    {
        public McpDevice(string name, string kind, string? network, string? address) { Name = name; Kind = kind; Network = network; Address = address; }
        public string Name { get; }
        public string Kind { get; }
        /// The network whose subnet holds the address; null for an address outside the plan.
        public string? Network { get; }
        public string? Address { get; }
        public override string ToString() => $"{Name} {Kind} {Address}";
    }

    /// The virtual address of a clustered service (keepalived), its host name and members.
    public sealed class McpVip
    {
        public McpVip(string service, string? network, string? address, string? hostname, IReadOnlyList<string> members)
        {
            Service = service; Network = network; Address = address; Hostname = hostname; Members = McpList.Of(members);
        }
        public string Service { get; }
        /// The network the VIP lives on; null for an address outside the plan (an external endpoint).
        public string? Network { get; }
        public string? Address { get; }
        public string? Hostname { get; }
        public IReadOnlyList<string> Members { get; }
        public override string ToString() => $"{Service} {Address}";
    }

    /// A service whose members vote (galera, rabbitmq, etcd, ceph_mon, elasticsearch).
    public sealed class McpQuorumGroup
    {
        public McpQuorumGroup(string service, IReadOnlyList<string> members) { Service = service; Members = McpList.Of(members); }
        public string Service { get; }
        public IReadOnlyList<string> Members { get; }
        public override string ToString() => $"{Service} ({Members.Count})";
    }

    /// Where a virtual control plane instance runs: instance ctl01 of service ctl on kvm01.
    public sealed class McpVcpInstance
    {
        public McpVcpInstance(string service, string instance, string? host) { Service = service; Instance = instance; Host = host; }
        public string Service { get; }
        public string Instance { get; }
        public string? Host { get; }
        public override string ToString() => $"{Instance} on {Host}";
    }
}
