using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Model.Yaml;

namespace McpModule.Model
{
    /// The reclass options that change how a model renders, with reclass 1.7's defaults.
    /// Read from reclass-config.yml in the inventory folder, where the reclass CLI and
    /// salt's master config look for them.
    internal sealed class ReclassSettings
    {
        public const string ConfigFileName = "reclass-config.yml";

        public string NodesUri { get; set; } = "nodes";
        public string ClassesUri { get; set; } = "classes";
        public bool ComposeNodeName { get; set; }
        public bool IgnoreClassNotFound { get; set; }
        public IList<string> IgnoreClassNotFoundRegexp { get; set; } = new List<string> { ".*" };
        public bool IgnoreOverwrittenMissingReferences { get; set; } = true;
        public bool StrictConstantParameters { get; set; } = true;
        public bool AllowScalarOverDict { get; set; }
        public bool AllowScalarOverList { get; set; }
        public bool AllowListOverScalar { get; set; }
        public bool AllowDictOverScalar { get; set; }
        public bool AllowNoneOverride { get; set; }
        public bool InventoryIgnoreFailedNode { get; set; }
        public bool InventoryIgnoreFailedRender { get; set; }
        public bool AutomaticParameters { get; set; } = true;
        public bool ClassMappingsMatchPath { get; set; }
        public string DefaultEnvironment { get; set; } = "base";
        public bool GroupErrors { get; set; } = true;
        public IList<string> ClassMappings { get; set; } = new List<string>();

        /// reclass 1.7 cannot resolve a reference whose last part indexes a list
        /// (`${list:0}` fails, `${list:0:key}` works). Off by default to match it.
        public bool ResolveListIndexReferences { get; set; }

        /// reclass 1.7 puts a list or dict into a mixed string ("x${list}") before the
        /// references inside it are rendered, so the string shows reclass internals
        /// ("[Value(RefItem(...))]"). On, those references render first. Off by default
        /// to match reclass.
        public bool RenderNestedReferencesFirst { get; set; }

        internal const char Delimiter = ':';
        internal const string RefOpen = "${", RefClose = "}", InvOpen = "$[", InvClose = "]";
        internal const char Escape = '\\';
        internal const char OverridePrefix = '~', ConstantPrefix = '=';

        /// Settings for the inventory at <paramref name="inventoryPath"/>: defaults overlaid
        /// with its reclass-config.yml when there is one.
        public static ReclassSettings Load(string inventoryPath)
        {
            var settings = new ReclassSettings();
            var file = Path.Combine(inventoryPath, ConfigFileName);
            if (!File.Exists(file)) return settings;
            return FromData(YamlFileReader.Read(file), file);
        }

        /// Settings from a reclass-config.yml already parsed (file names it in errors).
        internal static ReclassSettings FromData(object data, string file)
        {
            var settings = new ReclassSettings();
            if (data == null) return settings;
            if (!(data is OrderedMap map))
                throw new ModelException(ModelErrorKind.InvalidSettings, $"'{file}' must hold a mapping of reclass options.", file: file);
            settings.Apply(map, file);
            return settings;
        }

        private void Apply(OrderedMap map, string file)
        {
            foreach (var pair in map)
            {
                var v = pair.Value;
                switch (pair.Key)
                {
                    case "nodes_uri": NodesUri = Text(v, pair.Key, file); break;
                    case "classes_uri": ClassesUri = Text(v, pair.Key, file); break;
                    case "compose_node_name": ComposeNodeName = Truthy(v); break;
                    case "ignore_class_notfound": IgnoreClassNotFound = Truthy(v); break;
                    case "ignore_class_notfound_regexp": IgnoreClassNotFoundRegexp = TextList(v, pair.Key, file); break;
                    case "ignore_overwritten_missing_references": IgnoreOverwrittenMissingReferences = Truthy(v); break;
                    case "strict_constant_parameters": StrictConstantParameters = Truthy(v); break;
                    case "allow_scalar_over_dict": AllowScalarOverDict = Truthy(v); break;
                    case "allow_scalar_over_list": AllowScalarOverList = Truthy(v); break;
                    case "allow_list_over_scalar": AllowListOverScalar = Truthy(v); break;
                    case "allow_dict_over_scalar": AllowDictOverScalar = Truthy(v); break;
                    case "allow_none_override": AllowNoneOverride = Truthy(v); break;
                    case "inventory_ignore_failed_node": InventoryIgnoreFailedNode = Truthy(v); break;
                    case "inventory_ignore_failed_render": InventoryIgnoreFailedRender = Truthy(v); break;
                    case "automatic_parameters": AutomaticParameters = Truthy(v); break;
                    case "class_mappings_match_path": ClassMappingsMatchPath = Truthy(v); break;
                    case "default_environment": DefaultEnvironment = Text(v, pair.Key, file); break;
                    case "group_errors": GroupErrors = Truthy(v); break;
                    case "class_mappings": ClassMappings = TextList(v, pair.Key, file); break;
                    case "resolve_list_index_references": ResolveListIndexReferences = Truthy(v); break;
                    case "render_nested_references_first": RenderNestedReferencesFirst = Truthy(v); break;
                    default: break;   // options about output and storage backends do not change rendering
                }
            }
        }

        /// Every option's value in one text: two settings render alike when their texts are equal.
        /// Read from the properties, so options added later and values set after loading count too.
        internal string Fingerprint()
        {
            var text = new System.Text.StringBuilder();
            foreach (var property in typeof(ReclassSettings).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                var value = property.GetValue(this);
                text.Append(property.Name).Append('=')
                    .Append(value is IEnumerable<string> list ? string.Join("\u0001", list) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))
                    .Append('\u0000');
            }
            return text.ToString();
        }

        /// Python truthiness, because reclass uses the option values as they come.
        private static bool Truthy(object v) => v switch
        {
            null => false,
            bool b => b,
            string s => s.Length > 0,
            long l => l != 0,
            double d => d != 0,
            OrderedMap m => m.Count > 0,
            List<object> l => l.Count > 0,
            _ => true,
        };

        private static string Text(object v, string key, string file) =>
            v as string ?? throw new ModelException(ModelErrorKind.InvalidSettings, $"'{key}' in '{file}' must be a string.", file: file);

        private static IList<string> TextList(object v, string key, string file)
        {
            if (v == null) return new List<string>();
            if (v is string s) return new List<string> { s };
            if (v is List<object> list)
            {
                var result = new List<string>();
                foreach (var item in list)
                    result.Add(item as string ?? throw new ModelException(ModelErrorKind.InvalidSettings, $"'{key}' in '{file}' must list strings.", file: file));
                return result;
            }
            throw new ModelException(ModelErrorKind.InvalidSettings, $"'{key}' in '{file}' must be a string or a list of strings.", file: file);
        }
    }
}
