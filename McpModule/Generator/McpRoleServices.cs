using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Planning;
using McpModule.Templates;
using static McpModule.Generator.McpPillar;

namespace McpModule.Generator
{
    /// What each role runs: its service classes and their pillar (Neutron per mode, Calico, Ceph, ...).
    internal sealed class McpRoleServices
    {
        private readonly McpModelFiles _f;
        private readonly McpClusterDesign _d;
        private readonly McpClusterSpec _s;
        private readonly McpNetworkPlan _p;
        private readonly string _c;

        public McpRoleServices(McpModelFiles files)
        {
            _f = files; _d = files.Design; _s = files.Spec; _p = files.Plan; _c = files.Cluster;
        }

        /// Adds the role's service classes and their pillar; returns the class's comment. May move
        /// the keepalived interface (primary) to another NIC.
        public string Add(McpRole role, List<McpPlannedNode> members, List<object> classes, OrderedMap services, ref string primary)
        {
            string comment;
            switch (role.Key)
            {
                case "infra_config":
                    comment = "Salt master and reclass: the model/automation node (cfg01).";
                    classes.AddRange(L("service.salt.master", "service.reclass.storage"));
                    services["salt"] = M("master", M("worker_threads", 5L, "command_timeout", 10L));
                    services["reclass"] = M("storage", M("data_source", M("engine", "local"), "node_count", (long)_d.Nodes.Count));
                    break;
                case "infra_kvm":
                    comment = "Foundation nodes: KVM hosts of the virtual control plane; salt:control places every VCP VM on one of them.";
                    classes.AddRange(L("service.libvirt.server", "service.salt.control", "service.keepalived.cluster"));
                    var vms = new OrderedMap();
                    foreach (var vm in _d.Nodes.Where(n => n.Virtual))
                        vms[vm.Name] = M("name", vm.Name, "provider", vm.Host + ".${_param:cluster_domain}", "size", vm.RoleList[0].VmSize);
                    // Each size the VMs use gets the reference's figures (McpVcpSizes); sizes the
                    // compact table has no figures for stay undefined for the operator to fill in.
                    var control = M("enabled", true, "virt_enabled", true);
                    var sizes = McpVcpSizes.SaltControlSizes(_d);
                    if (sizes.Count > 0) control["size"] = sizes;
                    control["cluster"] = M("internal", M("domain", P("cluster_domain"), "engine", "virt", "node", vms));
                    services["salt"] = M("control", control);
                    if (sizes.Count > 0) services["virt"] = M("disk", McpVcpSizes.DiskProfiles(_d));
                    break;
                case "openstack_control":
                    comment = "OpenStack controllers (VCP): keystone, nova, neutron server, glance behind haproxy and a keepalived VIP.";
                    classes.AddRange(L("service.keystone.server", "service.nova.controller", "service.neutron.server", "service.glance.server", "service.haproxy.proxy"));
                    services["keystone"] = M("server", M("bind", M("address", P("single_address")),
                        "database", M("host", P("openstack_database_address"), "name", "keystone")));
                    services["nova"] = M("controller", M("bind", M("private_address", P("single_address")),
                        "message_queue", M("host", P("openstack_message_queue_address"))));
                    services["neutron"] = M("server", Neutron("server"));
                    services["glance"] = M("server", M("storage", M("engine", _s.Ceph ? "rbd" : "file")));
                    break;
                case "openstack_database":
                    comment = "MySQL/Galera cluster (VCP): a quorum group.";
                    classes.Add("service.galera.server");
                    services["galera"] = M("server", M("bind", M("address", P("single_address")),
                        "members", L(members.Select((m, i) => (object)M("host", P($"openstack_database_node{i + 1:00}_address"), "port", 4567L)))));
                    break;
                case "openstack_message_queue":
                    comment = "RabbitMQ cluster (VCP): a quorum group.";
                    classes.Add("service.rabbitmq.server");
                    services["rabbitmq"] = M("cluster", M("enabled", true, "members",
                        L(members.Select((m, i) => (object)M("name", P($"openstack_message_queue_node{i + 1:00}_hostname"), "host", P($"openstack_message_queue_node{i + 1:00}_address"))))));
                    break;
                case "openstack_proxy":
                    comment = "Proxy nodes (VCP): Horizon and API access on the proxy network, two proxies and a VIP.";
                    classes.AddRange(L("service.horizon.server", "service.nginx.server"));
                    services["nginx"] = M("server", M("site", M("openstack_api", M("enabled", true, "host", M("name", P("openstack_proxy_address"))))));
                    primary = "ens4";
                    break;
                case "openstack_gateway":
                    comment = "Network nodes (" + _s.NeutronMode + "): Neutron L3, DHCP and metadata agents; bond0 in br-floating (physnet1).";
                    classes.Add("service.neutron.gateway");
                    services["neutron"] = M("gateway", Neutron("gateway"));
                    break;
                case "openstack_compute":
                    comment = "Compute nodes (" + (_s.Template == McpTemplateNames.OpenstackContrail ? "OpenContrail vRouter" : _s.NeutronMode.ToString()) + ").";
                    classes.AddRange(L("service.nova.compute", "service.libvirt.server"));
                    services["nova"] = M("compute", M("bind", M("vnc_address", P("single_address")), "reserved_host_memory_mb", 1100L));
                    if (_s.Template == McpTemplateNames.OpenstackContrail)
                    {
                        classes.Add("service.opencontrail.compute");
                        services["opencontrail"] = M("compute", M("interface", M("dev", TaggedName(McpNetworkNames.Tenant), "address", P("tenant_address")),
                            "discovery", M("host", P("opencontrail_control_address"))));
                    }
                    else
                    {
                        classes.Add("service.neutron.compute");
                        services["neutron"] = M("compute", Neutron("compute"));
                    }
                    if (_s.Ceph) { classes.Add("service.ceph.client"); services["ceph"] = M("client", M("enabled", true)); }
                    break;
                case "opencontrail_control":
                    comment = "OpenContrail controllers (VCP): API server, configuration database, control (BGP/XMPP).";
                    classes.AddRange(L("service.opencontrail.control", "service.haproxy.proxy"));
                    services["opencontrail"] = M("control", M("bind", M("address", P("single_address")),
                        "members", L(members.Select((m, i) => (object)M("host", P($"opencontrail_control_node{i + 1:00}_address"), "id", (long)(i + 1))))));
                    // The context's gateway routers are the controllers' BGP peers (salt-formula-opencontrail's
                    // opencontrail:client:bgp_router, type router).
                    var routers = _s.DeclaredDevices.Where(d => d.Kind == "opencontrail_router").ToList();
                    if (routers.Count > 0)
                    {
                        var peers = new OrderedMap();
                        foreach (var r in routers)
                            peers[r.Key] = M("name", P(r.Key + "_hostname"), "ip_address", P(r.Key + "_address"), "type", "router");
                        ((OrderedMap)services["opencontrail"])["client"] = M("bgp_router", peers);
                    }
                    break;
                case "opencontrail_analytics":
                    comment = "OpenContrail analytics (VCP): collectors and the Cassandra database for analytics.";
                    classes.Add("service.opencontrail.collector");
                    services["opencontrail"] = M("collector", M("bind", M("address", P("single_address")),
                        "members", L(members.Select((m, i) => (object)M("host", P($"opencontrail_analytics_node{i + 1:00}_address"), "id", (long)(i + 1))))));
                    break;
                case "kubernetes_control":
                    comment = "Kubernetes masters: etcd (quorum), API server behind haproxy and keepalived, Calico.";
                    classes.AddRange(L("service.kubernetes.master", "service.etcd.server", "service.haproxy.proxy"));
                    services["etcd"] = M("server", M("bind", M("host", P("single_address")),
                        "members", L(members.Select((m, i) => (object)M("host", P($"kubernetes_control_node{i + 1:00}_address"), "name", P($"kubernetes_control_node{i + 1:00}_hostname"), "port", 4001L)))));
                    services["kubernetes"] = M("master", M("apiserver", M("address", P("single_address"), "vip_address", P("kubernetes_control_address")),
                        "network", Calico(members)));
                    break;
                case "kubernetes_compute":
                    comment = "Kubernetes minions: kubelet, etcd-proxy and calico-node.";
                    classes.Add("service.kubernetes.pool");
                    services["kubernetes"] = M("pool", M("apiserver", M("host", P("kubernetes_control_address")),
                        "address", P("single_address"), "network", Calico(_f.MembersOf(_d.Roles.First(r => r.Key == "kubernetes_control")))));
                    break;
                case "ceph_mon":
                    comment = "Ceph monitors (VCP): a quorum group.";
                    classes.AddRange(L("service.ceph.mon", "service.ceph.common"));
                    services["ceph"] = CephCommon(members, "mon");
                    break;
                case "ceph_rgw":
                    comment = "Ceph RADOS gateways (VCP) behind a VIP.";
                    classes.AddRange(L("service.ceph.radosgw", "service.ceph.common", "service.haproxy.proxy"));
                    services["ceph"] = CephCommon(_f.MembersOf(_d.Roles.First(r => r.Key == "ceph_mon")), "radosgw");
                    break;
                case "ceph_osd":
                    comment = "Ceph OSD nodes: storage access and replication networks.";
                    classes.AddRange(L("service.ceph.osd", "service.ceph.common"));
                    services["ceph"] = CephCommon(_f.MembersOf(_d.Roles.First(r => r.Key == "ceph_mon")), "osd");
                    break;
                case "stacklight_monitor":
                    comment = "StackLight monitoring (VCP): Prometheus, Alertmanager, Grafana.";
                    classes.AddRange(L("service.prometheus.server", "service.grafana.server"));
                    services["prometheus"] = M("server", M("bind", M("address", P("single_address")), "alertmanager", M("enabled", true)));
                    break;
                case "stacklight_telemetry":
                    comment = "StackLight metering (VCP): InfluxDB (one active instance) for long-term metrics.";
                    classes.Add("service.influxdb.server");
                    services["influxdb"] = M("server", M("http", M("bind", M("address", P("single_address"), "port", 8086L))));
                    break;
                case "stacklight_log":
                    comment = "StackLight logging (VCP): Elasticsearch cluster (quorum) and Kibana.";
                    classes.AddRange(L("service.elasticsearch.server", "service.kibana.server"));
                    services["elasticsearch"] = M("server", M("bind", M("address", P("single_address")),
                        "cluster", M("multicast", false, "members",
                            L(members.Select((m, i) => (object)M("host", P($"stacklight_log_node{i + 1:00}_address"), "port", 9300L))))));
                    break;
                case "cicd_control":
                    comment = "DriveTrain (VCP): Jenkins, Gerrit and the registry on a Docker swarm.";
                    classes.AddRange(L("service.docker.swarm", "service.jenkins.master", "service.gerrit.server"));
                    services["jenkins"] = M("master", M("host", P("cicd_control_address"), "port", 8081L));
                    break;
                case "kubernetes_proxy":
                    // Seed: HAProxy sends Kubernetes API requests round-robin to the masters' kube-apiserver; keepalived holds the VIP.
                    comment = "Kubernetes API proxies (VCP): HAProxy in front of the masters' kube-apiserver, behind a keepalived VIP.";
                    classes.Add("service.haproxy.proxy");
                    var masters = _d.Roles.FirstOrDefault(r => r.Key == "kubernetes_control");
                    var servers = masters == null ? new List<McpPlannedNode>() : _f.MembersOf(masters);
                    services["haproxy"] = M("proxy", M("listen", M("kubernetes_apiserver", M(
                        "type", "kubernetes", "binds", L(M("address", P("kubernetes_proxy_address"), "port", 443L)),
                        "servers", L(servers.Select((m, i) => (object)M("name", P($"kubernetes_control_node{i + 1:00}_hostname"),
                            "host", P($"kubernetes_control_node{i + 1:00}_address"), "port", 443L)))))));
                    break;
                default:
                    if (!role.Generic) throw new InvalidOperationException("No cluster class for role " + role.Key);
                    comment = $"Nodes of role {role.Key} as the context declares them: what every node runs (linux system and network, ntp, openssh, salt minion), no service of its own.";
                    break;
            }
            return comment;
        }

        private OrderedMap Neutron(string where)
        {
            var mode = _s.NeutronMode;
            var vlan = mode == McpNeutronMode.VlanNetworkNodes || mode == McpNeutronMode.VlanDvrSnat;
            var dvr = mode != McpNeutronMode.VxlanNetworkNodes && mode != McpNeutronMode.VlanNetworkNodes;
            var agentMode = where == "gateway" ? (dvr ? "dvr_snat" : "legacy") : where == "compute" ? (dvr ? "dvr" : "legacy") : null;
            var m = M("dvr", dvr);
            if (agentMode != null) m["agent_mode"] = agentMode;
            var mappings = M("physnet1", "br-floating");
            if (vlan) mappings["physnet2"] = "br-prv";
            m["backend"] = M("engine", "ovs", "tenant_network_types", vlan ? "flat,vlan" : "flat,vxlan",
                             "external_mtu", 1500L, "bridge_mappings", mappings);
            if (!vlan && where != "server") m["local_ip"] = P("tenant_address");
            if (where == "compute") m["external_access"] = mode == McpNeutronMode.VxlanDvrSnat || vlan;
            return m;
        }

        private OrderedMap Calico(List<McpPlannedNode> masters)
        {
            var calico = M("engine", "calico", "calico", M(
                "network", "192.168.0.0", "prefix", 16L,
                "bgp", _s.CalicoBgp == McpCalicoBgp.FullMesh ? "full_mesh" : "tor_peering",
                "etcd", M("members", L(masters.Select((m, i) => (object)M("host", P($"kubernetes_control_node{i + 1:00}_address"), "port", 4001L))))));
            if (_s.CalicoBgp == McpCalicoBgp.TorPeering)
            {
                var gw = _p.Network(_d.Resolve(McpNetworkNames.Control)).Gateway;
                ((OrderedMap)calico["calico"])["peers"] = L(M("address", gw ?? P("control_network_gateway"), "as_number", 64512L));
            }
            return calico;
        }

        private OrderedMap CephCommon(List<McpPlannedNode> mons, string role)
        {
            var publicNet = _p.Network(_d.Resolve(McpNetworkNames.StorageAccess));
            var clusterNet = _p.Network(_d.Resolve(McpNetworkNames.StorageReplication));
            var members = L(mons.Select((m, i) => (object)M("name", P($"ceph_mon_node{i + 1:00}_hostname"), "host", m.Addresses[publicNet.Name])));
            var common = M("cluster_name", "ceph", "public_network", publicNet.Cidr, "cluster_network", clusterNet.Cidr, "members", members);
            var m2 = M("common", common);
            m2[role] = role == "osd"
                ? M("enabled", true, "backend", M("bluestore", M("disks", L(M("dev", "/dev/sdb"), M("dev", "/dev/sdc")))))
                : M("enabled", true);
            return m2;
        }

        private string TaggedName(string network)
        {
            var net = _p.Network(_d.Resolve(network));
            return net.VlanId is int v ? $"bond0.{v}" : "bond0";
        }
    }
}
