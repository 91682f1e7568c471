using System.Collections.Generic;
using McpModule.Model;

namespace McpModule
{
    /// A node of a cluster with its rendered parameters (pillar).
    public sealed class McpNode
    {
        internal McpNode(RenderedNode rendered, McpCluster cluster, string domain, string site)
        {
            Name = rendered.Name;
            ShortName = ShortNameOf(rendered.Name);
            Cluster = cluster.Name;
            ClusterObject = cluster;
            Domain = domain;
            Site = site;
            Environment = rendered.Environment;
            Classes = rendered.Classes;
            Applications = rendered.Applications;
            Parameters = rendered.Parameters;
            Path = cluster.Path;
            File = rendered.File;
        }

        public string Name { get; }
        public string ShortName { get; }

        /// A node name's first label (ctl01 of ctl01.lab.local), as reclass's name:short is.
        public static string ShortNameOf(string name) => name?.Split('.')[0];
        public string Cluster { get; }
        public string Domain { get; }
        public string Site { get; }
        public string Environment { get; }
        public IReadOnlyList<string> Classes { get; }
        public IReadOnlyList<string> Applications { get; }
        public OrderedMap Parameters { get; }
        /// The model repository, so that `Get-McpNode | Get-McpPillar` finds the model.
        public string Path { get; }
        /// The node's own file in the repository.
        public string File { get; }
        public McpCluster ClusterObject { get; }

        public override string ToString() => Name;
    }
}
