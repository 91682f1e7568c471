using System.Collections.Generic;
using McpModule.Execution;
using Xunit;

namespace McpModule.Tests.Execution
{
    public sealed class NodeNameTests
    {
        [Theory]
        [InlineData("ctl01")]
        [InlineData("ctl01.lab.local")]
        [InlineData("10.0.0.5")]
        [InlineData("fd00::2")]
        [InlineData("a-b-c")]
        public void Host_names_and_addresses_are_valid(string name) => Assert.Null(NodeName.Problem(name));

        [Theory]
        [InlineData("")]
        [InlineData("ctl01;reboot")]
        [InlineData("-oProxyCommand=x")]
        [InlineData("ctl01 ")]
        [InlineData("a..b")]
        [InlineData("host-")]
        [InlineData("$(id)")]
        [InlineData("[10.0.0.1]")]
        [InlineData("fe80::1%eth0")]
        [InlineData("ctl01\n")]
        public void Anything_else_is_refused_with_a_reason(string name) => Assert.NotNull(NodeName.Problem(name));

        [Fact]
        public void A_label_longer_than_63_characters_is_refused() =>
            Assert.False(NodeName.IsValidHostName(new string('a', 64)));
    }

    public sealed class SshTargetTests
    {
        private static Dictionary<string, object> Map(params (string, object)[] entries)
        {
            var d = new Dictionary<string, object>();
            foreach (var (k, v) in entries) d[k] = v;
            return d;
        }

        [Fact]
        public void The_address_is_the_control_address_of_the_plan_first_as_in_the_lab()
        {
            var p = Map(("_param", Map(("single_address", "10.0.0.5"), ("ssh_user", "deploy"), ("ssh_port", "2222"))),
                        ("mcp", Map(("node", Map(("addresses", Map(("control", "10.1.0.5"))))))));
            var t = SshTarget.FromPillar("ctl01", p);
            Assert.Equal("10.1.0.5", t.Address);
            Assert.Equal("mcp:node:addresses:control", t.AddressSource);
            Assert.Equal("deploy", t.User);
            Assert.Equal(2222, t.Port);
        }

        [Fact]
        public void Then_single_address_then_an_interface_then_the_name()
        {
            var single = Map(("_param", Map(("single_address", "10.0.0.5"))),
                             ("mcp", Map(("node", Map(("addresses", Map(("storage", "10.2.0.5"))))))));
            Assert.Equal("10.0.0.5", SshTarget.FromPillar("n", single).Address);
            var nic = Map(("linux", Map(("network", Map(("interface", Map(("lo", Map(("enabled", true))), ("ens3", Map(("address", "10.3.0.5/24"))))))))));
            Assert.Equal("10.3.0.5", SshTarget.FromPillar("n", nic).Address);
            var unresolved = Map(("_param", Map(("single_address", "${_param:missing}"))));
            var t = SshTarget.FromPillar("cmp01.lab.local", unresolved);
            Assert.Equal("cmp01.lab.local", t.Address);
            Assert.Null(t.Port);
        }
    }
}
