using System.Runtime.InteropServices;
using System.Text;

namespace McpModule.FileSystem
{
    /// The one binding of libc's readlink (netstandard2.0 has no FileSystemInfo.LinkTarget).
    public static class NativePath
    {
        [DllImport("libc", EntryPoint = "readlink", SetLastError = true)]
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
