using System.Collections.Generic;
using McpModule.Lab;
using McpModule.Model.Data;
using Xunit;

namespace McpModule.Tests.Lab
{
    public class LabOverlayTests
    {
        private static OrderedMap Map(params object[] pairs)
        {
            var m = new OrderedMap();
            for (var i = 0; i < pairs.Length; i += 2) m[(string)pairs[i]] = pairs[i + 1];
            return m;
        }

        private static readonly McpLabInfo Lab = new McpLabInfo { Cluster = "lab", Repository = new McpLabRepositoryInfo { Url = "http://10.11.0.1:8278/" } };

        private static OrderedMap Production()
        {
            var repos = Map("mcp_salt", Map("source", "deb http://mirror.lab.local/mcp main"), "mcplab", Map("source", "old"));
            return Map(
                "linux", Map("system", Map("name", "ctl01", "repo", repos)),
                "openssh", Map("server", Map("permit_root_login", false, "enabled", true)),
                "ntp", Map("client", Map("control_clock", true, "strata", new List<object> { "ntp.local" })));
        }

        [Fact]
        public void A_lab_keeps_root_login_leaves_the_clock_and_reaches_only_its_own_repository()
        {
            var pillar = Production();
            var overlay = LabOverlay.For(pillar, Lab);
            var run = LabOverlay.Apply(pillar, overlay);
            Assert.Equal(true, PillarKey.Get(run, "openssh", "server", "permit_root_login"));
            Assert.Equal(true, PillarKey.Get(run, "openssh", "server", "enabled"));
            Assert.Equal(false, PillarKey.Get(run, "ntp", "client", "control_clock"));
            Assert.Equal(new List<object> { "ntp.local" }, PillarKey.Get(run, "ntp", "client", "strata"));
            Assert.Equal(false, PillarKey.Get(run, "linux", "system", "repo", "mcp_salt", "enabled"));
            Assert.Equal("deb http://mirror.lab.local/mcp main", PillarKey.Get(run, "linux", "system", "repo", "mcp_salt", "source"));
            Assert.Equal("deb [trusted=yes] http://10.11.0.1:8278/ ./", PillarKey.Get(run, "linux", "system", "repo", "mcplab", "source"));
            Assert.Equal("ctl01", PillarKey.Get(run, "linux", "system", "name"));
            // the rendered pillar is left as it was
            Assert.Equal(false, PillarKey.Get(pillar, "openssh", "server", "permit_root_login"));
            Assert.Equal("old", PillarKey.Get(pillar, "linux", "system", "repo", "mcplab", "source"));
            Assert.Null(PillarKey.Get(pillar, "linux", "system", "repo", "mcp_salt", "enabled"));
        }

        [Fact]
        public void A_node_gets_no_key_of_a_section_it_does_not_have()
        {
            var overlay = LabOverlay.For(Map("linux", Map("system", Map("name", "osd1"))), new McpLabInfo { Cluster = "lab" });
            Assert.Empty(overlay);   // no openssh, no ntp, no repos, and a lab without a repository
        }

        [Fact]
        public void The_models_mcp_lab_pillar_is_merged_last_and_every_value_is_described()
        {
            var pillar = Production();
            pillar["mcp"] = Map("lab", Map("pillar", Map("ntp", Map("client", Map("control_clock", true)), "nginx", Map("server", Map("bind", "0.0.0.0")))));
            var overlay = LabOverlay.For(pillar, Lab);
            var run = LabOverlay.Apply(pillar, overlay);
            Assert.Equal(true, PillarKey.Get(run, "ntp", "client", "control_clock"));
            Assert.Equal("0.0.0.0", PillarKey.Get(run, "nginx", "server", "bind"));
            Assert.Equal(new[]
            {
                "openssh:server:permit_root_login = true",
                "ntp:client:control_clock = true",
                "linux:system:repo:mcp_salt:enabled = false",
                "linux:system:repo:mcplab:source = deb [trusted=yes] http://10.11.0.1:8278/ ./",
                "nginx:server:bind = 0.0.0.0",
            }, LabOverlay.Describe(overlay));
        }
    }
}
