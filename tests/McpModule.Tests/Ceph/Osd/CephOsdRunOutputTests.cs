using McpModule.Ceph.Osd;
using Xunit;

namespace McpModule.Tests.Ceph.Osd
{
    /// The id of the OSD a run made, read from the last line mcp-ceph-osd deploy prints.
    public sealed class CephOsdRunOutputTests
    {
        [Theory]
        [InlineData("osd.4 /dev/sdb", 4)]
        [InlineData("osd.4 /dev/sdb\n", 4)]
        [InlineData("osd.4 /dev/sdb  \r\n", 4)]
        [InlineData("Running command: /usr/bin/ceph-volume lvm create --data /dev/sdb\n--> ceph-volume lvm activate successful for osd ID: 4\nosd.4 /dev/sdb", 4)]
        [InlineData("osd.3 /dev/sdc\nosd.12 /dev/sdb\n", 12)]
        [InlineData("osd.0 /dev/loop0", 0)]
        public void The_line_of_the_device_gives_the_id(string comment, int id)
        {
            Assert.Equal(id, CephOsdRunOutput.OsdId(comment, comment.Contains("loop0") ? "/dev/loop0" : "/dev/sdb"));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("osd.4 /dev/sdc")]
        [InlineData("osd.4 /dev/sdbb")]
        [InlineData("osd.4 /dev/sd")]
        [InlineData("made osd.4 /dev/sdb")]
        [InlineData("osd.4 /dev/sdb and more")]
        [InlineData("osd.x /dev/sdb")]
        [InlineData("osd.-4 /dev/sdb")]
        [InlineData("osd.99999999999 /dev/sdb")]
        [InlineData("osd.4\t/dev/sdb")]
        public void Another_device_or_no_such_line_gives_no_id(string comment)
        {
            Assert.Null(CephOsdRunOutput.OsdId(comment, "/dev/sdb"));
        }
    }
}
