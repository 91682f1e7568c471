using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Planning;
using static McpModule.Generator.McpPillar;

namespace McpModule.Generator
{
    /// classes/service/...: the small, self-contained service classes the role classes use (the formula's
    /// metadata, so that the model renders without reclass-system or salt-formulas).
    internal sealed class McpServiceClass
    {
        private readonly McpModelFiles _f;
        private readonly McpClusterDesign _d;
        private readonly McpClusterSpec _s;
        private readonly McpNetworkPlan _p;
        private readonly string _c;

        public McpServiceClass(McpModelFiles files)
        {
            _f = files; _d = files.Design; _s = files.Spec; _p = files.Plan; _c = files.Cluster;
        }

        public void Write(string cls)
        {
            var parts = cls.Split('.');
            var app = parts[1];
            var role = parts.Length > 2 ? parts[2] : "server";
            var parameters = M(app, M(role, M("enabled", true)));
            if (cls == "service.linux.system")
                parameters = M("linux", M("system", M("enabled", true, "timezone", "UTC"), "network", M("enabled", true)));
            _f.Write($"classes/{string.Join("/", parts)}.yml", $"Service class {cls}: what the {app} formula's metadata gives every {role}.",
                  null, parameters, L(app));
        }
    }
}
