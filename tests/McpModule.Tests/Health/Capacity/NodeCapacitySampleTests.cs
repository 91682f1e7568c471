#nullable enable
using System;
using System.Collections.Generic;
using McpModule.Health;
using McpModule.Health.Capacity;
using Xunit;

namespace McpModule.Tests.Health.Capacity
{
    public sealed class NodeCapacitySampleTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        private const double GiB = 1 << 30;

        private static McpMetric M(string name, double value, string? fs = null, string type = "ext4")
        {
            var m = new McpMetric { Name = name, Value = value, Node = "cmp001", Timestamp = T0 };
            if (fs != null) { m.Dimensions["fs"] = fs; m.Dimensions["type"] = type; }
            return m;
        }

        private static NodeCapacitySample Sample(params McpMetric[] metrics) => NodeCapacitySample.From("cmp001", T0, metrics);

        [Fact]
        public void Cpu_is_the_cores_and_the_share_of_them_not_idle()
        {
            var cpu = Sample(M("cpu_count", 4), M("cpu_idle", 75)).Cpu!.Value;
            Assert.Equal(1, cpu.Used, 12);
            Assert.Equal(4, cpu.Total);
            Assert.Equal(25, cpu.Percent, 12);
        }

        [Fact]
        public void Memory_in_use_is_what_is_not_available()
        {
            var memory = Sample(M("memory_total", 8 * GiB), M("memory_available", 2 * GiB), M("memory_used", 3 * GiB)).Memory!.Value;
            Assert.Equal(6 * GiB, memory.Used);
            Assert.Equal(8 * GiB, memory.Total);
        }

        [Fact]
        public void Memory_without_MemAvailable_is_collectds_used()
        {
            Assert.Equal(3 * GiB, Sample(M("memory_total", 8 * GiB), M("memory_used", 3 * GiB)).Memory!.Value.Used);
        }

        [Fact]
        public void Storage_sums_the_local_file_systems_once_each_and_leaves_network_ones_out()
        {
            var storage = Sample(
                M("fs_space_used", 10 * GiB, "/"), M("fs_space_free", 30 * GiB, "/"),
                M("fs_space_used", 5 * GiB, "/var", "xfs"), M("fs_space_free", 5 * GiB, "/var", "xfs"),
                // shared: counted on every client it would be counted many times
                M("fs_space_used", 100 * GiB, "/mnt/images", "nfs4"), M("fs_space_free", 100 * GiB, "/mnt/images", "nfs4"),
                // / bound again elsewhere: the same file system
                M("fs_space_used", 10 * GiB, "/srv/volume"), M("fs_space_free", 30 * GiB, "/srv/volume"),
                M("fs_space_percent_free", 75, "/")).Storage!.Value;
            Assert.Equal(15 * GiB, storage.Used);
            Assert.Equal(50 * GiB, storage.Total);
        }

        [Fact]
        public void A_resource_whose_metrics_are_missing_is_null()
        {
            var s = Sample(M("cpu_count", 4), M("memory_available", GiB), M("fs_space_used", GiB, "/"));
            Assert.Null(s.Cpu);
            Assert.Null(s.Memory);
            Assert.Null(s.Storage);
            Assert.True(s.IsEmpty);
            Assert.True(Sample(M("ssh_check", 0)).IsEmpty);
        }

        [Fact]
        public void Values_that_are_not_numbers_are_left_out()
        {
            var s = Sample(M("cpu_count", 4), M("cpu_idle", double.NaN), M("memory_total", -1), M("memory_available", 0));
            Assert.Null(s.Cpu);
            Assert.Null(s.Memory);
        }
    }
}
