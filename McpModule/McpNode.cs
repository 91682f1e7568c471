using System;
using System.Collections.Generic;
using McpModule.Model;
using McpModule.Model.Data;

namespace McpModule
{
    /// A node of a cluster with its rendered parameters (pillar). What it shows is data only:
    /// Parameters is a dictionary (dot access, ConvertTo-Json as nested objects), the lists
    /// print as "a, b, c", and the cluster it came from is kept internal, so that
    /// ConvertTo-Json and Export-Csv write the node and not its whole model.
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
            Classes = McpList.Of(rendered.Classes);
            Applications = McpList.Of(rendered.Applications);
            Pillar = rendered.Parameters;
            _parameters = new Lazy<McpPillar>(() => McpPillar.From(Pillar, Name));
            Path = cluster.Path;
            File = rendered.File;
        }

        private McpNode(McpNode other, OrderedMap pillar)
        {
            Name = other.Name; ShortName = other.ShortName; Cluster = other.Cluster; ClusterObject = other.ClusterObject;
            Domain = other.Domain; Site = other.Site; Environment = other.Environment;
            Classes = other.Classes; Applications = other.Applications;
            Pillar = pillar;
            _parameters = new Lazy<McpPillar>(() => McpPillar.From(Pillar, Name));
            Path = other.Path; File = other.File;
        }

        /// The same node with another pillar: what a run works from when a cmdlet adds to the
        /// model's values for that run alone (Add-McpCephOsd's disks).
        internal McpNode WithPillar(OrderedMap pillar) => new McpNode(this, pillar);

        /// A node known by its name only, when no model is at hand (a device read from a
        /// `ceph-volume inventory` file): a target expression's name matchers (globs, E@, L@)
        /// match it, its pillar, role and site matchers do not.
        internal McpNode(string name)
        {
            Name = name;
            ShortName = ShortNameOf(name);
            Cluster = "";
            Domain = "";
            Environment = "";
            Classes = new McpList<string>();
            Applications = new McpList<string>();
            Pillar = new OrderedMap();
            _parameters = new Lazy<McpPillar>(() => McpPillar.From(Pillar, Name));
        }

        public string Name { get; }
        public string ShortName { get; }

        /// A node name's first label (ctl01 of ctl01.lab.local), as reclass's name:short is.
        public static string ShortNameOf(string name) => name?.Split('.')[0];
        public string Cluster { get; }
        public string Domain { get; }
        public string Site { get; }
        public string Environment { get; }
        /// Every class of the node, in merge order (an McpList: "a, b, c" as text).
        public IReadOnlyList<string> Classes { get; }
        public IReadOnlyList<string> Applications { get; }
        /// The rendered pillar as nested ordered dictionaries (an McpPillar, made on first use):
        /// `$node.Parameters.keepalived.cluster`. A copy of the node's own; changing it changes nothing else.
        public McpPillar Parameters => _parameters.Value;

        /// The rendered pillar as the engine has it, shared with the model's cache: never changed.
        internal OrderedMap Pillar { get; }
        private readonly Lazy<McpPillar> _parameters;
        /// The model repository, so that `Get-McpNode | Get-McpPillar` finds the model.
        public string Path { get; }
        /// The node's own file in the repository.
        public string File { get; }
        /// The cluster the node was rendered from (with its model): for the cmdlets, never output.
        internal McpCluster ClusterObject { get; }

        public override string ToString() => Name;
    }
}
