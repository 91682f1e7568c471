using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Planning;
using static McpModule.Generator.McpPillar;
using static McpModule.Generator.McpModelGenerator;

namespace McpModule.Generator
{
    /// nodes/&lt;host&gt;.&lt;domain&gt;.yml: the node's cluster classes, host name, addresses and its part of the plan.
    internal sealed class McpNodeFile
    {
        private readonly McpModelFiles _f;
        private readonly McpClusterDesign _d;
        private readonly McpClusterSpec _s;
        private readonly McpNetworkPlan _p;
        private readonly string _c;

        public McpNodeFile(McpModelFiles files)
        {
            _f = files; _d = files.Design; _s = files.Spec; _p = files.Plan; _c = files.Cluster;
        }

        public void Write(McpPlannedNode node)
        {
            var classes = L($"cluster.{_c}");
            foreach (var r in node.RoleList) classes.Add($"cluster.{_c}.{r.ClusterClass}");
            var param = M("linux_system_hostname", node.Name);
            var addresses = new OrderedMap();
            foreach (var n in McpNetworkNames.All)
            {
                if (!node.Addresses.TryGetValue(n, out var a)) continue;
                param[AddressParameter(n)] = a;
                addresses[n] = P(AddressParameter(n));
            }
            if (node.RoleList.Any(r => r.VipOffset != null || _s.DeclaredVips.ContainsKey(r.Key)))
                param["keepalived_vip_priority"] = (long)(100 + 10 - node.Index);
            var parameters = M("_param", param, McpPlanPillar.Key, M("node", M("addresses", addresses)));
            // A node MAAS addresses by DHCP among statically addressed nodes of its role: its deploy NIC
            // replaced whole ('~', reclass's override prefix), so no deploy_address is looked for.
            var metal = node.RoleList.FirstOrDefault(r => !r.Virtual && r != McpRole.Config);
            if (node.DeployByDhcp && metal != null && !_d.Nodes.Where(n => n.RoleList.Contains(metal)).All(n => n.DeployByDhcp))
                parameters["linux"] = M("network", M("interface", M("~" + _s.NicsFor(metal.Key).DeployNic, McpInterfaceLayout.DhcpDeploy())));
            var what = string.Join(", ", node.Roles) + (node.Host != null ? $", a VCP VM on {node.Host}" : "");
            _f.Write($"nodes/{node.Name}.{_s.Domain}.yml", $"Node {node.Name}: {what}.", classes, parameters);
        }
    }
}
