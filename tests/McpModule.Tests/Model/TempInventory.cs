using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace McpModule.Tests.Model
{
    /// A throwaway inventory folder written from (relative path, YAML) pairs.
    internal sealed class TempInventory : IDisposable
    {
        public TempInventory(params (string Path, string Yaml)[] files)
        {
            Root = Path.Combine(Path.GetTempPath(), "mcp-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(Root, "classes"));
            Directory.CreateDirectory(Path.Combine(Root, "nodes"));
            foreach (var (path, yaml) in files)
            {
                var full = Path.Combine(Root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full));
                System.IO.File.WriteAllText(full, yaml.Replace("\r\n", "\n"));
            }
        }

        public string Root { get; }
        public string File(string relative) => Path.Combine(Root, relative);

        /// A digest of every file name and byte under the inventory: equal before and
        /// after shows that nothing was written. Symbolic links are not followed (a test's
        /// link loop would never end).
        public string Digest()
        {
            var sb = new StringBuilder();
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
            foreach (var f in Directory.GetFiles(Root, "*", options).OrderBy(f => f, StringComparer.Ordinal))
            {
                sb.Append(f).Append('\0');
                sb.Append(Convert.ToBase64String(SHA256.HashData(System.IO.File.ReadAllBytes(f)))).Append('\n');
            }
            return sb.ToString();
        }

        public void Dispose()
        {
            try { Directory.Delete(Root, true); } catch (IOException) { }
        }
    }
}
