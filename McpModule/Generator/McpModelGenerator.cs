using System.Linq;
using McpModule.Planning;

namespace McpModule.Generator
{
    /// Writes a designed cluster as a reclass model: classes/cluster/&lt;name&gt;/... (the init class,
    /// McpClusterInitClass, and one class per role, McpRoleClass), classes/service/... (McpServiceClass)
    /// and nodes/&lt;host&gt;.&lt;domain&gt;.yml (McpNodeFile). The plan rides along under mcp:plan (see McpPlanPillar).
    internal static class McpModelGenerator
    {
        /// The _param key that holds a node's address on a network.
        public static string AddressParameter(string network)
        {
            switch (network)
            {
                case McpNetworkNames.Control: return "single_address";
                case McpNetworkNames.Deploy: return "deploy_address";
                case McpNetworkNames.Tenant: return "tenant_address";
                case McpNetworkNames.StorageAccess: return "backend_address";
                case McpNetworkNames.StorageReplication: return "replication_address";
                case McpNetworkNames.Proxy: return "proxy_address";
                default: return network + "_address";
            }
        }

        /// <param name="cancellation">Checked per role and node.</param>
        public static McpGeneratedModel Generate(McpClusterDesign design, System.Threading.CancellationToken cancellation = default)
        {
            var files = new McpModelFiles(design);
            new McpClusterInitClass(files).Write();
            var roles = new McpRoleClass(files);
            foreach (var role in design.Roles)
            {
                cancellation.ThrowIfCancellationRequested();
                roles.Write(role);
            }
            var nodes = new McpNodeFile(files);
            foreach (var node in design.Nodes)
            {
                cancellation.ThrowIfCancellationRequested();
                nodes.Write(node);
            }
            var services = new McpServiceClass(files);
            foreach (var service in files.Services.ToList()) services.Write(service);
            return files.Model;
        }
    }
}
