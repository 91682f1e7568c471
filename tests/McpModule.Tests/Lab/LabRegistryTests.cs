using System;
using System.Collections.Generic;
using System.IO;
using McpModule.Lab;
using Xunit;

namespace McpModule.Tests.Lab
{
    public sealed class LabRegistryTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "mcplab-test-" + Guid.NewGuid().ToString("N"));
        private readonly string _before = Environment.GetEnvironmentVariable(LabRegistry.StateDirVariable);

        public LabRegistryTests() => Environment.SetEnvironmentVariable(LabRegistry.StateDirVariable, _dir);

        public void Dispose()
        {
            Environment.SetEnvironmentVariable(LabRegistry.StateDirVariable, _before);
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        }

        [Fact]
        public void A_state_file_reads_back_as_written()
        {
            var lab = new McpLabInfo
            {
                Cluster = "lab", Bridge = "mcplababc123", Gateways = new List<string> { "10.11.0.1/24" },
                IdentityFile = "/x/id_ed25519", KnownHostsFile = "/x/known_hosts", WorkDirectory = "/x",
                Nodes = new List<McpLabNodeInfo>
                {
                    new McpLabNodeInfo { Name = "ctl01", FullName = "ctl01.lab.local", Address = "10.11.0.11", PrefixLength = 24,
                        SupervisorPid = 42, SupervisorStartTime = 1234567890123, Cgroups = new List<string> { "/sys/fs/cgroup/a" },
                        HostKeys = new List<string> { "ssh-ed25519 AAAA" } },
                },
            };
            LabRegistry.Write(lab);
            Assert.Equal(Path.Combine(_dir, "lab.json"), LabRegistry.StateFile("lab"));
            Assert.True(LabRegistry.TryGet("lab", out var read));
            Assert.Equal("root", read.User);
            Assert.Equal(22, read.Port);
            Assert.Equal("/x/known_hosts", read.KnownHostsFile);
            var n = read.FindNode("CTL01.lab.local");
            Assert.Equal("10.11.0.11", n.Address);
            Assert.Equal(1234567890123, n.SupervisorStartTime);
            Assert.Equal(new[] { "ssh-ed25519 AAAA" }, n.HostKeys);
            Assert.Single(LabRegistry.GetAll());
        }

        [Fact]
        public void The_state_file_is_json_with_camel_case_keys()
        {
            var json = LabRegistry.ToJson(new McpLabInfo { Cluster = "lab", Nodes = new List<McpLabNodeInfo> { new McpLabNodeInfo { Name = "a", Address = "10.0.0.2" } } });
            Assert.Contains("\"knownHostsFile\":", json);
            Assert.Contains("\"address\": \"10.0.0.2\"", json);
            Assert.Equal("10.0.0.2", LabRegistry.FromJson(json).Nodes[0].Address);
        }

        [Fact]
        public void There_is_no_lab_without_a_state_file_or_with_a_bad_name()
        {
            Assert.False(LabRegistry.TryGet("nolab", out _));
            Assert.False(LabRegistry.TryGet("../etc/passwd", out _));
            Assert.Empty(LabRegistry.GetAll());
        }
    }

    public sealed class LabImageTests
    {
        [Fact]
        public void The_mirror_comes_from_deb822_sources_skipping_security_and_updates()
        {
            var sources = "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\n" +
                          "Types: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\n";
            var m = LabImage.FindMirror(new[] { new KeyValuePair<string, string>("/etc/apt/sources.list.d/debian.sources", sources) });
            Assert.Equal("http://deb.debian.org/debian", m.Uri);
            Assert.Equal("bookworm", m.Suite);
        }

        [Fact]
        public void The_mirror_comes_from_one_line_sources_list()
        {
            var list = "# comment\ndeb http://security.debian.org/debian-security bookworm-security main\ndeb [arch=amd64] http://mirror.example/debian bookworm main\n";
            var m = LabImage.FindMirror(new[] { new KeyValuePair<string, string>("/etc/apt/sources.list", list) });
            Assert.Equal("http://mirror.example/debian", m.Uri);
            Assert.Equal("bookworm", m.Suite);
        }

        [Fact]
        public void The_cache_key_changes_with_the_package_list_only_not_its_order()
        {
            var s = new AptMirror("http://deb.debian.org/debian", "bookworm");
            Assert.Equal(LabImage.CacheKey(s, new[] { "a", "b" }), LabImage.CacheKey(s, new[] { "b", "a" }));
            Assert.NotEqual(LabImage.CacheKey(s, new[] { "a", "b" }), LabImage.CacheKey(s, new[] { "a", "c" }));
            Assert.StartsWith("bookworm-", LabImage.CacheKey(s, new[] { "a" }));
        }
    }
}
