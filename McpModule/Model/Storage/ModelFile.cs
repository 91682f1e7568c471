using System.Collections.Generic;
using McpModule.Model.Data;
using McpModule.Model.Entities;
using McpModule.Model.Parameters;

namespace McpModule.Model.Storage
{
    /// One node or class file as read from disk: parsed once, then turned into a
    /// fresh Entity for every node that needs it (entities are changed by merging).
    internal sealed class ModelFile
    {
        private readonly OrderedMap _data;

        public ModelFile(string name, string pathname, string path, OrderedMap data, string text = null)
        {
            Text = text;
            Name = name;
            Pathname = pathname;
            Path = path;
            Uri = "yaml_fs://" + path;
            _data = data ?? new OrderedMap();
            Classes = AbsoluteClassNames(name, StringList("classes"));
            Applications = StringList("applications");
            // Kept as YAML gave it: reclass prints `environment: 5` as the number 5.
            Environment = _data.TryGetValue("environment", out var env) ? env : null;
            ParametersData = Mapping("parameters");
            ExportsData = Mapping("exports");
        }

        public string Name { get; }
        public string Pathname { get; }
        public string Path { get; }
        public string Uri { get; }
        public IReadOnlyList<string> Classes { get; }
        public IReadOnlyList<string> Applications { get; }
        public object Environment { get; }
        public OrderedMap ParametersData { get; }
        public OrderedMap ExportsData { get; }
        /// The text it was parsed from (null where the caller gave only data).
        public string Text { get; }
        /// What it parsed to. Never changed: entities copy what they merge from it.
        public OrderedMap Data => _data;

        private Entity _template;

        /// A new entity over this file's parsed values. The parameter and export sets are
        /// built once and shared: entities from files are only ever merged from, never into.
        public Entity ToEntity(ReclassSettings settings)
        {
            // Renders on other threads may build it at once; one is kept and used by all.
            var template = System.Threading.Volatile.Read(ref _template)
                ?? System.Threading.Interlocked.CompareExchange(ref _template, BuildEntity(settings), null) ?? _template;
            return new Entity(settings, Name, Uri, Pathname, Environment, template.Classes, template.Applications,
                              template.Parameters, template.Exports);
        }

        private Entity BuildEntity(ReclassSettings settings)
        {
            var classes = new ClassList();
            foreach (var c in Classes)
            {
                if (c.IndexOf(' ') >= 0 || c.IndexOf('/') >= 0)
                    throw new ModelException(ModelErrorKind.InvalidClassName,
                        $"Invalid class name '{c}' in '{Path}': class names cannot contain spaces or '/'.", file: Path);
                classes.AppendIfNew(c);
            }
            var applications = new ApplicationList();
            foreach (var a in Applications) applications.AppendIfNew(a);
            return new Entity(settings, Name, Uri, Pathname, Environment, classes, applications,
                new ParameterSet(ParametersData, settings, Uri) { IsShared = true },
                new ExportSet(ExportsData, settings, Uri) { IsShared = true });
        }

        private List<string> StringList(string key)
        {
            var result = new List<string>();
            if (!_data.TryGetValue(key, out var value) || value == null) return result;
            // reclass iterates whatever it finds; a string gives its characters.
            if (value is string text)
            {
                foreach (var c in text) result.Add(c.ToString());
                return result;
            }
            if (!(value is List<object> list))
                throw new ModelException(ModelErrorKind.InvalidFile, $"'{key}' in '{Path}' must be a list, not {Describe(value)}.", file: Path);
            foreach (var item in list)
            {
                if (!(item is string s))
                    throw new ModelException(ModelErrorKind.InvalidFile, $"'{key}' in '{Path}' must list names (strings); found {Describe(item)} '{PythonFormat.Str(item)}'.", file: Path);
                result.Add(s);
            }
            return result;
        }

        private OrderedMap Mapping(string key)
        {
            if (!_data.TryGetValue(key, out var value) || value == null) return null;
            return value as OrderedMap ??
                throw new ModelException(ModelErrorKind.InvalidFile, $"'{key}' in '{Path}' must be a mapping, not {Describe(value)}.", file: Path);
        }

        private static string Describe(object value) => value switch
        {
            OrderedMap _ => "a mapping",
            List<object> _ => "a list",
            string _ => "a string",
            null => "nothing",
            _ => "a " + value.GetType().Name.ToLowerInvariant(),
        };

        /// ".x" is a sibling of the naming class, "..x" a sibling of its parent.
        private static List<string> AbsoluteClassNames(string name, List<string> names)
        {
            var result = new List<string>(names.Count);
            foreach (var n in names)
            {
                if (n.Length == 0 || n[0] != '.') { result.Add(n); continue; }
                var dots = 0;
                while (dots < n.Length && n[dots] == '.') dots++;
                var parts = name.Split('.');
                var keep = parts.Length - dots;
                var parent = keep > 0 ? string.Join(".", parts, 0, keep) : "";
                result.Add(parent.Length == 0 ? n.Substring(dots) : parent + n.Substring(dots - 1));
            }
            return result;
        }
    }
}
