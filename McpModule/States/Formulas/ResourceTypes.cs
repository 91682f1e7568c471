using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.States.Formulas
{
    /// The resource types the node executor knows, with the arguments each function takes.
    /// `name` is every function's first argument and defaults to the state id.
    internal static class ResourceTypes
    {
        /// Arguments every declaration may carry: its requisites.
        public static readonly IReadOnlyList<string> Requisites = new[] { "require", "watch", "onchanges" };

        private sealed class Function
        {
            public Function(string[] required, string[] optional, string[] oneOf = null) { Required = required; Optional = optional; OneOf = oneOf; }
            public string[] Required { get; }
            public string[] Optional { get; }
            /// Exactly one of these must be given (file.managed: contents or source).
            public string[] OneOf { get; }
        }

        private static readonly Dictionary<string, Function> Functions = new Dictionary<string, Function>(StringComparer.Ordinal)
        {
            ["pkg.installed"] = new Function(Array.Empty<string>(), new[] { "version" }),
            ["pkg.latest"] = new Function(Array.Empty<string>(), Array.Empty<string>()),
            ["pkg.removed"] = new Function(Array.Empty<string>(), Array.Empty<string>()),
            ["file.managed"] = new Function(Array.Empty<string>(), new[] { "contents", "source", "template", "mode", "user", "group", "backup", "makedirs", "show_changes" }, new[] { "contents", "source" }),
            ["file.absent"] = new Function(Array.Empty<string>(), Array.Empty<string>()),
            ["directory.present"] = new Function(Array.Empty<string>(), new[] { "mode", "user", "group", "makedirs" }),
            ["symlink.present"] = new Function(new[] { "target" }, new[] { "force" }),
            ["line.present"] = new Function(new[] { "content" }, new[] { "match", "create" }),
            ["line.absent"] = new Function(Array.Empty<string>(), new[] { "content", "match" }, new[] { "content", "match" }),
            ["service.running"] = new Function(Array.Empty<string>(), new[] { "enable" }),
            ["service.dead"] = new Function(Array.Empty<string>(), new[] { "enable" }),
            ["user.present"] = new Function(Array.Empty<string>(), new[] { "uid", "gid", "groups", "home", "shell", "fullname", "system", "createhome" }),
            ["user.absent"] = new Function(Array.Empty<string>(), Array.Empty<string>()),
            ["group.present"] = new Function(Array.Empty<string>(), new[] { "gid", "system" }),
            ["group.absent"] = new Function(Array.Empty<string>(), Array.Empty<string>()),
            ["sysctl.present"] = new Function(new[] { "value" }, new[] { "config" }),
            ["cmd.run"] = new Function(Array.Empty<string>(), new[] { "creates", "unless", "onlyif", "cwd" }),
            ["apt_repo.present"] = new Function(Array.Empty<string>(), new[] { "source", "uri", "dist", "components", "architectures", "trusted", "key", "signed_by" }, new[] { "source", "uri" }),
            ["apt_repo.absent"] = new Function(Array.Empty<string>(), Array.Empty<string>()),
        };

        public static IEnumerable<string> Names => Functions.Keys.OrderBy(k => k, StringComparer.Ordinal);

        public static bool IsKnownType(string type) => Functions.Keys.Any(k => k.StartsWith(type + ".", StringComparison.Ordinal));

        public static bool IsKnown(string function) => Functions.ContainsKey(function);

        /// The problem with a declaration's arguments (missing, unknown, neither of a pair), or null.
        public static (string ErrorId, string Message) Check(string function, IEnumerable<string> arguments)
        {
            var f = Functions[function];
            var given = new HashSet<string>(arguments, StringComparer.Ordinal);
            foreach (var r in f.Required)
                if (!given.Contains(r)) return ("Mcp.State.MissingArgument", $"{function} needs the argument '{r}'.");
            if (f.OneOf != null)
            {
                var n = f.OneOf.Count(given.Contains);
                if (n != 1) return ("Mcp.State.MissingArgument", $"{function} needs exactly one of {string.Join(", ", f.OneOf.Select(a => "'" + a + "'"))}.");
            }
            foreach (var a in given)
                if (a != "name" && !f.Required.Contains(a) && !f.Optional.Contains(a) && !Requisites.Contains(a))
                    return ("Mcp.State.UnknownArgument", $"{function} has no argument '{a}' (it takes: {string.Join(", ", new[] { "name" }.Concat(f.Required).Concat(f.Optional).Concat(Requisites))}).");
            return (null, null);
        }

        /// The problem with a declaration's values that the types can tell before anything runs
        /// (an APT source the node would refuse), or null.
        public static (string ErrorId, string Message) CheckValues(string function, string name, IDictionary<string, object> arguments)
        {
            if (function == "apt_repo.present" || function == "apt_repo.absent") return AptRepoArguments.Check(name, arguments);
            var type = function.Substring(0, function.IndexOf('.'));
            if (PathTypes.Contains(type) && NodePathProblem(name) is string problem)
                return ("Mcp.State.InvalidPath", $"{function}: the path '{name}' {problem}");
            foreach (var key in new[] { "creates", "cwd" })
                if (arguments.TryGetValue(key, out var v) && v is string path && NodePathProblem(path) is string p)
                    return ("Mcp.State.InvalidPath", $"{function}: {key} '{path}' {p}");
            return (null, null);
        }

        private static readonly HashSet<string> PathTypes = new HashSet<string>(StringComparer.Ordinal) { "file", "directory", "symlink", "line" };

        // A path on a node a resource writes to must say plainly where: absolute, no '..' that
        // could lead a pillar value out of the folder the formula meant, no control characters.
        private static string NodePathProblem(string path)
        {
            if (!path.StartsWith("/", StringComparison.Ordinal)) return "is not absolute.";
            if (path.Split('/').Contains("..")) return "has a '..' segment: a path from the pillar may not leave the folder the formula names.";
            if (path.Any(c => c < ' ' || c == '\x7f')) return "has a control character (a line break?).";
            return null;
        }
    }
}
