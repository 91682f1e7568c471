using System;
using System.Runtime.InteropServices;
using System.Text;

namespace McpModule.FileSystem
{
    /// Paths as libc takes them, and the one binding of its readlink (netstandard2.0 has no
    /// FileSystemInfo.LinkTarget).
    internal static class NativePath
    {
        [ThreadStatic] private static byte[] t_terminated;

        /// path as UTF-8 ending in NUL, in a buffer the calling thread reuses (valid until its next
        /// call). Opening a model makes a call for each of its files and folders (~1,100 on a real
        /// one): a new string and array for each were a tenth of a first call's garbage.
        internal static byte[] Terminated(string path)
        {
            var needed = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
            var buffer = t_terminated;
            if (buffer == null || buffer.Length < needed) t_terminated = buffer = new byte[Math.Max(needed, 1024)];
            buffer[Encoding.UTF8.GetBytes(path, 0, path.Length, buffer, 0)] = 0;
            return buffer;
        }

        // The path goes as UTF-8 on Linux and macOS (.NET's ANSI there); no Windows best-fit mapping.
        [DllImport("libc", EntryPoint = "readlink", SetLastError = true, BestFitMapping = false)]
        private static extern long SysReadLink(string path, byte[] buffer, long size);

        /// A symbolic link's target, or null when it is not a link or cannot be read (and on
        /// Windows, where links inside a model are not followed).
        public static string ReadLink(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return null;
            var buffer = new byte[4096];
            var n = SysReadLink(path, buffer, buffer.Length);
            return n <= 0 ? null : Encoding.UTF8.GetString(buffer, 0, (int)n);
        }
    }
}
