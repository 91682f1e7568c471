using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Planning;
using static McpModule.Generator.McpPillar;

namespace McpModule.Generator
{
    /// The cluster's init class: names, networks, VIPs, every node's control address, /etc/hosts
    /// entries, what every node shares (linux system, ntp, openssh, salt minion) and the plan under mcp:plan.
    internal sealed class McpClusterInitClass
    {
        private readonly McpModelFiles _f;
        private readonly McpClusterDesign _d;
        private readonly McpClusterSpec _s;
        private readonly McpNetworkPlan _p;
        private readonly string _c;

        public McpClusterInitClass(McpModelFiles files)
        {
            _f = files; _d = files.Design; _s = files.Spec; _p = files.Plan; _c = files.Cluster;
        }

        public void Write()
        {
            var param = M("cluster_name", _s.ClusterName ?? _c, "cluster_domain", _s.Domain);
            if (_s.Site != null) param["cluster_site"] = _s.Site;
            foreach (var n in _p.Networks)
            {
                param[n.Name + "_network_subnet"] = n.Cidr;
                param[n.Name + "_network_netmask"] = n.Netmask;
                if (n.Gateway != null) param[n.Name + "_network_gateway"] = n.Gateway;
            }
            foreach (var vip in _p.Vips)
            {
                param[vip.Service + "_address"] = vip.Address;
                param[vip.Service + "_hostname"] = vip.Hostname;
            }
            foreach (var role in _d.Roles)
            {
                var members = _f.MembersOf(role);
                for (var i = 0; i < members.Count; i++)
                {
                    param[$"{role.Key}_node{i + 1:00}_hostname"] = members[i].Name;
                    param[$"{role.Key}_node{i + 1:00}_address"] = members[i].Addresses[_d.Resolve(McpNetworkNames.Control)];
                }
            }
            param["keepalived_vip_password"] = "generated-" + _c;
            foreach (var extra in _s.ExtraParameters) if (!param.ContainsKey(extra.Key)) param[extra.Key] = extra.Value;

            var hosts = new OrderedMap();
            foreach (var vip in _p.Vips.Where(v => v.Network != null))
                if (!hosts.ContainsKey(vip.Hostname))
                    hosts[vip.Hostname] = M("address", P(vip.Service + "_address"), "names", L(vip.Hostname, vip.Hostname + ".${_param:cluster_domain}"));
            foreach (var role in _d.Roles)
            {
                var members = _f.MembersOf(role);
                for (var i = 0; i < members.Count; i++)
                    if (!hosts.ContainsKey(members[i].Name))
                        hosts[members[i].Name] = M("address", P($"{role.Key}_node{i + 1:00}_address"),
                            "names", L(members[i].Name, members[i].Name + ".${_param:cluster_domain}"));
            }
            // The plan points at the _param values, so a hand edit of an address is what Test-McpModel checks.
            var planPillar = McpPlanPillar.ToClusterPillar(_p);
            foreach (var n in (OrderedMap)planPillar["networks"])
            {
                var m = (OrderedMap)n.Value;
                m["cidr"] = P(n.Key + "_network_subnet");
                if (m.ContainsKey("gateway")) m["gateway"] = P(n.Key + "_network_gateway");
            }
            foreach (var v in (OrderedMap)planPillar["vips"]) ((OrderedMap)v.Value)["address"] = P(v.Key + "_address");
            var parameters = M(
                "_param", param,
                "linux", M("system", M("domain", P("cluster_domain"), "name", P("linux_system_hostname")),
                           "network", M("fqdn", "${_param:linux_system_hostname}.${_param:cluster_domain}", "host", hosts)),
                "salt", M("minion", M("master", M("host", P("infra_config_node01_address")))),
                "ntp", M("client", M("server", L("0.pool.ntp.org", "1.pool.ntp.org"))),
                McpPlanPillar.Key, M("plan", planPillar));
            _f.Write($"classes/cluster/{_c}/init.yml", $"Cluster \"{_c}\" ({_s.Template}): what every node shares, and the network plan under mcp:plan.",
                  L("service.linux.system", "service.ntp.client", "service.openssh.server", "service.salt.minion"), parameters);
        }
    }
}
