using McpModule.Model;

namespace McpModule
{
    /// One cluster of a model repository: the nodes that use classes/cluster/<Name>/.
    public sealed class McpCluster
    {
        public McpCluster(string name, string domain, string site, int nodeCount, string path, ReclassModel model)
        {
            Name = name; Domain = domain; Site = site; NodeCount = nodeCount; Path = path; Model = model;
        }

        public string Name { get; }
        public string Domain { get; }
        public string Site { get; }
        public int NodeCount { get; }
        /// The model repository (inventory folder) the cluster lives in.
        public string Path { get; }
        public ReclassModel Model { get; }

        public override string ToString() => Name;
    }
}
