#nullable enable
using System;

namespace McpModule.Ceph.DriveGroups
{
    /// An OSD spec that cannot be used: the key at fault (`data_devices.size`, `placement.host_pattern`)
    /// and the problem. The message reads "<source>: <key>: <problem>".
    public sealed class OsdSpecException : Exception
    {
        internal OsdSpecException(string source, string key, string problem)
            : base(Compose(source, key, problem))
        {
            SpecSource = source;
            Key = key;
            Problem = problem;
        }

        /// Where the spec came from: a file, a pillar, "the spec 'fast'".
        public string SpecSource { get; }
        /// The key at fault as the spec spells it ("spec.data_devices.size"), empty for the spec as a whole.
        public string Key { get; }
        public string Problem { get; }

        private static string Compose(string source, string key, string problem)
        {
            var where = string.IsNullOrEmpty(source) ? "OSD spec" : source;
            return string.IsNullOrEmpty(key) ? $"{where}: {problem}" : $"{where}: {key}: {problem}";
        }
    }
}
