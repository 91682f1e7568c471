using System;
using McpModule.Ceph.DriveGroups;
using Xunit;

namespace McpModule.Tests.Ceph.DriveGroups
{
    /// cephadm's TestSizeMatcher (src/python-common/ceph/tests/test_disk_selector.py), ported: the
    /// disk sizes there are ceph-volume's human_readable_size texts, here the bytes that print so.
    public sealed class CephSizeFilterTests
    {
        private const long GiB = 1L << 30;
        private const long TiB = 1L << 40;

        private static CephSizeFilter Parse(string text)
        {
            Assert.True(CephSizeFilter.TryParse(text, out var filter, out var problem), problem);
            return filter!;
        }

        private static string Problem(string text)
        {
            Assert.False(CephSizeFilter.TryParse(text, out _, out var problem));
            return problem!;
        }

        [Theory]
        [InlineData("20G", 20e9)]
        [InlineData("20GB", 20e9)]
        [InlineData("20.12GB", 20.12e9)]
        [InlineData("4K", 4e3)]
        [InlineData("10M", 10e6)]
        [InlineData("10T", 10e12)]
        public void An_exact_size_reads_as_decimal_units(string text, double bytes)
        {
            var f = Parse(text);
            Assert.Equal(bytes, f.ExactBytes);
            Assert.Null(f.Low);
            Assert.Null(f.High);
        }

        [Fact]
        public void A_range_reads_its_low_and_high_end()
        {
            var f = Parse("20G:50G");
            Assert.Equal(20e9, f.Low);
            Assert.Equal(50e9, f.High);
            Assert.Null(f.ExactBytes);
        }

        [Fact]
        public void An_open_range_reads_one_end()
        {
            Assert.Equal(50e9, Parse(":50G").High);
            Assert.Null(Parse(":50G").Low);
            Assert.Equal(50e9, Parse("50G:").Low);
            Assert.Null(Parse("50G:").High);
        }

        [Theory]
        [InlineData("10P", "unit 'P' is not supported")]
        [InlineData("10X", "unit 'X' is not supported")]
        [InlineData("10X:20G", "unit 'X' is not supported")]
        [InlineData("wrong", "is not a size")]
        [InlineData("None", "is not a size")]
        [InlineData("10g", "is not a size")]
        [InlineData("20gb", "is not a size")]
        [InlineData("1.5T:", "is not a size")]
        [InlineData("", "is not a size")]
        public void What_cephadm_cannot_read_is_an_error(string text, string problem)
        {
            var message = Problem(text);
            Assert.Contains(problem, message, StringComparison.Ordinal);
            Assert.Contains($"'{text}'", message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(20L * GiB, "20.00 GB")]
        [InlineData(4294967296L, "4.00 GB")]
        [InlineData(1073741824L, "1.00 GB")]
        [InlineData(1023L, "1023.00 B")]
        [InlineData(1024L, "1.00 KB")]
        [InlineData(0L, "0.00 B")]
        [InlineData(10000831348736L, "9.10 TB")]
        [InlineData(2000398934016L, "1.82 TB")]
        [InlineData(1152L * 1024 * 1024, "1.12 GB")]   // 1.125: half to even, as Python's format
        [InlineData(1408L * 1024 * 1024, "1.38 GB")]   // 1.375
        [InlineData(1L << 50, "1.00 PB")]
        [InlineData(1L << 60, "1.00 PB")]               // past PB: divided a sixth time, labelled PB still
        public void A_device_size_prints_as_ceph_volume_prints_it(long bytes, string text) =>
            Assert.Equal(text, CephSizeFilter.HumanReadableSize(bytes));

        [Fact]
        public void Exact_compares_ceph_volumes_rounded_text()
        {
            Assert.True(Parse("20GB").IsMatch(20 * GiB));
            Assert.True(Parse("20G").IsMatch(20 * GiB + 1000));      // still "20.00 GB"
            Assert.False(Parse("20G").IsMatch(20 * GiB + GiB / 10)); // "20.10 GB"
            Assert.True(Parse("4G").IsMatch(4294967296L));           // the 4 GiB loop device
        }

        [Fact]
        public void Exact_takes_decimals()
        {
            // 20.12 GiB prints as "20.12 GB"
            Assert.True(Parse("20.12GB").IsMatch((long)(20.12 * GiB)));
        }

        [Theory]
        [InlineData(1, false)]
        [InlineData(20, true)]
        [InlineData(50, true)]
        [InlineData(100, true)]
        [InlineData(101, false)]
        [InlineData(1101, false)]
        public void A_range_includes_both_ends(long gib, bool expected) =>
            Assert.Equal(expected, Parse("20GB:100GB").IsMatch(gib * GiB));

        [Theory]
        [InlineData(1, true)]
        [InlineData(20, true)]
        [InlineData(50, true)]
        [InlineData(100, false)]
        [InlineData(101, false)]
        [InlineData(1101, false)]
        public void A_high_end_takes_what_is_smaller(long gib, bool expected) =>
            Assert.Equal(expected, Parse(":50GB").IsMatch(gib * GiB));

        [Theory]
        [InlineData(1, false)]
        [InlineData(20, false)]
        [InlineData(50, true)]
        [InlineData(100, true)]
        [InlineData(101, true)]
        [InlineData(1101, true)]
        public void A_low_end_takes_what_is_larger(long gib, bool expected) =>
            Assert.Equal(expected, Parse("50GB:").IsMatch(gib * GiB));

        [Theory]
        [InlineData(1L * GiB, false)]
        [InlineData(101L * GiB, false)]
        [InlineData(1101L * GiB, true)]      // "1.08 TB"
        [InlineData(10000831348736L, true)]  // "9.10 TB"
        [InlineData(1000L * GiB, true)]      // "1000.00 GB": 1e12, as cephadm reads it
        public void At_least_one_terabyte(long bytes, bool expected) =>
            Assert.Equal(expected, Parse("1TB:").IsMatch(bytes));

        [Fact]
        public void Binary_sizes_are_read_as_decimal_units_as_cephadm_does()
        {
            // a 1 TiB disk prints "1.00 TB", which cephadm reads as 1e12: it is not larger than 1T
            Assert.True(Parse("1T").IsMatch(TiB));
            Assert.False(Parse(":999G").IsMatch(TiB));
            // a 1000 GiB disk prints "1000.00 GB" (below 1024): exactly 1000G
            Assert.True(Parse("1000G").IsMatch(1000L * GiB));
        }

        [Fact]
        public void A_device_ceph_volume_prints_in_bytes_or_petabytes_cannot_be_compared()
        {
            Assert.Throws<FormatException>(() => Parse("1G:").IsMatch(512));
            Assert.Throws<FormatException>(() => Parse("1G:").IsMatch(2L << 50));
        }

        [Theory]
        [InlineData("10G", 10e9)]
        [InlineData("500M", 500e6)]
        [InlineData("5G", 5e9)]
        [InlineData("10g", 10e9)]
        [InlineData("20gb", 20e9)]
        public void Size_text_to_bytes_as_str_to_byte(string text, double bytes) =>
            Assert.Equal(bytes, CephSizeFilter.ToBytes(text));
    }
}
