using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Model;
using McpModule.Model.Data;

namespace McpModule.Cmdlets
{
    /// Renders the parameters (pillar) of model nodes, whole or at one key, as
    /// PowerShell dictionaries, JSON or YAML.
    [Cmdlet(VerbsCommon.Get, "McpPillar", DefaultParameterSetName = NodeSet)]
    [OutputType(typeof(McpPillar), typeof(object[]), typeof(string), typeof(long), typeof(double), typeof(bool))]
    public sealed class GetMcpPillarCommand : McpModelCmdlet
    {
        private const string NodeSet = "Node";
        private const string ClusterSet = "Cluster";
        private const string NodeObjectSet = "NodeObject";

        // -AsYaml of many pillars: one builder, and a subtree they share written once (pillars read
        // from the render cache share them); for this command's output only.
        private readonly YamlOutput _yamlOutput = new YamlOutput();

        /// Node names: full ("ctl01.lab.local"), short ("ctl01") or wildcards. Not mandatory to
        /// PowerShell only so that a piped cluster binds to -Cluster (a default parameter set with a
        /// mandatory pipeline parameter takes the pipeline first); without it the command stops.
        [Parameter(Position = 0, ParameterSetName = NodeSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(NodeNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Node { get; set; }

        /// Nodes (Get-McpNode): the pillar of each as the model it was read from has it now. Piped
        /// nodes bind here by their type; bound by their Name and Path properties (to -Node and
        /// -Path) they cost PowerShell's binder a third of a new session's first pipeline.
        [Parameter(Mandatory = true, ParameterSetName = NodeObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public McpNode[] InputObject { get; set; }

        /// The model (inventory) path, or any path inside it; the current location by default.
        [Parameter(ParameterSetName = NodeSet, ValueFromPipelineByPropertyName = true)]
        public string Path { get; set; }

        /// Clusters (Get-McpCluster, New-McpCluster): the pillar of every node of each.
        [Parameter(Mandatory = true, ParameterSetName = ClusterSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public McpCluster[] Cluster { get; set; }

        /// A key path into the pillar, parts separated by ':' as in Salt ("keystone:server:database").
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(PillarKeyCompleter))]
        public string Key { get; set; }

        /// The pillar a run on the node's running lab uses: the lab's overlay (root login kept,
        /// no clock control, the lab's APT repository, the model's mcp:lab:pillar) merged over it.
        /// A node of no running lab is an error record (Mcp.Lab.NodeNotInLab).
        [Parameter]
        public SwitchParameter Lab { get; set; }

        /// Output YAML text instead of objects.
        [Parameter]
        public SwitchParameter AsYaml { get; set; }

        /// Output JSON text instead of objects.
        [Parameter]
        public SwitchParameter AsJson { get; set; }

        protected override void BeginProcessing()
        {
            if (AsJson && AsYaml)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give -AsJson or -AsYaml, not both."),
                    "Mcp.AmbiguousFormat", ErrorCategory.InvalidArgument, null));
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ClusterSet)
            {
                foreach (var cluster in Cluster) WriteCluster(cluster);
                return;
            }

            if (ParameterSetName == NodeObjectSet)
            {
                foreach (var node in InputObject) WriteNodes(node.Path, new[] { node.Name });
                return;
            }
            if (Node == null)
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("Give node names (-Node), or pipe nodes (Get-McpNode), node names or clusters (Get-McpCluster)."),
                    "Mcp.NodeMissing", ErrorCategory.InvalidArgument, null));
            WriteNodes(Path, Node);
        }

        /// The nodes named (names, short names, wildcards) of the model at modelPath.
        private void WriteNodes(string modelPath, string[] requestedNames)
        {
            var path = ResolveSinglePath(modelPath);
            if (path == null) return;
            var entry = GetEntry(path);
            ReclassModel model;
            try { model = ModelOf(entry); }
            catch (ModelException e) { ThrowModelError(e, path); return; }

            foreach (var requested in requestedNames)
            {
                var names = NodeNames(model, requested);
                using (McpModule.Model.Rendering.RenderAhead.Start(model, names, Stopping))
                    foreach (var name in names)
                    {
                        RenderedNode rendered;
                        try { rendered = Render(model, name); }
                        catch (ModelException e)
                        {
                            WriteModelError(e, name);
                            continue;
                        }
                        WriteValue(rendered.Name, Lab ? WithLab(McpModule.Lab.LabOverlay.LabOfModel(model.Path, rendered.Name), rendered.Name, rendered.Parameters) : rendered.Parameters);
                    }
            }
        }

        /// Every node of a cluster, as the model on disk has it now (the object may be older).
        private void WriteCluster(McpCluster cluster)
        {
            if (cluster == null) return;
            var current = cluster;
            if (!string.IsNullOrEmpty(cluster.Path))
            {
                try { current = ClustersOf(GetEntry(cluster.Path)).FirstOrDefault(c => c.Name == cluster.Name); }
                catch (ModelException e) { ThrowModelError(e, cluster.Path); return; }
                if (current == null)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"The model at '{cluster.Path}' no longer has the cluster '{cluster.Name}'."),
                        "Mcp.ClusterNotFound", ErrorCategory.ObjectNotFound, cluster));
                    return;
                }
            }
            var nodes = NodesOf(current, out var errors);
            foreach (var error in errors) WriteModelError(error, error.Node);
            foreach (var node in nodes) WriteValue(node.Name, Lab ? WithLab(McpModule.Lab.LabOverlay.LabOf(node), node.Name, node.Pillar) : node.Pillar);
        }

        // The pillar under the lab's overlay; null (and an error record) for a node of no running lab.
        private OrderedMap WithLab(McpModule.Lab.McpLabInfo lab, string node, OrderedMap parameters)
        {
            if (lab != null) return McpModule.Lab.LabOverlay.Apply(parameters, McpModule.Lab.LabOverlay.For(parameters, lab));
            WriteError(new ErrorRecord(new InvalidOperationException($"{node} is a node of no running lab (Get-McpLab lists them); -Lab shows the pillar a lab run uses."),
                "Mcp.Lab.NodeNotInLab", ErrorCategory.ObjectNotFound, node));
            return null;
        }

        private void WriteValue(string node, OrderedMap parameters)
        {
            if (parameters == null) return;
            if (!PillarKey.TrySelect(parameters, Key, out var value, out var missingAt))
            {
                WriteError(ModelErrorRecords.KeyNotFound(node, Key, missingAt));
                return;
            }
            if (AsJson) WriteObject(ModelJson.Serialize(value, indented: true));
            else if (AsYaml) WriteObject(ModelYaml.Serialize(value, _yamlOutput));
            // A dictionary stays whole and says which node (and key) it is of; a list goes down
            // the pipeline item by item.
            else if (value is IDictionary<string, object> map) WriteObject(McpPillar.From(map, node, Key));
            else
            {
                var converted = McpPillar.Plain(value, node, Key);
                WriteObject(converted, converted is object[]);
            }
        }

        /// The model's node names a requested name stands for: the name itself, the one
        /// node whose short name it is, or every match of a wildcard. Writes an error when none.
        private string[] NodeNames(ReclassModel model, string requested)
        {
            var names = model.NodeNames;
            if (WildcardPattern.ContainsWildcardCharacters(requested))
            {
                var pattern = WildcardPattern.Get(requested, WildcardOptions.IgnoreCase);
                var matches = names.Where(n => pattern.IsMatch(n) || pattern.IsMatch(McpNode.ShortNameOf(n))).ToArray();
                if (matches.Length == 0) WriteError(ModelErrorRecords.NodeNotFound(requested, model.Path));
                return matches;
            }
            if (names.Contains(requested, StringComparer.Ordinal)) return new[] { requested };
            var byShortName = names.Where(n => string.Equals(McpNode.ShortNameOf(n), requested, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (byShortName.Length == 1) return byShortName;
            // Let the engine say it (it knows why: no file, a duplicate...).
            return new[] { requested };
        }

    }
}
