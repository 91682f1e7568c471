using System;
using McpModule.Targeting;
using Xunit;

namespace McpModule.Tests.Targeting
{
    public sealed class GlobPatternTests
    {
        [Theory]
        [InlineData("ctl*", "ctl01.lab.local", true)]
        [InlineData("ctl*", "cmp001.lab.local", false)]
        [InlineData("*", "anything", true)]
        [InlineData("*", "", true)]
        [InlineData("ctl0?", "ctl01", true)]
        [InlineData("ctl0?", "ctl012", false)]
        [InlineData("cmp00[1-3]*", "cmp002.lab.local", true)]
        [InlineData("cmp00[1-3]*", "cmp004.lab.local", false)]
        [InlineData("cmp00[!1]", "cmp002", true)]
        [InlineData("cmp00[!1]", "cmp001", false)]
        [InlineData("kvm0[13]", "kvm03", true)]
        [InlineData("kvm0[13]", "kvm02", false)]
        [InlineData("*.lab.local", "ctl01.lab.local", true)]
        [InlineData("*.lab.local", "ctl01.labXlocal", false)]
        [InlineData("ctl01", "ctl01.lab.local", false)]
        public void A_glob_matches_the_whole_text_as_fnmatch_does(string pattern, string text, bool expected) =>
            Assert.Equal(expected, GlobPattern.Parse(pattern).IsMatch(text));

        [Fact]
        public void Case_is_ignored() =>
            Assert.True(GlobPattern.Parse("CTL*").IsMatch("ctl01.lab.local"));

        [Fact]
        public void A_dot_is_a_literal_dot_not_any_character() =>
            Assert.False(GlobPattern.Parse("a.b").IsMatch("axb"));

        [Fact]
        public void A_bracket_without_its_end_is_a_literal() =>
            Assert.True(GlobPattern.Parse("a[b").IsMatch("a[b"));

        [Fact]
        public void A_closing_bracket_first_in_a_set_is_part_of_the_set()
        {
            Assert.True(GlobPattern.Parse("[]a]").IsMatch("]"));
            Assert.True(GlobPattern.Parse("[]a]").IsMatch("a"));
            Assert.False(GlobPattern.Parse("[]a]").IsMatch("b"));
        }

        [Fact]
        public void A_dash_at_the_edge_of_a_set_is_a_literal()
        {
            Assert.True(GlobPattern.Parse("x[-a]").IsMatch("x-"));
            Assert.True(GlobPattern.Parse("x[a-]").IsMatch("x-"));
            Assert.False(GlobPattern.Parse("x[a-]").IsMatch("xb"));
        }

        [Theory]
        [InlineData("a_b", "a_b")]
        [InlineData("[_]x", "_x")]
        [InlineData("a^b", "a^b")]
        [InlineData("[\\]", "\\")]
        [InlineData("a+b(c)", "a+b(c)")]
        [InlineData("$x", "$x")]
        public void Regex_characters_in_a_glob_are_literals(string pattern, string text) =>
            Assert.True(GlobPattern.Parse(pattern).IsMatch(text));

        [Fact]
        public void A_caret_inside_a_set_is_a_literal_member()
        {
            Assert.True(GlobPattern.Parse("[a^]").IsMatch("^"));
            Assert.False(GlobPattern.Parse("[a^]").IsMatch("b"));
        }

        [Fact]
        public void A_reversed_range_is_an_error_naming_its_position()
        {
            var error = Assert.Throws<ArgumentException>(() => GlobPattern.Parse("ab[z-a]"));
            Assert.Equal(2, error.Data["Index"]);
            Assert.Contains("character 3", error.Message);
        }

        [Theory]
        [InlineData("ctl01", true)]
        [InlineData("ctl*", false)]
        [InlineData("ctl0?", false)]
        [InlineData("ctl0[1]", false)]
        public void A_pattern_without_glob_characters_is_literal(string pattern, bool literal) =>
            Assert.Equal(literal, GlobPattern.Parse(pattern).IsLiteral);
    }
}
