using System.Linq;
using McpModule.Model.Values;
using Xunit;

namespace McpModule.Tests.Model
{
    public class ReferenceParserTests
    {
        private static string Shape(string text) => string.Join(" ", ReferenceParser.Parse(text).Select(Describe));

        private static string Describe(ReferenceToken t) => t.Kind switch
        {
            TokenKind.Text => "T(" + t.Text + ")",
            TokenKind.Reference => "R[" + string.Join(" ", t.Children.Select(Describe)) + "]",
            _ => "Q[" + string.Join("", t.Children.Select(c => c.Text)) + "]",
        };

        [Theory]
        [InlineData("${a:b}", "R[T(a:b)]")]
        [InlineData("x${a}y", "T(x) R[T(a)] T(y)")]
        [InlineData("${a:${b}}", "R[T(a:) R[T(b)]]")]
        [InlineData(@"\${a}", "T(${) T(a})")]
        [InlineData(@"\\${a}", @"T(\) R[T(a)]")]
        [InlineData("$[ exports:x ]", "Q[ exports:x ]")]
        [InlineData("${a}$[ if exports:x == 1 ]", "R[T(a)] Q[ if exports:x == 1 ]")]
        public void Strings_split_as_reclass_parses_them(string text, string shape) => Assert.Equal(shape, Shape(text));

        [Theory]
        [InlineData("${a")]
        [InlineData("${}")]
        [InlineData("$[ x")]
        public void Unclosed_or_empty_references_are_syntax_errors(string text) =>
            Assert.Throws<ReferenceParser.SyntaxError>(() => ReferenceParser.Parse(text));
    }
}
