using System;
using System.IO;
using System.Linq;
using McpModule.Text;

namespace McpModule.FileSystem
{
    /// A path that must stay inside a root the module was given (a model repository, a formula
    /// folder, a lab's work folder) before the module writes, deletes or reads it for a user.
    internal static class RootedPath
    {
        /// The full path of <paramref name="relative"/> under <paramref name="root"/>; throws
        /// PathOutsideRootException when it is absolute, has a '..' segment or a control character,
        /// or when a folder or file on the way is a symbolic link that leads out of the root.
        /// <paramref name="what"/> names where the path came from, for the message.
        public static string Resolve(string root, string relative, string what)
        {
            if (string.IsNullOrEmpty(relative)) throw new PathOutsideRootException($"{what}: an empty path.", root, relative);
            if (relative.Any(c => c < ' ' || c == '\x7f')) throw new PathOutsideRootException($"{what}: the path '{DisplayText.Printable(relative)}' has a control character.", root, relative);
            var normal = relative.Replace('\\', '/');
            if (normal.StartsWith("/", StringComparison.Ordinal) || Path.IsPathRooted(relative) || (normal.Length > 1 && normal[1] == ':'))
                throw new PathOutsideRootException($"{what}: the path '{relative}' is absolute; only paths inside {root} are allowed.", root, relative);
            if (normal.Split('/').Any(s => s == ".."))
                throw new PathOutsideRootException($"{what}: the path '{relative}' has a '..' segment; only paths inside {root} are allowed.", root, relative);
            var fullRoot = Path.GetFullPath(root);
            var full = Path.GetFullPath(Path.Combine(fullRoot, normal.Replace('/', Path.DirectorySeparatorChar)));
            if (!IsInside(fullRoot, full)) throw new PathOutsideRootException($"{what}: the path '{relative}' leads out of {root}.", root, relative);
            var link = FirstLinkOut(fullRoot, full);
            if (link != null) throw new PathOutsideRootException($"{what}: the path '{relative}' goes through the symbolic link {link}, which leads out of {root}.", root, relative);
            return full;
        }

        /// True when <paramref name="path"/> is <paramref name="root"/> or below it (full paths,
        /// compared as text: callers resolve links with Resolve).
        public static bool IsInside(string root, string path)
        {
            var r = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
            var p = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
            return p == r || p.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }

        // Each existing step below the root that is a symbolic link must resolve inside the root.
        private static string FirstLinkOut(string root, string full)
        {
            var rootReal = RealPath(root);
            var step = root;
            foreach (var part in full.Substring(root.Length).Split(new[] { Path.DirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries))
            {
                step = Path.Combine(step, part);
                FileSystemInfo info = Directory.Exists(step) ? new DirectoryInfo(step) : (FileSystemInfo)new FileInfo(step);
                if (!info.Exists && !IsLink(info)) return null;     // nothing further exists yet
                if (IsLink(info) && !IsInside(rootReal, RealPath(step))) return step;
            }
            return null;
        }

        private static bool IsLink(FileSystemInfo info)
        {
            try { return (info.Attributes & FileAttributes.ReparsePoint) != 0; }
            catch (IOException) { return false; }
        }

        // The path with every symbolic link on it followed (a link cycle or a dangling link: the
        // path as far as it resolved, which then is not inside anything it should not be).
        private static string RealPath(string path)
        {
            var full = Path.GetFullPath(path);
            var result = Path.GetPathRoot(full);
            foreach (var part in full.Substring(result.Length).Split(new[] { Path.DirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries))
            {
                var next = Path.Combine(result, part);
                for (var hops = 0; hops < 40; hops++)
                {
                    string target;
                    try { target = LinkTarget(next); }
                    catch (IOException) { target = null; }
                    if (target == null) break;
                    next = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next) ?? result, target));
                }
                result = next;
            }
            return result;
        }

        private static string LinkTarget(string path)
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : (FileSystemInfo)new FileInfo(path);
            if (!IsLink(info)) return null;
            return NativePath.ReadLink(path);
        }
    }

    /// A path that would leave its root; nothing was written, deleted or read.
    public sealed class PathOutsideRootException : IOException
    {
        public PathOutsideRootException(string message, string root, string path) : base(message) { Root = root; PathGiven = path; }
        public string Root { get; }
        public string PathGiven { get; }
    }
}
