using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace McpModule.FileSystem
{
    /// A folder's entries: a name and its type each. Read through readdir(3) where it can, without
    /// the FileSystemInfo, full path and enumerator .NET makes for each: a model's first call walks
    /// its ~1,100 files and folders twice (the folder watch, the listing), and through .NET those
    /// walks were a third of the call's garbage. That is Linux on 64 bits (where struct dirent has
    /// one layout in glibc and musl); elsewhere .NET's enumeration gives the same entries.
    internal static class FolderEntries
    {
        /// One entry. IsFolder as Directory.GetDirectories counts it: a folder or a link to one (a
        /// broken link and everything else is a file, as Directory.GetFiles counts it).
        internal readonly struct Entry
        {
            internal Entry(string name, bool isFolder, bool isLink)
            {
                Name = name;
                IsFolder = isFolder;
                IsLink = isLink;
            }

            internal string Name { get; }
            internal bool IsFolder { get; }
            internal bool IsLink { get; }
        }

        private const byte Unknown = 0, Directory = 4, Link = 10;
        private const int NameOffset = 19;   // d_ino 8, d_off 8, d_reclen 2, d_type 1
        private const int NoSuchFile = 2, AccessDenied = 13, NotFolder = 20;

        private static readonly bool Native = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && IntPtr.Size == 8;
        private static bool s_missing;

        /// The entries of folder but . and .., in the order the file system keeps them. Throws what
        /// .NET's enumeration throws: DirectoryNotFoundException, UnauthorizedAccessException, IOException.
        internal static List<Entry> Read(string folder) => TryReadNative(folder) ?? ReadThroughDotNet(folder);

        /// As Read, through .NET's enumeration (where readdir is not used).
        internal static List<Entry> ReadThroughDotNet(string folder)
        {
            var entries = new List<Entry>();
            foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos())
                entries.Add(new Entry(info.Name, info is DirectoryInfo, (info.Attributes & FileAttributes.ReparsePoint) != 0));
            return entries;
        }

        /// As Read, through readdir; null where this cannot read folders natively.
        internal static List<Entry> TryReadNative(string folder)
        {
            if (!Native || s_missing) return null;
            IntPtr dir;
            try { dir = opendir(NativePath.Terminated(folder)); }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                s_missing = true;
                return null;
            }
            if (dir == IntPtr.Zero) throw OpenError(folder, Marshal.GetLastWin32Error());
            try
            {
                var entries = new List<Entry>();
                IntPtr at;
                while ((at = readdir(dir)) != IntPtr.Zero)
                {
                    var name = NameAt(at + NameOffset);
                    if (name == "." || name == "..") continue;
                    var type = Marshal.ReadByte(at, 18);
                    if (type == Directory) entries.Add(new Entry(name, true, false));
                    else if (type == Link || type == Unknown) entries.Add(Looked(folder, name));
                    else entries.Add(new Entry(name, false, false));
                }
                // readdir gives null at the end and on an error, which only errno tells apart (the
                // call clears it first where SetLastError is asked for).
                var errno = Marshal.GetLastWin32Error();
                if (errno != 0) throw new IOException($"The folder '{folder}' could not be read to its end (errno {errno}).");
                return entries;
            }
            finally { _ = closedir(dir); }
        }

        // A link, or a file system that does not say (DT_UNKNOWN): asked as .NET asks, by path.
        private static Entry Looked(string folder, string name)
        {
            var path = Path.Combine(folder, name);
            FileAttributes attributes;
            try { attributes = File.GetAttributes(path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return new Entry(name, false, false); }
            var isLink = (attributes & FileAttributes.ReparsePoint) != 0;
            return new Entry(name, isLink ? System.IO.Directory.Exists(path) : (attributes & FileAttributes.Directory) != 0, isLink);
        }

        private static unsafe string NameAt(IntPtr name)
        {
            var bytes = (byte*)name;
            var length = 0;
            while (bytes[length] != 0) length++;
            return Encoding.UTF8.GetString(bytes, length);
        }

        private static Exception OpenError(string folder, int errno)
        {
            switch (errno)
            {
                case NoSuchFile: return new DirectoryNotFoundException($"Could not find a part of the path '{folder}'.");
                case AccessDenied: return new UnauthorizedAccessException($"Access to the path '{folder}' is denied.");
                case NotFolder: return new IOException($"'{folder}' is not a folder.");
                default: return new IOException($"The folder '{folder}' cannot be read (errno {errno}).");
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern IntPtr opendir(byte[] path);

        [DllImport("libc", SetLastError = true)]
        private static extern IntPtr readdir(IntPtr dir);

        [DllImport("libc", SetLastError = true)]
        private static extern int closedir(IntPtr dir);
    }
}
