using System;
using System.IO;
using System.Runtime.InteropServices;
using McpModule.Lab;
using Xunit;

namespace McpModule.Tests.Lab
{
    public sealed class LabCapacityTests
    {
        [Fact]
        public void Nodes_that_fit_pass()
        {
            Assert.Null(LabCapacity.CheckInotify(10, 20, 128));
            Assert.Null(LabCapacity.CheckInotify(0, 500, 128));
        }

        [Fact]
        public void Thirty_nodes_on_the_debian_default_are_refused_with_the_sysctl_to_raise()
        {
            var message = LabCapacity.CheckInotify(30, 12, 128);
            Assert.NotNull(message);
            Assert.Contains("fs.inotify.max_user_instances is 128", message);
            Assert.Contains("sysctl -w fs.inotify.max_user_instances=512", message);   // 12 + 300 needed
            Assert.Contains("Nothing was started", message);
        }

        [Fact]
        public void Instances_in_use_count_an_inotify_this_process_opens()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            var before = LabCapacity.InotifyInUse();
            using (var watcher = new FileSystemWatcher(Path.GetTempPath()) { EnableRaisingEvents = true })
            {
                // .NET's watcher on Linux is one inotify instance per process; another may exist already
                var during = LabCapacity.InotifyInUse();
                Assert.True(during >= 1, $"no inotify instance found while a FileSystemWatcher runs ({before} before)");
            }
            Assert.True(LabCapacity.InotifyLimit() > 0);
        }
    }
}
