using System;
using System.IO;
using System.Linq;
using McpModule.FileSystem;
using McpModule.Tests.Model;
using Xunit;

namespace McpModule.Tests.FileSystem
{
    /// A folder read through readdir classes its entries as .NET's enumeration does (the walks
    /// that use it give the same model as before), and fails as .NET fails.
    public sealed class FolderEntriesTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "mcp-entries-" + Guid.NewGuid().ToString("N"));

        public FolderEntriesTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        [Fact]
        public void Entries_are_classed_as_dotnet_classes_them()
        {
            if (!OperatingSystem.IsLinux()) return;   // readdir here; elsewhere TryReadNative gives null
            Directory.CreateDirectory(Path.Combine(_root, "folder"));
            Directory.CreateDirectory(Path.Combine(_root, ".hidden"));
            File.WriteAllText(Path.Combine(_root, "file.yml"), "a: 1\n");
            File.WriteAllText(Path.Combine(_root, "ünïcode.yml"), "a: 1\n");
            File.CreateSymbolicLink(Path.Combine(_root, "to-file"), Path.Combine(_root, "file.yml"));
            Directory.CreateSymbolicLink(Path.Combine(_root, "to-folder"), Path.Combine(_root, "folder"));
            File.CreateSymbolicLink(Path.Combine(_root, "broken"), Path.Combine(_root, "nowhere"));
            Posix.MakeFifo(Path.Combine(_root, "fifo"));

            var entries = FolderEntries.TryReadNative(_root);
            Assert.NotNull(entries);
            var folders = Directory.GetDirectories(_root).Select(Path.GetFileName).ToList();
            var files = Directory.GetFiles(_root).Select(Path.GetFileName).ToList();
            // The same names in the same order as .NET's two enumerations, none of . and ..
            Assert.Equal(folders, entries.Where(e => e.IsFolder).Select(e => e.Name));
            Assert.Equal(files, entries.Where(e => !e.IsFolder).Select(e => e.Name));
            Assert.Equal(new[] { "broken", "to-file", "to-folder" }, entries.Where(e => e.IsLink).Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal));
            foreach (var e in entries)
                Assert.Equal((new FileInfo(Path.Combine(_root, e.Name)).Attributes & FileAttributes.ReparsePoint) != 0, e.IsLink);
            // Where readdir is not used, .NET's enumeration gives the same entries.
            Assert.Equal(entries.Select(e => (e.Name, e.IsFolder, e.IsLink)), FolderEntries.ReadThroughDotNet(_root).Select(e => (e.Name, e.IsFolder, e.IsLink)));
        }

        [Fact]
        public void A_missing_folder_or_a_file_fails_as_dotnet_fails()
        {
            Assert.Throws<DirectoryNotFoundException>(() => FolderEntries.TryReadNative(Path.Combine(_root, "missing")));
            Assert.Throws<DirectoryNotFoundException>(() => FolderEntries.ReadThroughDotNet(Path.Combine(_root, "missing")));
            File.WriteAllText(Path.Combine(_root, "file"), "");
            Assert.ThrowsAny<IOException>(() => FolderEntries.TryReadNative(Path.Combine(_root, "file")));
        }

        [Fact]
        public void A_folder_that_cannot_be_read_is_refused_as_dotnet_refuses_it()
        {
            if (!OperatingSystem.IsLinux()) return;
            var closed = Path.Combine(_root, "closed");
            Directory.CreateDirectory(closed);
            File.SetUnixFileMode(closed, UnixFileMode.None);
            try
            {
                var dotnet = Posix.WithoutFileOverrides(() => Record.Exception(() => Directory.GetFiles(closed)));
                var ours = Posix.WithoutFileOverrides(() => Record.Exception(() => FolderEntries.TryReadNative(closed)));
                Assert.IsType<UnauthorizedAccessException>(dotnet);
                Assert.IsType<UnauthorizedAccessException>(ours);
            }
            finally { File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
        }
    }
}
