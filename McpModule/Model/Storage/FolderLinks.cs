using System;
using System.IO;
using System.Reflection;

namespace McpModule.Model.Storage
{
    /// Symbolic links of model folders resolved, so a walk that follows links (as reclass
    /// does) can tell a link back to a folder above it, a loop, from a link elsewhere.
    internal static class FolderLinks
    {
        // FileSystemInfo.LinkTarget (.NET 6 and later, so every pwsh 7) is not in
        // netstandard2.0; on Windows PowerShell links are not resolved, and the walks' bounds
        // (ModelLimits.MaxFolderDepth, MaxFolderEntries) stop a loop instead.
        private static readonly PropertyInfo LinkTarget = typeof(FileSystemInfo).GetProperty("LinkTarget");

        /// The path with its last part followed while it is a link (at most 40 times, as Linux does).
        /// Only the last part: a walk resolves each folder as it goes down.
        public static string Resolve(string path)
        {
            if (LinkTarget == null) return path;
            for (var hops = 0; hops < 40; hops++)
            {
                string target;
                try { target = LinkTarget.GetValue(new DirectoryInfo(path)) as string; }
                catch (TargetInvocationException) { return path; }
                if (target == null) return path;
                path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path), target));
            }
            return path;
        }

        /// The path with the links of every part resolved, from the root down.
        public static string RealPath(string path)
        {
            path = Path.GetFullPath(path);
            var root = Path.GetPathRoot(path);
            var real = root;
            foreach (var part in path.Substring(root.Length).Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries))
                real = Resolve(Path.Combine(real, part));
            return real;
        }
    }
}
