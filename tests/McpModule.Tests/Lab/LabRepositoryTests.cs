using System;
using System.Collections.Generic;
using System.IO;
using McpModule.Lab;
using Xunit;

namespace McpModule.Tests.Lab
{
    public sealed class LabRepositoryTests
    {
        [Fact]
        public void The_sources_list_is_one_trusted_flat_repository_at_the_url()
        {
            Assert.Equal(
                "# McpModule lab: the lab's local APT repository on the lab bridge; nodes have no other source.\n" +
                "deb [trusted=yes] http://10.11.0.1:40123/ ./\n",
                LabRepository.SourcesList(LabRepository.Url("10.11.0.1", 40123)));
            Assert.EndsWith("deb [trusted=yes] http://10.0.0.1:80/ ./\n", LabRepository.SourcesList("http://10.0.0.1:80"));
        }

        [Fact]
        public void The_cache_key_ignores_order_and_repeats_but_not_the_image_or_the_set()
        {
            var a = LabRepository.CacheKey("bookworm-431bf1a31d9616ba", new[] { "tree", "jq" });
            Assert.Equal(a, LabRepository.CacheKey("bookworm-431bf1a31d9616ba", new[] { "jq", "tree", "jq" }));
            Assert.StartsWith("bookworm-431bf1a31d9616ba-", a);
            Assert.Matches("^bookworm-431bf1a31d9616ba-[0-9a-f]{16}$", a);
            Assert.NotEqual(a, LabRepository.CacheKey("bookworm-431bf1a31d9616ba", new[] { "jq" }));
            Assert.NotEqual(a, LabRepository.CacheKey("bookworm-0000000000000000", new[] { "jq", "tree" }));
            Assert.NotEqual(LabRepository.CacheKey("k", Array.Empty<string>()), LabRepository.CacheKey("k", new[] { "jq" }));
        }

        [Fact]
        public void Package_names_are_sorted_distinct_and_checked()
        {
            Assert.Equal(new[] { "g++", "jq", "libc6.1", "python3-yaml" }, LabRepository.Normalize(new[] { "python3-yaml", " jq", "g++", "jq", "libc6.1" }));
            Assert.Empty(LabRepository.Normalize(null));
            foreach (var bad in new[] { "Jq", "j", "-jq", "jq;rm -rf /", "jq tree", "../x", "" })
            {
                var e = Assert.Throws<LabException>(() => LabRepository.Normalize(new[] { "tree", bad }));
                Assert.Equal(bad, e.Package);
                Assert.Contains($"Package '{bad}'", e.Message);
            }
        }

        [Fact]
        public void The_server_port_comes_from_the_first_line_of_its_log()
        {
            Assert.Equal(40123, LabRepository.ParseServingPort("Serving HTTP on 10.11.0.1 port 40123 (http://10.11.0.1:40123/) ...\n"));
            Assert.Equal(0, LabRepository.ParseServingPort(""));
            Assert.Equal(0, LabRepository.ParseServingPort("Traceback (most recent call last):\nOSError: [Errno 99] Cannot assign requested address\n"));
        }

        [Theory]
        [InlineData("Reading package lists...\nE: Unable to locate package nosuchpkg\n", "nosuchpkg")]
        [InlineData("E: Package 'exim4' has no installation candidate\n", "exim4")]
        [InlineData("The following packages have unmet dependencies:\n foo : Depends: libbar (>= 2) but it is not going to be installed\nE: Unable to correct problems, you have held broken packages.\n", "foo")]
        [InlineData("E: Couldn't find any package by glob 'x*'\n", "x*")]
        [InlineData("E: Could not open lock file /var/cache/apt/archives/lock\n", null)]
        public void The_package_at_fault_comes_from_apt_get_errors(string output, string package) =>
            Assert.Equal(package, LabRepository.PackageAtFault(output));

        [Fact]
        public void The_state_file_records_the_server_pid_and_url()
        {
            var json = LabRegistry.ToJson(new McpLabInfo
            {
                Cluster = "lab",
                Repository = new McpLabRepositoryInfo { Url = "http://10.11.0.1:40123/", Address = "10.11.0.1", Port = 40123, Pid = 4242, StartTime = 99, Directory = "/r/k", Packages = new List<string> { "jq" } },
            });
            Assert.Contains("\"repository\": {", json);
            Assert.Contains("\"url\": \"http://10.11.0.1:40123/\"", json);
            Assert.Contains("\"pid\": 4242", json);
            var back = LabRegistry.FromJson(json).Repository;
            Assert.Equal(40123, back.Port);
            Assert.Equal(99, back.StartTime);
            Assert.Equal(new[] { "jq" }, back.Packages);
        }

        [Fact]
        public void A_node_keeps_only_the_lab_source()
        {
            var root = Path.Combine(Path.GetTempPath(), "mcplab-node-" + Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(Path.Combine(root, "etc/apt/sources.list.d"));
                File.WriteAllText(Path.Combine(root, "etc/apt/sources.list"), "deb http://deb.debian.org/debian bookworm main\n");
                File.WriteAllText(Path.Combine(root, "etc/apt/sources.list.d/debian.sources"), "Types: deb\n");
                File.WriteAllText(Path.Combine(root, "etc/apt/sources.list.d/other.list"), "deb http://x/ y main\n");
                File.WriteAllText(Path.Combine(root, "etc/apt/sources.list.d/README"), "kept\n");
                LabRepository.ConfigureNode(root, "http://10.11.0.1:40123/");
                Assert.False(File.Exists(Path.Combine(root, "etc/apt/sources.list")));
                Assert.Equal(new[] { "README", "mcplab.list" },
                    Array.ConvertAll(Directory.GetFiles(Path.Combine(root, "etc/apt/sources.list.d")), f => Path.GetFileName(f)).OrderedOrdinal());
                Assert.Equal(LabRepository.SourcesList("http://10.11.0.1:40123/"), File.ReadAllText(Path.Combine(root, LabRepository.SourcesFile)));
            }
            finally { Directory.Delete(root, true); }
        }
    }

    internal static class OrderExtensions
    {
        public static string[] OrderedOrdinal(this string[] a) { var c = (string[])a.Clone(); Array.Sort(c, StringComparer.Ordinal); return c; }
    }
}
