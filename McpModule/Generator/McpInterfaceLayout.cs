using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Planning;
using McpModule.Templates;
using static McpModule.Generator.McpPillar;
using static McpModule.Generator.McpModelGenerator;

namespace McpModule.Generator
{
    /// The network interfaces of a role: ens3.. on VCP VMs; on physical nodes the PXE NIC, bond0 of the
    /// two other NICs (the role's own, McpClusterSpec.NicsFor), and Linux bridges or OVS ports on its tagged sub-interfaces as the seed lays them out.
    internal sealed class McpInterfaceLayout
    {
        private readonly McpModelFiles _f;
        private readonly McpClusterDesign _d;
        private readonly McpClusterSpec _s;
        private readonly McpNetworkPlan _p;
        private readonly string _c;

        public McpInterfaceLayout(McpModelFiles files)
        {
            _f = files; _d = files.Design; _s = files.Spec; _p = files.Plan; _c = files.Cluster;
        }

        /// The deploy (PXE) NIC of a node MAAS addresses by DHCP.
        public static OrderedMap DhcpDeploy() => M("enabled", true, "type", "eth", "proto", "dhcp");

        public bool UsesOvsControl(McpRole role)
        {
            if (_s.Template != McpTemplateNames.OpenstackOvs) return false;
            var vlan = _s.NeutronMode == McpNeutronMode.VlanNetworkNodes || _s.NeutronMode == McpNeutronMode.VlanDvrSnat;
            return role.Key == "openstack_gateway" || (role.Key == "openstack_compute" && vlan);
        }

        public OrderedMap Virtual(McpRole role)
        {
            var ifs = new OrderedMap();
            var nic = 3;
            foreach (var n in role.Networks.Select(_d.Resolve).Distinct())
            {
                var net = _p.Network(n);
                var m = M("enabled", true, "type", "eth", "proto", "static", "address", P(AddressParameter(n)), "netmask", net.Netmask);
                if (n == McpNetworkNames.Control && net.Gateway != null && role != McpRole.Config) m["gateway"] = net.Gateway;
                if (n == McpNetworkNames.Deploy && net.Gateway != null) m["gateway"] = net.Gateway;
                ifs["ens" + nic++] = m;
            }
            return ifs;
        }

        public OrderedMap Physical(McpRole role, bool ovs)
        {
            var ifs = new OrderedMap();
            var deploy = _p.Network(_d.Resolve(McpNetworkNames.Deploy));
            var members = _d.Nodes.Where(n => n.RoleList.Contains(role)).ToList();
            OrderedMap d;
            if (members.Count > 0 && members.All(n => n.DeployByDhcp)) d = DhcpDeploy();
            else
            {
                d = M("enabled", true, "type", "eth", "proto", "static", "address", P("deploy_address"), "netmask", deploy.Netmask);
                if (deploy.Gateway != null) d["gateway"] = deploy.Gateway;
            }
            // Computes, network nodes and OSD nodes may have NICs and a bond mode of their own (a context's
            // compute_*, gateway_*, ceph_osd_* keys); every other physical node has the infra set.
            var nics = _s.NicsFor(role.Key);
            ifs[nics.DeployNic] = d;
            ifs[nics.FirstNic] = M("enabled", true, "type", "eth", "proto", "manual", "master", "bond0");
            ifs[nics.SecondNic] = M("enabled", true, "type", "eth", "proto", "manual", "master", "bond0");
            var bond = M("enabled", true, "type", "bond", "mode", nics.BondMode, "slaves", nics.FirstNic + " " + nics.SecondNic, "proto", "manual");
            ifs["bond0"] = bond;
            var mode = _s.NeutronMode;
            var vlanTenants = mode == McpNeutronMode.VlanNetworkNodes || mode == McpNeutronMode.VlanDvrSnat;

            if (ovs)
            {
                // Network nodes (and computes with VLAN tenants): every tagged interface is an OVS
                // internal port of br-floating, which holds bond0 and is physnet1.
                ifs["br-floating"] = M("enabled", true, "type", "ovs_bridge");
                bond["ovs_bridge"] = "br-floating";
                foreach (var n in role.Networks.Select(_d.Resolve).Distinct().Where(n => n != McpNetworkNames.Deploy))
                {
                    var net = _p.Network(n);
                    var port = M("enabled", true, "type", "ovs_port", "bridge", "br-floating", "proto", "static",
                                 "address", P(AddressParameter(n)), "netmask", net.Netmask);
                    if (net.VlanId is int v) port["ovs_options"] = $"tag={v}";
                    ifs[BridgeOf(n)] = port;
                }
                if (vlanTenants)
                {
                    ifs["br-prv"] = M("enabled", true, "type", "ovs_bridge");
                    ifs["float-to-prv"] = M("enabled", true, "type", "ovs_port", "port_type", "patch", "bridge", "br-floating", "peer", "prv-to-float");
                    ifs["prv-to-float"] = M("enabled", true, "type", "ovs_port", "port_type", "patch", "bridge", "br-prv", "peer", "float-to-prv");
                }
                return ifs;
            }

            // Linux bridges and addresses on tagged sub-interfaces of bond0.
            foreach (var n in role.Networks.Select(_d.Resolve).Distinct().Where(n => n != McpNetworkNames.Deploy))
            {
                var net = _p.Network(n);
                var sub = net.VlanId is int v ? $"bond0.{v}" : "bond0";
                if (sub != "bond0") ifs[sub] = M("enabled", true, "type", "vlan", "proto", "manual", "use_interfaces", L("bond0"));
                var address = P(AddressParameter(n));
                if (n == McpNetworkNames.Control || (n == McpNetworkNames.Tenant && _s.Template == McpTemplateNames.OpenstackOvs))
                    ifs[BridgeOf(n)] = M("enabled", true, "type", "bridge", "proto", "static", "address", address, "netmask", net.Netmask, "use_interfaces", L(sub));
                else if (n == McpNetworkNames.Tenant)
                    ifs["vhost0"] = M("enabled", true, "type", "eth", "proto", "static", "address", address, "netmask", net.Netmask, "use_interfaces", L(sub));
                else if (sub != "bond0")
                {
                    var s = (OrderedMap)ifs[sub];
                    s["proto"] = "static"; s["address"] = address; s["netmask"] = net.Netmask;
                }
            }
            if (role.Key == "openstack_compute" && _s.Template == McpTemplateNames.OpenstackOvs && mode == McpNeutronMode.VxlanDvrSnat)
            {
                // DVR for all: computes reach the public network through an OVS br-floating.
                var pub = _p.Network(_d.Resolve(McpNetworkNames.Public));
                var sub = pub.VlanId is int v ? $"bond0.{v}" : "bond0";
                ifs["br-floating"] = M("enabled", true, "type", "ovs_bridge");
                ifs[sub] = M("enabled", true, "type", "vlan", "proto", "manual", "use_interfaces", L("bond0"), "ovs_bridge", "br-floating");
            }
            return ifs;
        }

        private static string BridgeOf(string network)
        {
            switch (network)
            {
                case McpNetworkNames.Control: return "br-mgmt";
                case McpNetworkNames.Tenant: return "br-mesh";
                case McpNetworkNames.StorageAccess: return "br-storage";
                case McpNetworkNames.StorageReplication: return "br-replication";
                default: return "br-" + network;
            }
        }
    }
}
