using System;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace McpModule.Model.Yaml
{
    /// Plain YAML scalars resolved the way PyYAML's SafeLoader (YAML 1.1) does,
    /// because that is what reclass sees: yes/on are booleans, 017 is octal, 1:30 is 90.
    internal static class YamlScalarResolver
    {
        private static readonly Regex BoolPattern = new Regex(
            "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", RegexOptions.CultureInvariant);
        private static readonly Regex FloatPattern = new Regex(
            @"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            RegexOptions.CultureInvariant);
        private static readonly Regex IntPattern = new Regex(
            @"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
            RegexOptions.CultureInvariant);
        private static readonly Regex NullPattern = new Regex("^(?:~|null|Null|NULL|)$", RegexOptions.CultureInvariant);

        /// PyYAML's resolvers are indexed by first character; these are the characters
        /// each one may start with. A scalar matches the first resolver that claims it.
        public static object ResolvePlain(string text)
        {
            if (text.Length == 0) return null;
            var first = text[0];
            if ("yYnNtTfFoO".IndexOf(first) >= 0 && BoolPattern.IsMatch(text))
                return IsTrue(text);
            if ("-+0123456789.".IndexOf(first) >= 0)
            {
                if (FloatPattern.IsMatch(text)) return ConstructFloat(text);
                if (IntPattern.IsMatch(text)) return ConstructInt(text);
            }
            if ("~nN".IndexOf(first) >= 0 && NullPattern.IsMatch(text)) return null;
            return text;
        }

        private static bool IsTrue(string text)
        {
            var t = text.ToLowerInvariant();
            return t == "yes" || t == "true" || t == "on";
        }

        public static object ConstructInt(string text)
        {
            var value = text.Replace("_", "");
            var sign = BigInteger.One;
            if (value.Length > 0 && (value[0] == '-' || value[0] == '+'))
            {
                if (value[0] == '-') sign = BigInteger.MinusOne;
                value = value.Substring(1);
            }
            BigInteger result;
            if (value == "0") result = BigInteger.Zero;
            else if (value.StartsWith("0b", StringComparison.Ordinal)) result = ParseBase(value.Substring(2), 2);
            else if (value.StartsWith("0x", StringComparison.Ordinal)) result = ParseBase(value.Substring(2), 16);
            else if (value[0] == '0') result = ParseBase(value.Substring(1), 8);
            else if (value.IndexOf(':') >= 0)
            {
                result = BigInteger.Zero;
                foreach (var part in value.Split(':'))
                    result = result * 60 + BigInteger.Parse(part, CultureInfo.InvariantCulture);
            }
            else result = BigInteger.Parse(value, CultureInfo.InvariantCulture);
            return Normalize(sign * result);
        }

        /// Python has one int type; we keep long where it fits, as most code expects.
        internal static object Normalize(BigInteger value) =>
            value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;

        private static BigInteger ParseBase(string digits, int radix)
        {
            var result = BigInteger.Zero;
            foreach (var c in digits)
                result = result * radix + Convert.ToInt32(c.ToString(), 16);
            return result;
        }

        public static double ConstructFloat(string text)
        {
            var value = text.Replace("_", "").ToLowerInvariant();
            double sign = 1;
            if (value.Length > 0 && (value[0] == '-' || value[0] == '+'))
            {
                if (value[0] == '-') sign = -1;
                value = value.Substring(1);
            }
            if (value == ".inf") return sign * double.PositiveInfinity;
            if (value == ".nan") return double.NaN;
            if (value.IndexOf(':') >= 0)
            {
                double result = 0;
                foreach (var part in value.Split(':'))
                    result = result * 60 + double.Parse(part, CultureInfo.InvariantCulture);
                return sign * result;
            }
            return sign * double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
    }
}
