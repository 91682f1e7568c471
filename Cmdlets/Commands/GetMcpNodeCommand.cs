using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Model;

namespace McpModule.Cmdlets
{
    /// Renders the nodes of MCP clusters and filters them by name, application, class,
    /// environment and site.
    [Cmdlet(VerbsCommon.Get, "McpNode", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(McpNode))]
    public sealed class GetMcpNodeCommand : McpModelCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string ClusterSet = "Cluster";

        /// Node names (full "ctl01.lab.local" or short "ctl01"); wildcards allowed. Names can be
        /// piped as strings (with -Path).
        [Parameter(Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
        [Parameter(Position = 0, ParameterSetName = LiteralPathSet)]
        [Parameter(Position = 0, ParameterSetName = ClusterSet)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(NodeNameCompleter))]
        public string[] Name { get; set; }

        /// The model repository or inventory; the current location by default.
        [Parameter(ParameterSetName = PathSet)]
        [SupportsWildcards]
        public string Path { get; set; }

        /// The model repository as is (no wildcards); folders piped from Get-Item or Get-ChildItem
        /// bind here by their PSPath.
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string LiteralPath { get; set; }

        /// Clusters from Get-McpCluster.
        [Parameter(ParameterSetName = ClusterSet, Mandatory = true, ValueFromPipeline = true)]
        public McpCluster[] Cluster { get; set; }

        /// Only nodes that have any of these applications (reclass applications).
        [Parameter]
        [ArgumentCompleter(typeof(ModelValueCompleter))]
        public string[] Application { get; set; }

        /// Only nodes that have a class matching any of these patterns.
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ModelValueCompleter))]
        public string[] Class { get; set; }

        /// Only nodes of this reclass environment.
        [Parameter]
        [ArgumentCompleter(typeof(ModelValueCompleter))]
        public string Environment { get; set; }

        /// Only nodes of this site.
        [Parameter]
        [ArgumentCompleter(typeof(ModelValueCompleter))]
        public string Site { get; set; }

        /// Only nodes a Salt-style target expression selects: globs, E@regex, L@list,
        /// I@pillar:key:value, R@role, D@site, and/or/not with parentheses.
        [Parameter]
        [ArgumentCompleter(typeof(TargetCompleter))]
        public string Target { get; set; }

        private WildcardPattern[] _names;
        private WildcardPattern[] _classes;
        private HashSet<string> _applications;
        // Names without wildcards that no node matched (yet), and those that one did: a name given
        // once and searched in several clusters or models is an error only when none had it.
        private readonly HashSet<string> _unmatchedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _matchedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private string _searched;
        private McpModule.Targeting.McpTarget _target;
        private bool _targetMatched;

        protected override void BeginProcessing()
        {
            if (Target != null)
            {
                try { _target = McpModule.Targeting.McpTarget.Parse(Target); }
                catch (McpModule.Targeting.McpTargetException e)
                {
                    ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, ErrorCategory.InvalidArgument, Target));
                }
            }
            _classes = Patterns(Class);
            _applications = Application == null ? null : new HashSet<string>(Application, StringComparer.OrdinalIgnoreCase);
        }

        protected override void ProcessRecord()
        {
            // -Name may come from the pipeline, one record at a time.
            _names = Patterns(Name);
            if (Name != null)
                foreach (var name in Name)
                    if (!WildcardPattern.ContainsWildcardCharacters(name) && !_matchedNames.Contains(name)) _unmatchedNames.Add(name);

            if (ParameterSetName == ClusterSet)
            {
                foreach (var cluster in Cluster)
                {
                    if (cluster == null) continue;
                    var clusterPath = cluster.Path ?? cluster.Model?.Path;
                    if (clusterPath == null)
                    {
                        WriteNodes(cluster);
                        continue;
                    }
                    var entry = GetEntry(clusterPath);
                    // The cluster as the model on disk has it now (the object may be older).
                    McpCluster current;
                    try { current = ClustersOf(entry).FirstOrDefault(c => c.Name == cluster.Name) ?? cluster; }
                    catch (ModelException e) { ThrowModelError(e, cluster.Path); return; }
                    WriteNodes(current);
                    _searched = clusterPath;
                }
                return;
            }

            var path = ParameterSetName == LiteralPathSet ? ResolveLiteralPath(LiteralPath) : ResolveSinglePath(Path);
            if (path == null) return;
            var pathEntry = GetEntry(path);
            IReadOnlyList<McpCluster> clusters;
            try { clusters = ClustersOf(pathEntry); }
            catch (ModelException e) { ThrowModelError(e, path); return; }
            foreach (var cluster in clusters) WriteNodes(cluster);
            _searched = pathEntry.Path;
        }

        protected override void EndProcessing()
        {
            foreach (var name in _unmatchedNames)
                WriteError(ModelErrorRecords.NodeNotFound(name, _searched ?? Path ?? LiteralPath));
            // an expression that selects nothing is an error, as a name is (the other filters narrow what it selected)
            if (_target != null && _searched != null && !_targetMatched)
                WriteError(new ErrorRecord(new ItemNotFoundException($"The target '{Target}' matches no node of the model at '{_searched}'."),
                    "Mcp.TargetNoMatch", ErrorCategory.ObjectNotFound, Target));
        }

        private void WriteNodes(McpCluster cluster)
        {
            var nodes = NodesOf(cluster, out var errors);
            foreach (var error in errors)
            {
                // one record per problem: written when any node it affects is asked for
                if (error.Nodes.Count == 0 || error.Nodes.Where(n => NameMatches(n, McpNode.ShortNameOf(n))).ToList().Count > 0)
                    WriteModelError(error, error.Node);
            }
            foreach (var node in nodes)
            {
                // each filter is asked of every node: a name and an expression that select nothing are both said
                var targetMatch = _target == null || _target.IsMatch(node);
                _targetMatched |= _target != null && targetMatch;
                if (!NameMatches(node.Name, node.ShortName) || !targetMatch) continue;
                if (_applications != null && !(node.Applications ?? Array.Empty<string>()).Any(_applications.Contains)) continue;
                if (_classes != null && !(node.Classes ?? Array.Empty<string>()).Any(c => _classes.Any(p => p.IsMatch(c)))) continue;
                if (Environment != null && !string.Equals(node.Environment, Environment, StringComparison.OrdinalIgnoreCase)) continue;
                if (Site != null && !string.Equals(node.Site, Site, StringComparison.OrdinalIgnoreCase)) continue;
                WriteObject(node);
            }
        }

        private bool NameMatches(string name, string shortName)
        {
            if (_names == null) return true;
            var matched = false;
            foreach (var pattern in _names)
            {
                if (pattern.IsMatch(name) || (shortName != null && pattern.IsMatch(shortName)))
                {
                    matched = true;
                    break;
                }
            }
            if (matched)
            {
                foreach (var pattern in _unmatchedNames.Where(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase) ||
                                                                    string.Equals(n, shortName, StringComparison.OrdinalIgnoreCase)).ToList())
                {
                    _unmatchedNames.Remove(pattern);
                    _matchedNames.Add(pattern);
                }
            }
            return matched;
        }


        private static WildcardPattern[] Patterns(string[] values) =>
            values?.Select(v => WildcardPattern.Get(v, WildcardOptions.IgnoreCase)).ToArray();
    }
}
