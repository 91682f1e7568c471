using System;
using System.Collections.Generic;

namespace McpModule.Generator
{
    /// The files of a generated model: path relative to the repository (forward slashes) → YAML text.
    internal sealed class McpGeneratedModel
    {
        internal McpGeneratedModel(string cluster) { Cluster = cluster; }
        public string Cluster { get; }
        public SortedDictionary<string, string> Files { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
        /// The manifest that records which files the cluster owns.
        public string ManifestPath => $"classes/cluster/{Cluster}/{McpModelWriter.ManifestName}";
    }
}
