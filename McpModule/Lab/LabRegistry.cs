using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.FileSystem;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace McpModule.Lab
{
    /// Where labs live and how their state files are read and written.
    /// Layout (root = $MCP_LAB_STATE_DIR, else /var/lib/mcpmodule/labs):
    ///   &lt;root&gt;/&lt;cluster&gt;.json   the state file (McpLabInfo as JSON, camelCase keys)
    ///   &lt;root&gt;/&lt;cluster&gt;/        the lab's work folder (key, known_hosts, nodes/&lt;name&gt;/)
    /// Base images: $MCP_LAB_IMAGE_DIR, else /var/lib/mcpmodule/images.
    /// APT repositories of the labs: $MCP_LAB_REPO_DIR, else /var/lib/mcpmodule/repos.
    internal static class LabRegistry
    {
        public const string StateDirVariable = "MCP_LAB_STATE_DIR";
        public const string ImageDirVariable = "MCP_LAB_IMAGE_DIR";
        public const string DefaultStateDirectory = "/var/lib/mcpmodule/labs";
        public const string DefaultImageDirectory = "/var/lib/mcpmodule/images";
        public const string RepoDirVariable = "MCP_LAB_REPO_DIR";
        public const string DefaultRepositoryDirectory = "/var/lib/mcpmodule/repos";

        public static string StateDirectory
        {
            get
            {
                var v = Environment.GetEnvironmentVariable(StateDirVariable);
                return Path.GetFullPath(string.IsNullOrEmpty(v) ? DefaultStateDirectory : v);
            }
        }

        public static string ImageDirectory
        {
            get
            {
                var v = Environment.GetEnvironmentVariable(ImageDirVariable);
                return Path.GetFullPath(string.IsNullOrEmpty(v) ? DefaultImageDirectory : v);
            }
        }

        /// The cache of the labs' APT repositories, one folder per (image, package set).
        public static string RepositoryDirectory
        {
            get
            {
                var v = Environment.GetEnvironmentVariable(RepoDirVariable);
                return Path.GetFullPath(string.IsNullOrEmpty(v) ? DefaultRepositoryDirectory : v);
            }
        }

        public static string StateFile(string cluster) => Path.Combine(StateDirectory, ValidateName(cluster, "cluster") + ".json");
        public static string WorkDirectory(string cluster) => Path.Combine(StateDirectory, ValidateName(cluster, "cluster"));

        /// The lab of a cluster, when its state file exists and reads.
        public static bool TryGet(string clusterName, out McpLabInfo lab)
        {
            lab = null;
            if (!IsValidName(clusterName)) return false;
            var file = StateFile(clusterName);
            if (!File.Exists(file)) return false;
            try { lab = Read(file); return lab != null; }
            catch (Exception e) when (e is IOException || e is YamlDotNet.Core.YamlException || e is UnauthorizedAccessException) { return false; }
        }

        /// Every lab with a state file.
        public static IReadOnlyList<McpLabInfo> GetAll()
        {
            var dir = StateDirectory;
            if (!System.IO.Directory.Exists(dir)) return Array.Empty<McpLabInfo>();
            var labs = new List<McpLabInfo>();
            foreach (var f in System.IO.Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
                if (TryGet(Path.GetFileNameWithoutExtension(f), out var lab)) labs.Add(lab);
            return labs;
        }

        public static McpLabInfo Read(string file) => Deserializer.Deserialize<McpLabInfo>(File.ReadAllText(file));

        public static string ToJson(McpLabInfo lab) => Serializer.Serialize(lab);

        public static McpLabInfo FromJson(string json) => Deserializer.Deserialize<McpLabInfo>(json);

        /// Writes the state file atomically (temp file, flush, rename over it).
        public static void Write(McpLabInfo lab) => AtomicFile.WriteAllText(StateFile(lab.Cluster), ToJson(lab));

        internal static void Delete(string cluster)
        {
            var file = StateFile(cluster);
            if (File.Exists(file)) File.Delete(file);
        }

        /// Names that become file names, interface names and command-line arguments.
        public static bool IsValidName(string name) =>
            !string.IsNullOrEmpty(name) && name.Length <= 63 &&
            name.All(c => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') &&
            name[0] != '-';

        internal static string ValidateName(string name, string what) =>
            IsValidName(name) ? name : throw new ArgumentException($"'{name}' is not a valid {what} name for a lab (letters, digits, '-', '_'; at most 63).");

        /// A short stable id of a lab (names its bridge, machines and cgroups).
        internal static string LabId(string cluster) => Text.ShortHash.Of(StateDirectory + "\n" + cluster, 3);

        private static readonly ISerializer Serializer = new SerializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance).JsonCompatible().Build();

        private static readonly IDeserializer Deserializer = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance).IgnoreUnmatchedProperties().Build();
    }
}
