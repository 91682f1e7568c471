using System;
using System.IO;
using System.Linq;
using McpModule.FileSystem;
using Xunit;

namespace McpModule.Tests.FileSystem
{
    public sealed class AtomicFileTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "mcp-atomic-" + Guid.NewGuid().ToString("N"));

        public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        [Fact]
        public void A_write_makes_its_folder_and_leaves_no_temp_file()
        {
            var path = Path.Combine(_dir, "a", "b.yml");
            AtomicFile.WriteAllText(path, "x: é\n");
            Assert.Equal(new byte[] { (byte)'x', (byte)':', (byte)' ', 0xC3, 0xA9, (byte)'\n' }, File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(Path.Combine(_dir, "a")));
        }

        [Fact]
        public void A_write_removes_what_a_killed_write_of_the_same_file_left_and_nothing_else()
        {
            Directory.CreateDirectory(_dir);
            var path = Path.Combine(_dir, "init.yml");
            var left = Path.Combine(_dir, ".init.yml.0123abcd.tmp");
            var other = Path.Combine(_dir, ".other.yml.0123abcd.tmp");
            var notOurs = Path.Combine(_dir, ".init.yml.notours.tmp");
            foreach (var f in new[] { left, other, notOurs }) File.WriteAllText(f, "half");
            AtomicFile.WriteAllText(path, "whole\n");
            Assert.False(File.Exists(left));
            Assert.True(File.Exists(other));
            Assert.True(File.Exists(notOurs));
            Assert.Equal("whole\n", File.ReadAllText(path));
        }
    }
}
