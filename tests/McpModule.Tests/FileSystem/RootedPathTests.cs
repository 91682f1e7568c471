using System;
using System.IO;
using McpModule.FileSystem;
using Xunit;

namespace McpModule.Tests.FileSystem
{
    public sealed class RootedPathTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "mcp-rooted-" + Guid.NewGuid().ToString("N"));
        private readonly string _root;

        public RootedPathTests()
        {
            _root = Path.Combine(_dir, "model");
            Directory.CreateDirectory(Path.Combine(_root, "classes", "cluster"));
            Directory.CreateDirectory(Path.Combine(_dir, "outside"));
        }

        public void Dispose() => Directory.Delete(_dir, true);

        [Theory]
        [InlineData("nodes/ctl01.yml")]
        [InlineData("classes/cluster/lab/init.yml")]
        [InlineData("classes/./cluster/x.yml")]
        [InlineData("a..b/c")]
        public void A_path_inside_the_root_resolves_under_it(string relative)
        {
            var full = RootedPath.Resolve(_root, relative, "test");
            Assert.StartsWith(_root + Path.DirectorySeparatorChar, full);
        }

        [Theory]
        [InlineData("../outside/x", "'..' segment")]
        [InlineData("classes/../../outside/x", "'..' segment")]
        [InlineData("/etc/passwd", "is absolute")]
        [InlineData("..", "'..' segment")]
        [InlineData("a\\..\\..\\x", "'..' segment")]
        [InlineData("nodes/x\n.yml", "control character")]
        [InlineData("", "empty path")]
        public void A_path_that_could_leave_the_root_is_refused(string relative, string why)
        {
            var e = Assert.Throws<PathOutsideRootException>(() => RootedPath.Resolve(_root, relative, "the manifest"));
            Assert.Contains(why, e.Message);
            Assert.StartsWith("the manifest: ", e.Message);
        }

        [Fact]
        public void A_symbolic_link_that_leads_out_of_the_root_is_refused_one_that_stays_inside_is_not()
        {
            File.CreateSymbolicLink(Path.Combine(_root, "classes", "out"), Path.Combine(_dir, "outside"));
            File.CreateSymbolicLink(Path.Combine(_root, "classes", "in"), Path.Combine(_root, "classes", "cluster"));
            File.CreateSymbolicLink(Path.Combine(_root, "classes", "file"), Path.Combine(_dir, "outside", "target"));
            var e = Assert.Throws<PathOutsideRootException>(() => RootedPath.Resolve(_root, "classes/out/x.yml", "test"));
            Assert.Contains("symbolic link " + Path.Combine(_root, "classes", "out"), e.Message);
            Assert.Throws<PathOutsideRootException>(() => RootedPath.Resolve(_root, "classes/file", "test"));
            Assert.Equal(Path.Combine(_root, "classes", "in", "x.yml"), RootedPath.Resolve(_root, "classes/in/x.yml", "test"));
        }

        [Fact]
        public void A_root_reached_through_a_link_is_still_its_own_inside()
        {
            var link = Path.Combine(_dir, "link-to-model");
            File.CreateSymbolicLink(link, _root);
            File.CreateSymbolicLink(Path.Combine(_root, "classes", "in"), Path.Combine(_root, "classes", "cluster"));
            Assert.Equal(Path.Combine(link, "classes", "in", "x.yml"), RootedPath.Resolve(link, "classes/in/x.yml", "test"));
        }
    }
}
