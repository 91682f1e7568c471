using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace McpModule.Model.Data
{
    /// Python's str() and repr() of the values reclass handles. reclass builds mixed
    /// strings ("x${a}y") and class names with str(), so our output must spell
    /// True, None, 1e+16 and ['a', 1] exactly as CPython does.
    /// Engine objects that can end up inside a str() (reclass 1.7 prints unrendered
    /// values that way in some mixed strings) spell themselves as Python's repr would.
    internal interface IPythonRepr
    {
        string PythonRepr();
    }

    internal static class PythonFormat
    {
        public static string Str(object value)
        {
            switch (value)
            {
                case string s: return s;
                case null: return "None";
                case bool b: return b ? "True" : "False";
                default: return Repr(value);
            }
        }

        public static string Repr(object value)
        {
            var sb = new StringBuilder();
            AppendRepr(sb, value);
            return sb.ToString();
        }

        private static void AppendRepr(StringBuilder sb, object value)
        {
            switch (value)
            {
                case null: sb.Append("None"); break;
                case bool b: sb.Append(b ? "True" : "False"); break;
                case string s: AppendStringRepr(sb, s); break;
                case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
                case int i: sb.Append(i.ToString(CultureInfo.InvariantCulture)); break;
                case BigInteger bi: sb.Append(bi.ToString(CultureInfo.InvariantCulture)); break;
                case double d: sb.Append(Float(d)); break;
                case IDictionary<string, object> map:
                    sb.Append('{');
                    var first = true;
                    foreach (var pair in map)
                    {
                        if (!first) sb.Append(", ");
                        first = false;
                        AppendStringRepr(sb, pair.Key);
                        sb.Append(": ");
                        AppendRepr(sb, pair.Value);
                    }
                    sb.Append('}');
                    break;
                case IList list:
                    sb.Append('[');
                    for (int n = 0; n < list.Count; n++)
                    {
                        if (n > 0) sb.Append(", ");
                        AppendRepr(sb, list[n]);
                    }
                    sb.Append(']');
                    break;
                case IPythonRepr own: sb.Append(own.PythonRepr()); break;
                default: sb.Append(value.ToString()); break;
            }
        }

        private static void AppendStringRepr(StringBuilder sb, string s)
        {
            var quote = s.IndexOf('\'') >= 0 && s.IndexOf('"') < 0 ? '"' : '\'';
            sb.Append(quote);
            foreach (var c in s)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c == quote) sb.Append('\\').Append(c);
                        else if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append(quote);
        }

        /// CPython's repr(float): shortest round-trip digits, exponent form when the
        /// decimal point falls outside (-4, 16].
        public static string Float(double d)
        {
            if (double.IsNaN(d)) return "nan";
            if (double.IsPositiveInfinity(d)) return "inf";
            if (double.IsNegativeInfinity(d)) return "-inf";
            if (d == 0) return (1 / d) < 0 ? "-0.0" : "0.0";

            var r = d.ToString("E16", CultureInfo.InvariantCulture);
            // Shortest digits: try increasing precision until the value round-trips.
            string mantissa = null; int exp = 0;
            for (int precision = 0; precision <= 16; precision++)
            {
                var candidate = d.ToString("E" + precision, CultureInfo.InvariantCulture);
                if (double.Parse(candidate, CultureInfo.InvariantCulture) == d) { r = candidate; break; }
            }
            var ePos = r.IndexOf('E');
            mantissa = r.Substring(0, ePos);
            exp = int.Parse(r.Substring(ePos + 1), CultureInfo.InvariantCulture);
            var negative = mantissa.StartsWith("-", StringComparison.Ordinal);
            if (negative) mantissa = mantissa.Substring(1);
            var digits = mantissa.Replace(".", "").TrimEnd('0');
            if (digits.Length == 0) digits = "0";
            var decpt = exp + 1;
            var sb = new StringBuilder();
            if (negative) sb.Append('-');
            if (decpt <= -4 || decpt > 16)
            {
                sb.Append(digits[0]);
                if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
                sb.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
            }
            else if (decpt <= 0)
            {
                sb.Append("0.").Append('0', -decpt).Append(digits);
            }
            else if (decpt >= digits.Length)
            {
                sb.Append(digits).Append('0', decpt - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, decpt).Append('.').Append(digits, decpt, digits.Length - decpt);
            }
            return sb.ToString();
        }

        /// Python's == between two plain values (1 == 1.0 == True).
        public static bool PyEquals(object a, object b)
        {
            if (a == null || b == null) return a == null && b == null;
            if (IsNumber(a) && IsNumber(b))
            {
                if (a is double || b is double) return ToDouble(a) == ToDouble(b);
                return ToBig(a) == ToBig(b);
            }
            if (a is string sa && b is string sb) return sa == sb;
            return a.Equals(b);
        }

        private static bool IsNumber(object o) => o is long || o is int || o is BigInteger || o is double || o is bool;
        private static double ToDouble(object o) => o is bool b ? (b ? 1 : 0) : o is BigInteger bi ? (double)bi : Convert.ToDouble(o, CultureInfo.InvariantCulture);
        private static BigInteger ToBig(object o) => o is bool b ? (b ? 1 : 0) : o is BigInteger bi ? bi : new BigInteger(Convert.ToInt64(o, CultureInfo.InvariantCulture));
    }
}
