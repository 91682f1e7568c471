using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Planning;
using static McpModule.Generator.McpPillar;

namespace McpModule.Generator
{
    /// One cluster class per role: the role's network interfaces, its services (McpRoleServices) and,
    /// when the role has a VIP, the keepalived instance that holds it.
    internal sealed class McpRoleClass
    {
        private readonly McpModelFiles _f;
        private readonly McpClusterDesign _d;
        private readonly McpClusterSpec _s;
        private readonly McpNetworkPlan _p;
        private readonly string _c;
        private readonly McpRoleServices _services;
        private readonly McpInterfaceLayout _interfaces;

        public McpRoleClass(McpModelFiles files)
        {
            _f = files; _d = files.Design; _s = files.Spec; _p = files.Plan; _c = files.Cluster;
            _services = new McpRoleServices(files);
            _interfaces = new McpInterfaceLayout(files);
        }

        public void Write(McpRole role)
        {
            var classes = new List<object>();
            var parameters = new OrderedMap();
            var members = _f.MembersOf(role);
            var physical = !role.Virtual && role != McpRole.Config;
            var ovs = _interfaces.UsesOvsControl(role);
            var interfaces = physical ? _interfaces.Physical(role, ovs) : _interfaces.Virtual(role);
            var primary = physical ? "br-mgmt" : "ens3";
            parameters["linux"] = M("network", M("interface", interfaces));
            var services = new OrderedMap();
            var comment = _services.Add(role, members, classes, services, ref primary);

            if (role.VipOffset != null || _s.DeclaredVips.ContainsKey(role.Key))
            {
                if (!classes.Contains("service.keepalived.cluster")) classes.Add("service.keepalived.cluster");
                var vipIndex = _p.Vips.FindIndex(v => v.Service == role.Key);
                services["keepalived"] = M("cluster", M("instance", M(role.Key.ToUpperInvariant() + "_VIP", M(
                    "address", P(role.Key + "_address"), "password", P("keepalived_vip_password"),
                    "interface", primary, "virtual_router_id", (long)(50 + vipIndex), "priority", P("keepalived_vip_priority")))));
            }
            foreach (var s in services) parameters[s.Key] = s.Value;
            _f.Write(_f.ClusterFile(role.ClusterClass), comment, classes, parameters);
        }
    }
}
