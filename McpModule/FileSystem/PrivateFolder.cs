using System;
using System.IO;
using System.Runtime.InteropServices;

namespace McpModule.FileSystem
{
    /// A folder only its owner can enter (0700 on Unix; a user's own profile folder on Windows):
    /// for what the module keeps of a model's pillar, which holds its secrets.
    internal static class PrivateFolder
    {
        [DllImport("libc", EntryPoint = "chmod", SetLastError = true, BestFitMapping = false)]
        private static extern int SysChmod(string path, uint mode);

        /// Makes the folder (and the ones above it that are missing) and closes it to everyone but
        /// its owner; false when it cannot be made or closed.
        public static bool Ensure(string path)
        {
            try { Directory.CreateDirectory(path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return false; }
            if (Environment.OSVersion.Platform != PlatformID.Unix) return true;
            try { return SysChmod(path, Convert.ToUInt32("700", 8)) == 0; }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException) { return false; }
        }
    }
}
