using System.Globalization;
using System.Linq;
using McpModule.Targeting;
using Xunit;

namespace McpModule.Tests.Targeting
{
    /// The parser as users meet it: through McpTarget.Parse, its canonical form and its errors.
    public sealed class TargetParserTests
    {
        private static string Canonical(string expression) => McpTarget.Parse(expression).ToCanonicalString();

        private static McpTargetException Error(string expression) =>
            Assert.Throws<McpTargetException>(() => McpTarget.Parse(expression));

        [Theory]
        [InlineData("a or b and c", "(a or (b and c))")]
        [InlineData("a and b or c", "((a and b) or c)")]
        [InlineData("not a and b", "(not a and b)")]
        [InlineData("not a or not b", "(not a or not b)")]
        [InlineData("a and b and c", "((a and b) and c)")]
        [InlineData("a not b", "(a and not b)")]
        [InlineData("( a or b ) and c", "((a or b) and c)")]
        [InlineData("((a or b)) and c", "((a or b) and c)")]
        [InlineData("a and (b or (c and not d))", "(a and (b or (c and not d)))")]
        public void Not_binds_tighter_than_and_and_and_tighter_than_or(string expression, string canonical) =>
            Assert.Equal(canonical, Canonical(expression));

        [Theory]
        [InlineData("E@ab(c|d)", "E@ab(c|d)")]
        [InlineData("(E@ab(c|d))", "E@ab(c|d)")]
        [InlineData("(E@a\\)b)", "E@a\\)b")]
        [InlineData("(x or E@(a|b))", "(x or E@(a|b))")]
        [InlineData("I@a:b:c", "I@a:b:c")]
        [InlineData("L@x,y", "L@x,y")]
        [InlineData("R@ceph.osd", "R@ceph.osd")]
        [InlineData("D@dc1", "D@dc1")]
        public void Parentheses_of_a_regex_stay_in_the_regex(string expression, string canonical) =>
            Assert.Equal(canonical, Canonical(expression));

        [Fact]
        public void White_space_of_any_kind_separates_words() =>
            Assert.Equal("(a and b)", Canonical("  a\tand\n b  "));

        [Theory]
        [InlineData("", 1)]
        [InlineData("   ", 4)]
        public void An_empty_expression_is_an_error(string expression, int position)
        {
            var error = Error(expression);
            Assert.Equal(position, error.Position);
            Assert.Contains("empty", error.Message);
        }

        [Fact]
        public void An_operator_at_the_end_names_itself_and_its_position()
        {
            var error = Error("ctl* and");
            Assert.Equal(6, error.Position);
            Assert.Equal("and", error.Word);
            Assert.Contains("'and' at character 6 needs a matcher after it", error.Message);
            Assert.StartsWith("Target 'ctl* and':", error.Message);
        }

        [Theory]
        [InlineData("and ctl*", "'and' at character 1 needs a matcher before it", 1)]
        [InlineData("ctl* or or cmp*", "'or' at character 9 needs a matcher before it", 9)]
        [InlineData("( or cmp* )", "'or' at character 3 needs a matcher before it", 3)]
        public void An_operator_without_a_matcher_before_it_is_an_error(string expression, string message, int position)
        {
            var error = Error(expression);
            Assert.Contains(message, error.Message);
            Assert.Equal(position, error.Position);
        }

        [Fact]
        public void Two_matchers_without_an_operator_name_the_second()
        {
            var error = Error("ctl* cmp*");
            Assert.Equal(6, error.Position);
            Assert.Equal("cmp*", error.Word);
            Assert.Contains("put 'and' or 'or' between them", error.Message);
        }

        [Fact]
        public void An_operator_in_upper_case_gets_a_hint()
        {
            var error = Error("ctl* AND cmp*");
            Assert.Equal(6, error.Position);
            Assert.Contains("operators are lower case", error.Message);
        }

        [Fact]
        public void An_unclosed_parenthesis_names_where_it_opened()
        {
            var error = Error("ctl* and ( cmp* or kvm*");
            Assert.Equal(10, error.Position);
            Assert.Contains("'(' at character 10 is never closed", error.Message);
        }

        [Fact]
        public void A_parenthesis_closed_twice_names_the_extra_one()
        {
            var error = Error("(ctl*))");
            Assert.Equal(7, error.Position);
            Assert.Contains("')' at character 7 has no '(' before it", error.Message);
        }

        [Fact]
        public void Empty_parentheses_are_an_error() =>
            Assert.Equal(3, Error("( )").Position);

        [Fact]
        public void An_invalid_regex_names_its_position()
        {
            var error = Error("ctl* or E@ctl[");
            Assert.Equal(9, error.Position);
            Assert.Contains("the regex 'ctl[' at character 11 is invalid", error.Message);
            Assert.IsType<System.ArgumentException>(error.InnerException, exactMatch: false);
        }

        [Theory]
        [InlineData("E@", "'E@' at character 1 needs a value")]
        [InlineData("ctl* and L@", "'L@' at character 10 needs a value")]
        [InlineData("I@", "'I@' at character 1 needs a value")]
        [InlineData("R@", "'R@' at character 1 needs a value")]
        [InlineData("D@", "'D@' at character 1 needs a value")]
        public void A_matcher_without_a_value_is_an_error(string expression, string message) =>
            Assert.Contains(message, Error(expression).Message);

        [Fact]
        public void A_pillar_match_without_a_value_suggests_the_key_exists_form() =>
            Assert.Contains("'I@ceph:*' tests that the key exists", Error("I@ceph").Message);

        [Fact]
        public void A_pillar_match_with_an_empty_key_is_an_error() =>
            Assert.Contains("empty pillar key", Error("I@:osd").Message);

        [Fact]
        public void A_list_with_an_empty_name_names_the_gap()
        {
            var error = Error("L@ctl01,,ctl02");
            Assert.Contains("empty name at character 9", error.Message);
        }

        [Theory]
        [InlineData("G@os:Debian", "matches Salt grains")]
        [InlineData("P@os:Deb.*", "matches Salt grains")]
        [InlineData("S@10.0.0.0/24", "'S@' at character 1 is not a matcher McpModule knows")]
        [InlineData("ctl* or X@y", "'X@' at character 9 is not a matcher McpModule knows")]
        public void An_unknown_matcher_is_an_error_that_lists_the_known_ones(string expression, string message) =>
            Assert.Contains(message, Error(expression).Message);

        [Fact]
        public void An_invalid_glob_set_names_its_position()
        {
            var error = Error("ctl* or cmp[z-a]");
            Assert.Contains("invalid set at character 12", error.Message);
            Assert.Equal(9, error.Position);
        }

        [Fact]
        public void The_error_has_a_stable_error_id() =>
            Assert.Equal("Mcp.TargetInvalid", Error("(").ErrorId);

        private static string Parens(int n) => new string('(', n) + "ctl*" + new string(')', n);

        [Fact]
        public void Parentheses_nest_up_to_the_bound_and_one_more_is_an_error_naming_the_bound()
        {
            Assert.Equal("ctl*", Canonical(Parens(TargetParser.MaxDepth)));
            var error = Error(Parens(TargetParser.MaxDepth + 1));
            Assert.Equal(TargetParser.MaxDepth + 1, error.Position);
            Assert.Contains($"nests deeper than {TargetParser.MaxDepth} levels of parentheses and 'not'", error.Message);
            Assert.Equal("Mcp.TargetInvalid", error.ErrorId);
        }

        [Fact]
        public void Thirty_thousand_parentheses_or_nots_are_an_error_not_a_stack_overflow()
        {
            Assert.Contains("nests deeper than", Error(Parens(30_000)).Message);
            Assert.Contains("nests deeper than", Error(string.Concat(Enumerable.Repeat("not ", 30_000)) + "ctl*").Message);
        }

        [Fact]
        public void A_long_expression_is_shortened_in_the_message()
        {
            var error = Error(Parens(30_000));
            Assert.StartsWith("Target '(((", error.Message);
            Assert.Contains("...' (60004 characters):", error.Message);
            Assert.True(error.Message.Length < 400, error.Message.Length.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(60_004, error.Expression.Length);
        }

        [Fact]
        public void A_chain_of_thirty_thousand_ors_parses_and_matches_without_recursing()
        {
            var chain = string.Join(" or ", Enumerable.Repeat("nothing*", 30_000)) + " or ctl01";
            Assert.Equal("ctl01", LabNodes.Select(chain));
            var both = string.Join(" and ", Enumerable.Repeat("ctl*", 30_000)) + " and not ctl02 and not ctl03";
            Assert.Equal("ctl01", LabNodes.Select(both));
            Assert.Equal("(((a or b) or c) or d)", Canonical("a or b or c or d"));
        }
    }
}
