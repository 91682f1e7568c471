using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using McpModule.Lab;
using Xunit;

namespace McpModule.Tests.Lab
{
    /// A lab's state file names the node folders and cgroups a teardown removes; an edited file
    /// must not make Stop-McpLab remove or kill anything the lab did not make.
    public sealed class LabMachineTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "mcp-labmachine-" + Guid.NewGuid().ToString("N"));

        public LabMachineTests() => Directory.CreateDirectory(_dir);
        public void Dispose() => Directory.Delete(_dir, true);

        [Theory]
        [InlineData("elsewhere")]
        [InlineData("work/nodes/../../elsewhere")]
        [InlineData("work")]
        public void A_node_folder_outside_the_labs_work_folder_is_left_alone(string relative)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            var work = Path.Combine(_dir, "work");
            var victim = Path.Combine(_dir, relative);
            Directory.CreateDirectory(victim);
            File.WriteAllText(Path.Combine(victim, "keep"), "keep");
            LabMachine.Teardown(new McpLabNodeInfo { Name = "n1", Directory = victim, Cgroups = new List<string>() }, work);
            Assert.True(File.Exists(Path.Combine(victim, "keep")));
        }

        [Fact]
        public void A_node_folder_of_the_lab_is_removed()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            var work = Path.Combine(_dir, "work");
            var node = Path.Combine(work, "nodes", "n1");
            Directory.CreateDirectory(node);
            LabMachine.Teardown(new McpLabNodeInfo { Name = "n1", Directory = node, Cgroups = new List<string>() }, work);
            Assert.False(Directory.Exists(node));
        }

        [Theory]
        [InlineData("/sys/fs/cgroup/mcplab-0a1b/cfg01", true)]
        [InlineData("/sys/fs/cgroup/memory/mcplab-0a1b-cfg01", true)]
        [InlineData("/sys/fs/cgroup/systemd/mcplab-0a1b/cfg01", true)]
        [InlineData("/sys/fs/cgroup", false)]
        [InlineData("/sys/fs/cgroup/", false)]
        [InlineData("/sys/fs/cgroup/system.slice", false)]
        [InlineData("/sys/fs/cgroup/mcplab-0a1b/../system.slice", false)]
        [InlineData("/tmp/mcplab-x", false)]
        [InlineData("", false)]
        public void Only_cgroups_a_lab_makes_are_ever_emptied_or_removed(string path, bool owned) =>
            Assert.Equal(owned, LabHost.IsLabCgroup(path));
    }
}
