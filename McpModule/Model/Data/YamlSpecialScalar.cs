using System;
using System.Collections.Generic;

namespace McpModule.Model.Data
{
    /// The plain scalars a YAML 1.1 reader (PyYAML's, reclass's and Salt's) takes for something
    /// other than a string: null, booleans, numbers in every base, sexagesimals, dates, .inf, .nan,
    /// '=' and '<<'. ModelYaml quotes them. This is the regex
    ///
    ///   ^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|=|<<|
    ///   [-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|
    ///   [-+]?0[xob][0-9a-fA-F_]+|[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?|\d{4}-\d\d?-\d\d?.*)$
    ///
    /// read by hand (\d is any Unicode decimal digit and $ also matches before a last line break, as
    /// in .NET's regex; xunit holds the two to the same answers): the regex interpreter was a fifth
    /// of -AsYaml's time on the real-shaped model.
    internal static class YamlSpecialScalar
    {
        private static readonly HashSet<string> Words = new HashSet<string>(StringComparer.Ordinal)
        {
            "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
            "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N", "=", "<<",
        };

        internal static bool Matches(string s)
        {
            if (Whole(s, s.Length)) return true;
            return s.Length > 0 && s[s.Length - 1] == '\n' && Whole(s, s.Length - 1);
        }

        // Whether s[0..end) is one of the scalars; no alternative holds a line break.
        private static bool Whole(string s, int end)
        {
            if (end == 0 || s.IndexOf('\n', 0, end) >= 0) return false;
            if (end <= 5 && Words.Contains(end == s.Length ? s : s.Substring(0, end))) return true;
            return Decimal(s, end) || Infinity(s, end) || NotANumber(s, end) || Based(s, end) || Sexagesimal(s, end) || Date(s, end);
        }

        private static bool IsDigit(char c) => char.IsDigit(c);

        private static int Sign(string s, int end) => end > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;

        // [\d_]* from i: where it ends.
        private static int DigitsOrUnderscores(string s, int i, int end)
        {
            while (i < end && (IsDigit(s[i]) || s[i] == '_')) i++;
            return i;
        }

        // [-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?
        private static bool Decimal(string s, int end)
        {
            var i = Sign(s, end);
            if (i < end && IsDigit(s[i]))
            {
                i = DigitsOrUnderscores(s, i + 1, end);
                if (i < end && s[i] == '.') i = DigitsOrUnderscores(s, i + 1, end);
            }
            else if (i + 1 < end && s[i] == '.' && IsDigit(s[i + 1]))
            {
                i = DigitsOrUnderscores(s, i + 2, end);
            }
            else
            {
                return false;
            }
            if (i == end) return true;
            if (s[i] != 'e' && s[i] != 'E') return false;
            i++;
            if (i < end && (s[i] == '-' || s[i] == '+')) i++;
            if (i == end) return false;
            while (i < end && IsDigit(s[i])) i++;
            return i == end;
        }

        // [-+]?\.(?:inf|Inf|INF)
        private static bool Infinity(string s, int end)
        {
            var i = Sign(s, end);
            return end - i == 4 && s[i] == '.' && IsOneOf(s, i + 1, "inf", "Inf", "INF");
        }

        // \.(?:nan|NaN|NAN)
        private static bool NotANumber(string s, int end) =>
            end == 4 && s[0] == '.' && IsOneOf(s, 1, "nan", "NaN", "NAN");

        private static bool IsOneOf(string s, int at, params string[] words)
        {
            foreach (var word in words)
                if (string.CompareOrdinal(s, at, word, 0, word.Length) == 0) return true;
            return false;
        }

        // [-+]?0[xob][0-9a-fA-F_]+
        private static bool Based(string s, int end)
        {
            var i = Sign(s, end);
            if (end - i < 3 || s[i] != '0' || (s[i + 1] != 'x' && s[i + 1] != 'o' && s[i + 1] != 'b')) return false;
            for (i += 2; i < end; i++)
            {
                var c = s[i];
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '_')) return false;
            }
            return true;
        }

        // [-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?  A group after ':' takes two characters when they
        // are [0-5] and a digit: taking one would leave a digit where ':', '.' or the end must be.
        private static bool Sexagesimal(string s, int end)
        {
            var i = Sign(s, end);
            if (i >= end || !IsDigit(s[i])) return false;
            i = DigitsOrUnderscores(s, i + 1, end);
            var groups = 0;
            while (i < end && s[i] == ':')
            {
                i++;
                if (i + 1 < end && s[i] >= '0' && s[i] <= '5' && IsDigit(s[i + 1])) i += 2;
                else if (i < end && IsDigit(s[i])) i++;
                else return false;
                groups++;
            }
            if (groups == 0) return false;
            if (i < end && s[i] == '.')
            {
                i++;
                while (i < end && IsDigit(s[i])) i++;
            }
            return i == end;
        }

        // \d{4}-\d\d?-\d\d?.*  (what follows the day is anything on the line)
        private static bool Date(string s, int end)
        {
            if (end < 8) return false;
            for (var k = 0; k < 4; k++)
                if (!IsDigit(s[k])) return false;
            var i = 4;
            if (s[i] != '-') return false;
            i++;
            if (!IsDigit(s[i])) return false;
            i++;
            if (i < end && IsDigit(s[i])) i++;
            if (i >= end || s[i] != '-') return false;
            i++;
            return i < end && IsDigit(s[i]);
        }
    }
}
