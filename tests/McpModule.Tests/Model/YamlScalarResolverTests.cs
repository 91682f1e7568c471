using System.Numerics;
using McpModule.Model.Yaml;
using Xunit;

namespace McpModule.Tests.Model
{
    public class YamlScalarResolverTests
    {
        [Theory]
        [InlineData("yes", true)]
        [InlineData("On", true)]
        [InlineData("TRUE", true)]
        [InlineData("no", false)]
        [InlineData("off", false)]
        [InlineData("False", false)]
        public void YAML_1_1_booleans_are_booleans(string text, bool expected) =>
            Assert.Equal(expected, YamlScalarResolver.ResolvePlain(text));

        [Theory]
        [InlineData("y")]
        [InlineData("n")]
        [InlineData("yEs")]
        [InlineData("1e3")]
        [InlineData("0o17")]
        [InlineData("0x")]
        public void Words_PyYAML_leaves_alone_stay_strings(string text) =>
            Assert.Equal(text, YamlScalarResolver.ResolvePlain(text));

        [Theory]
        [InlineData("017", 15L)]
        [InlineData("0x1F", 31L)]
        [InlineData("0b101", 5L)]
        [InlineData("1_000", 1000L)]
        [InlineData("1:30", 90L)]
        [InlineData("-0", 0L)]
        [InlineData("+12", 12L)]
        public void Integers_follow_YAML_1_1(string text, long expected) =>
            Assert.Equal(expected, YamlScalarResolver.ResolvePlain(text));

        [Fact]
        public void Integers_beyond_64_bits_stay_exact() =>
            Assert.Equal(BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture), YamlScalarResolver.ResolvePlain("123456789012345678901234567890"));

        [Theory]
        [InlineData("1.5", 1.5)]
        [InlineData("1.", 1.0)]
        [InlineData(".5", 0.5)]
        [InlineData("1.0e+3", 1000.0)]
        [InlineData("1:30.5", 90.5)]
        public void Floats_need_a_dot(string text, double expected) =>
            Assert.Equal(expected, YamlScalarResolver.ResolvePlain(text));

        [Theory]
        [InlineData("~")]
        [InlineData("null")]
        [InlineData("Null")]
        [InlineData("")]
        public void Nulls_are_null(string text) => Assert.Null(YamlScalarResolver.ResolvePlain(text));
    }
}
