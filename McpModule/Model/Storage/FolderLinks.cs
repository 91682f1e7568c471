using System;
using System.IO;

namespace McpModule.Model.Storage
{
    /// Symbolic links of model folders resolved, so a walk that follows links (as reclass
    /// does) can tell a link back to a folder above it, a loop, from a link elsewhere.
    internal static class FolderLinks
    {
        // FileSystemInfo.LinkTarget (.NET 6 and later, so every pwsh 7) is not in
        // netstandard2.0; on Windows PowerShell links are not resolved, and the walks' bounds
        // (ModelLimits.MaxFolderDepth, MaxFolderEntries) stop a loop instead. Bound once as a
        // delegate: PropertyInfo.GetValue took 10-16 ms at its first call in a new process (the
        // runtime makes an invoke stub) and as much again for a model's few hundred folders.
        private static readonly Func<FileSystemInfo, string> LinkTarget = BindLinkTarget();

        private static Func<FileSystemInfo, string> BindLinkTarget()
        {
            var getter = typeof(FileSystemInfo).GetProperty("LinkTarget")?.GetGetMethod();
            return getter == null ? null : (Func<FileSystemInfo, string>)Delegate.CreateDelegate(typeof(Func<FileSystemInfo, string>), getter);
        }

        /// The path with its last part followed while it is a link (at most 40 times, as Linux does).
        /// Only the last part: a walk resolves each folder as it goes down.
        public static string Resolve(string path)
        {
            if (LinkTarget == null) return path;
            for (var hops = 0; hops < 40; hops++)
            {
                string target;
                try { target = LinkTarget(new DirectoryInfo(path)); }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException) { return path; }
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
