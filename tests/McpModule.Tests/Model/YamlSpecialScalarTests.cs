using System;
using System.Text;
using System.Text.RegularExpressions;
using McpModule.Model.Data;
using Xunit;

namespace McpModule.Tests.Model
{
    /// YamlSpecialScalar reads by hand the regex ModelYaml used: the regex is the oracle here, over
    /// crafted strings at each alternative's edges and a few hundred thousand random ones made of the
    /// characters the alternatives are made of.
    public class YamlSpecialScalarTests
    {
        private static readonly Regex Oracle = new Regex(
            @"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|=|<<|" +
            @"[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|" +
            @"[-+]?0[xob][0-9a-fA-F_]+|[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?|\d{4}-\d\d?-\d\d?.*)$",
            RegexOptions.CultureInvariant);

        [Theory]
        [InlineData("")]
        [InlineData("~")]
        [InlineData("null\n")]
        [InlineData("null\n\n")]
        [InlineData("nUll")]
        [InlineData("False")]
        [InlineData("fAlse")]
        [InlineData("<<")]
        [InlineData("<")]
        [InlineData("-")]
        [InlineData("+")]
        [InlineData(".")]
        [InlineData("1")]
        [InlineData("-1_000")]
        [InlineData("1.")]
        [InlineData("1._5")]
        [InlineData(".5")]
        [InlineData("._5")]
        [InlineData("+.5e-3")]
        [InlineData("1e")]
        [InlineData("1e+")]
        [InlineData("1E10")]
        [InlineData("1e1.5")]
        [InlineData("\u0663\u0664")]
        [InlineData("-.inf")]
        [InlineData(".Inf")]
        [InlineData(".iNF")]
        [InlineData(".nan")]
        [InlineData("-.nan")]
        [InlineData(".NaN\n")]
        [InlineData("0x1F")]
        [InlineData("0x")]
        [InlineData("-0b_1")]
        [InlineData("0o17")]
        [InlineData("0X1")]
        [InlineData("0x\u0663")]
        [InlineData("1:2")]
        [InlineData("1:60")]
        [InlineData("1:59")]
        [InlineData("1:5:")]
        [InlineData("1:123")]
        [InlineData("190:20:30.15")]
        [InlineData("1:2.")]
        [InlineData("1_0:2")]
        [InlineData("1:\u0663")]
        [InlineData("1:5\u0663")]
        [InlineData("2001-12-14")]
        [InlineData("2001-1-4")]
        [InlineData("2001-12-14t21:59:43.10-05:00")]
        [InlineData("2001-123-14")]
        [InlineData("2001-12-")]
        [InlineData("2001-12-1\n")]
        [InlineData("2001-12-1\nx")]
        [InlineData("201-12-14")]
        [InlineData("2001/12/14")]
        [InlineData("12:30")]
        [InlineData("1.2.3")]
        [InlineData("v1")]
        public void Agrees_with_the_regex(string s) => Assert.Equal(Oracle.IsMatch(s), YamlSpecialScalar.Matches(s));

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void Agrees_with_the_regex_on_random_strings(int seed)
        {
            const string alphabet = "0123456789_-+.:eEaAbfFxoOBinINtTuUlLrsyYnN~=<\n \u0663";
            var random = new Random(seed);
            var text = new StringBuilder();
            var specials = 0;
            for (var n = 0; n < 200_000; n++)
            {
                text.Clear();
                var length = random.Next(0, 14);
                // Mostly digits and separators: numbers, times and dates come out often enough.
                for (var i = 0; i < length; i++) text.Append(alphabet[random.Next(random.Next(2) == 0 ? 14 : alphabet.Length)]);
                var s = text.ToString();
                var expected = Oracle.IsMatch(s);
                if (expected) specials++;
                Assert.True(expected == YamlSpecialScalar.Matches(s), $"'{Escape(s)}': the regex says {expected}");
            }
            Assert.True(specials > 10_000, $"only {specials} of the strings were special: the test says little");
        }

        private static string Escape(string s) => s.Replace("\n", "\\n");
    }
}
