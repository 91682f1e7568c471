using System;
using System.Text;

namespace McpModule.Execution
{
    /// The one helper that quotes text for a POSIX shell on a node. Everything that reaches a
    /// remote command line goes through it.
    internal static class ShellQuote
    {
        /// A single POSIX shell word that stands for exactly <paramref name="value"/>:
        /// single quotes around it, each ' written as '\''. NUL cannot pass a command line and is refused.
        public static string Quote(string value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            if (value.IndexOf('\0') >= 0) throw new ArgumentException("A NUL character cannot be passed to a remote shell.", nameof(value));
            if (value.Length > 0 && IsPlain(value)) return value;
            var sb = new StringBuilder(value.Length + 2).Append('\'');
            foreach (var c in value)
            {
                if (c == '\'') sb.Append("'\\''"); else sb.Append(c);
            }
            return sb.Append('\'').ToString();
        }

        /// Words joined by spaces, each quoted.
        public static string Join(params string[] words)
        {
            var sb = new StringBuilder();
            foreach (var w in words)
            {
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(Quote(w));
            }
            return sb.ToString();
        }

        /// The command that runs a whole script sent on its standard input: the script is written
        /// to a temporary file, made executable (so a #! line chooses the interpreter; /bin/sh
        /// without one), run with no input, removed; the script's exit code is the command's.
        /// On standard input a script has no size limit (a command-line argument: 128 KiB on Linux).
        public const string ScriptCommand =
            "f=$(mktemp) || exit 125; cat > \"$f\" && chmod 700 \"$f\" && \"$f\" < /dev/null; rc=$?; rm -f \"$f\"; exit $rc";

        // Letters, digits and a few punctuation characters no shell gives a meaning to.
        private static bool IsPlain(string value)
        {
            foreach (var c in value)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == '@' || c == '%' || c == '+' || c == ','))
                    return false;
            }
            return value[0] != '-';
        }
    }
}
