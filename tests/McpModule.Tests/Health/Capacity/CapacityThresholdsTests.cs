#nullable enable
using System;
using System.Collections;
using McpModule.Health.Capacity;
using Xunit;

namespace McpModule.Tests.Health.Capacity
{
    public sealed class CapacityThresholdsTests
    {
        [Fact]
        public void A_number_is_every_resources_threshold()
        {
            var t = CapacityThresholds.From(90);
            Assert.Equal((90.0, 90.0, 90.0), (t.Cpu, t.Memory, t.Storage));
            Assert.Equal(75.5, CapacityThresholds.From("75.5").Storage);
        }

        [Fact]
        public void A_hashtable_sets_the_resources_it_names_and_leaves_the_others_at_80()
        {
            var t = CapacityThresholds.From(new Hashtable { ["memory"] = 90, ["Storage"] = 85.5 });
            Assert.Equal((80.0, 90.0, 85.5), (t.Cpu, t.Memory, t.Storage));
        }

        [Theory]
        [InlineData(0, "-Threshold: 0 is not a percent above 0 and at most 100.")]
        [InlineData(101, "-Threshold: 101 is not a percent above 0 and at most 100.")]
        [InlineData("lots", "-Threshold: 'lots' is not a percent; give a number, or a hashtable of Cpu, Memory and Storage percents.")]
        public void What_is_no_percent_is_refused_naming_the_parameter(object value, string message)
        {
            Assert.Equal(message, Assert.Throws<ArgumentException>(() => CapacityThresholds.From(value)).Message);
        }

        [Fact]
        public void A_key_that_is_no_resource_is_refused_by_name()
        {
            Assert.Equal("-Threshold: 'Disk' is no resource; give Cpu, Memory or Storage.",
                Assert.Throws<ArgumentException>(() => CapacityThresholds.From(new Hashtable { ["Disk"] = 90 })).Message);
            Assert.Equal("-Threshold Memory: 120 is not a percent above 0 and at most 100.",
                Assert.Throws<ArgumentException>(() => CapacityThresholds.From(new Hashtable { ["Memory"] = 120 })).Message);
        }
    }
}
