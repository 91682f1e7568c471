using System.Runtime.InteropServices;
using System.Text;

namespace McpModule.FileSystem
{
    /// The one binding of libc's readlink (netstandard2.0 has no FileSystemInfo.LinkTarget).
    internal static class NativePath
    {
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
