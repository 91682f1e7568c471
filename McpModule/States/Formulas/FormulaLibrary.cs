using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace McpModule.States.Formulas
{
    /// Where formulas come from: the module's built-in formulas (embedded in the engine
    /// assembly as formulas/&lt;formula&gt;/&lt;file&gt;) and the model repository's formulas/ folder.
    /// A user formula folder replaces the built-in formula of the same name as a whole.
    internal sealed class FormulaLibrary
    {
        private const string Prefix = "formulas/";
        private static readonly Lazy<Dictionary<string, string>> BuiltIn = new Lazy<Dictionary<string, string>>(LoadBuiltIn);
        private readonly string _userRoot;

        /// modelPath may be null: built-in formulas only.
        public FormulaLibrary(string modelPath)
        {
            ModelPath = modelPath;
            if (modelPath != null)
            {
                var root = Path.Combine(modelPath, "formulas");
                if (Directory.Exists(root)) _userRoot = root;
            }
        }

        public string ModelPath { get; }

        /// Every formula name, built-in and user.
        public IReadOnlyList<string> Names
        {
            get
            {
                var names = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var k in BuiltIn.Value.Keys) names.Add(k.Split('/')[0]);
                if (_userRoot != null)
                    foreach (var d in Directory.GetDirectories(_userRoot)) names.Add(Path.GetFileName(d));
                return names.ToList();
            }
        }

        /// Every state name: each formula ("linux") and its other state files as dotted names
        /// ("linux.system.repo" for system/repo.yml); the files/ folder holds sources, not states,
        /// and meta/ what other parts of the module read about the formula (meta/health.yml).
        public IReadOnlyList<string> StateNames
        {
            get
            {
                var names = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var formula in Names)
                {
                    IEnumerable<string> files = IsUser(formula)
                        ? Directory.GetFiles(Path.Combine(_userRoot, formula), "*.yml", SearchOption.AllDirectories)
                            .Select(f => f.Substring(Path.Combine(_userRoot, formula).Length + 1).Replace('\\', '/'))
                        : BuiltIn.Value.Keys.Where(k => k.StartsWith(formula + "/", StringComparison.Ordinal)).Select(k => k.Substring(formula.Length + 1));
                    foreach (var f in files)
                    {
                        if (!f.EndsWith(".yml", StringComparison.Ordinal) || f.StartsWith("files/", StringComparison.Ordinal) || f.StartsWith("meta/", StringComparison.Ordinal)) continue;
                        var state = f.Substring(0, f.Length - 4);
                        names.Add(state == "init" ? formula : formula + "." + state.Replace('/', '.'));
                    }
                }
                return names.ToList();
            }
        }

        public bool Has(string formula) => IsValidName(formula) && (IsUser(formula) || BuiltIn.Value.Keys.Any(k => k.StartsWith(formula + "/", StringComparison.Ordinal)));

        /// True when the model repository has its own formula of that name.
        public bool IsUser(string formula) => _userRoot != null && IsValidName(formula) && Directory.Exists(Path.Combine(_userRoot, formula));

        /// A state name: formula names joined by dots, each of letters, digits, '_' and '-' (so a
        /// name can never be a path: no '/', no '..', nothing absolute).
        public static bool IsValidStateName(string state) =>
            !string.IsNullOrEmpty(state) && state.Length <= 255 && state.Split('.').All(IsValidName);

        private static bool IsValidName(string part) =>
            !string.IsNullOrEmpty(part) && part.All(c => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-');

        /// Reads a formula's file ("init.yml", "files/sshd_config"); display is the path errors name
        /// (the file path for user formulas, "builtin:&lt;formula&gt;/&lt;file&gt;" for built-in ones).
        public bool TryRead(string formula, string relativePath, out string display, out string text)
        {
            relativePath = relativePath.Replace('\\', '/');
            text = null;
            if (relativePath.Split('/').Any(p => p == ".." || p.Length == 0))
            {
                display = formula + "/" + relativePath;
                return false;
            }
            if (IsUser(formula))
            {
                // a link inside the formula folder that leads out of the model is not followed
                try { display = McpModule.FileSystem.RootedPath.Resolve(ModelPath, "formulas/" + formula + "/" + relativePath, "formula " + formula); }
                catch (McpModule.FileSystem.PathOutsideRootException e)
                {
                    throw new FormulaException("Mcp.State.SourceOutsideModel", e.Message, Path.Combine(_userRoot, formula, relativePath), 0, 0, e);
                }
                if (!File.Exists(display)) return false;
                text = File.ReadAllText(display);
                return true;
            }
            display = "builtin:" + formula + "/" + relativePath;
            return BuiltIn.Value.TryGetValue(formula + "/" + relativePath, out text);
        }

        private static Dictionary<string, string> LoadBuiltIn()
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            var assembly = typeof(FormulaLibrary).GetTypeInfo().Assembly;
            foreach (var name in assembly.GetManifestResourceNames())
            {
                var key = name.Replace('\\', '/');
                if (!key.StartsWith(Prefix, StringComparison.Ordinal)) continue;
                using (var stream = assembly.GetManifestResourceStream(name))
                using (var reader = new StreamReader(stream))
                    result[key.Substring(Prefix.Length)] = reader.ReadToEnd();
            }
            return result;
        }
    }
}
