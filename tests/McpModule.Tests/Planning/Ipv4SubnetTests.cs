using McpModule.Planning;
using Xunit;

namespace McpModule.Tests.Planning
{
    public sealed class Ipv4SubnetTests
    {
        [Theory]
        [InlineData("10.0.0.0/24", true)]
        [InlineData("10.0.0.5/24", true)]
        [InlineData("10.0.0.0", false)]
        [InlineData("10.0.0/24", false)]
        [InlineData("10.0.0.256/24", false)]
        [InlineData("10.0.0.0/33", false)]
        [InlineData("10.0.0.0/-1", false)]
        public void Cidr_text_parses_only_when_well_formed(string text, bool ok) =>
            Assert.Equal(ok, Ipv4Subnet.TryParse(text, out _));

        [Fact]
        public void Strict_parsing_rejects_host_bits()
        {
            Assert.True(Ipv4Subnet.TryParse("10.0.0.0/24", out _, strict: true));
            Assert.False(Ipv4Subnet.TryParse("10.0.0.5/24", out _, strict: true));
        }

        [Fact]
        public void A_29_has_six_usable_hosts_and_a_31_two()
        {
            Assert.Equal(6UL, Ipv4Subnet.Parse("10.12.0.0/29").UsableHosts);
            Assert.Equal(2UL, Ipv4Subnet.Parse("10.12.0.0/31").UsableHosts);
        }

        [Fact]
        public void Subnets_overlap_when_one_contains_the_other()
        {
            Assert.True(Ipv4Subnet.Parse("10.0.0.0/16").Overlaps(Ipv4Subnet.Parse("10.0.5.0/24")));
            Assert.True(Ipv4Subnet.Parse("10.0.5.0/24").Overlaps(Ipv4Subnet.Parse("10.0.0.0/16")));
            Assert.False(Ipv4Subnet.Parse("10.0.0.0/24").Overlaps(Ipv4Subnet.Parse("10.0.1.0/24")));
        }

        [Fact]
        public void Host_offsets_skip_the_network_and_broadcast_addresses()
        {
            var s = Ipv4Subnet.Parse("10.12.0.0/29");
            Assert.False(s.TryHost(0, out _));
            Assert.True(s.TryHost(6, out var last));
            Assert.Equal("10.12.0.6", Ipv4.Format(last));
            Assert.False(s.TryHost(7, out _));
            Assert.False(s.TryHost(8, out _));
        }

        [Theory]
        [InlineData("255.255.255.0", 24)]
        [InlineData("255.255.255.192", 26)]
        [InlineData("255.0.255.0", -1)]
        public void Netmasks_turn_into_prefix_lengths(string mask, int prefix) =>
            Assert.Equal(prefix, Ipv4.PrefixOfNetmask(mask));
    }
}
