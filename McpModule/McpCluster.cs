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
        /// The model the cluster was read from (its cache of parsed files and rendered nodes):
        /// for the engine and the cmdlets, never output (ConvertTo-Json would write all of it).
        internal ReclassModel Model { get; }

        public override string ToString() => Name;
    }
}
