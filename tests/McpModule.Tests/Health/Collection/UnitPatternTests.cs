#nullable enable
using McpModule.Health.Collection;
using Xunit;

namespace McpModule.Tests.Health.Collection
{
    /// Unit patterns as systemctl matches them (fnmatch, FNM_NOESCAPE).
    public sealed class UnitPatternTests
    {
        [Theory]
        [InlineData("ceph-osd@*.service", "ceph-osd@12.service", true)]
        [InlineData("ceph-osd@*.service", "ceph-osd@.service", true)]
        [InlineData("ceph-osd@*.service", "ceph-mon@a.service", false)]
        [InlineData("ceph-osd@?.service", "ceph-osd@12.service", false)]
        [InlineData("ceph-osd@[0-9].service", "ceph-osd@7.service", true)]
        [InlineData("ceph-osd@[!0-9].service", "ceph-osd@7.service", false)]
        [InlineData("ceph-*", "ceph-mgr@x.service", true)]
        [InlineData("systemd-fsck@dev-disk-by\\x2d*.service", "systemd-fsck@dev-disk-by\\x2duuid-1.service", true)]
        [InlineData("a.service", "aXservice", false)]
        [InlineData("a[.service", "a[.service", true)]
        [InlineData("a[]b].service", "a].service", true)]
        public void A_pattern_matches_as_systemctl_matches_it(string pattern, string unit, bool matches) =>
            Assert.Equal(matches, UnitPattern.Matches(pattern, unit));

        [Theory]
        [InlineData("ssh.service", false)]
        [InlineData("ceph-osd@*.service", true)]
        [InlineData("ceph-osd@?.service", true)]
        [InlineData("ceph-osd@[12].service", true)]
        public void Only_names_with_glob_characters_are_patterns(string unit, bool pattern) =>
            Assert.Equal(pattern, UnitPattern.IsPattern(unit));
    }
}
