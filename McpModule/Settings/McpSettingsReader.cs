using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Security;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace McpModule.Settings
{
    /// The one place settings are read, with Microsoft.Extensions.Configuration: a JSON
    /// provider for the file, a provider for MCP_* variables, a memory provider for the
    /// parameters. Each setting takes the value of the highest source that has a valid one.
    internal static class McpSettingsReader
    {
        private const string ParameterSource = "Parameter";
        private const string DefaultSource = "Default";

        public static IReadOnlyList<McpSetting> Read(string modelPath, IReadOnlyDictionary<string, object> parameters,
                                                    IDictionary environment, List<McpSettingsException> errors, out string file)
        {
            var parameterValues = ParameterStrings(parameters);
            file = McpSettings.FindSettingsFile(modelPath);
            var modelDir = File.Exists(modelPath) ? Path.GetDirectoryName(modelPath) : modelPath;

            string fileText = null;
            if (file != null)
            {
                try { fileText = File.ReadAllText(file, Encoding.UTF8); }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    errors.Add(new McpSettingsException(McpSettingsException.FileUnreadableId,
                        $"The settings file '{file}' cannot be read: {e.Message}", file: file, source: file, inner: e));
                }
            }

            IConfigurationRoot root = null;
            var hasFile = fileText != null;
            if (hasFile)
            {
                try { root = Build(fileText, environment, parameterValues); }
                catch (Exception e) when (e is FormatException || e is InvalidDataException || e is InvalidOperationException ||
                                           e is System.Text.Json.JsonException)
                {
                    errors.Add(FileError(file, fileText, e));
                    hasFile = false;
                }
            }
            if (root == null) root = Build(null, environment, parameterValues);

            var providers = root.Providers.ToList();
            var fileProvider = hasFile ? providers[0] : null;
            var environmentProvider = (EnvironmentProvider)providers[hasFile ? 1 : 0];
            var parameterProvider = providers[hasFile ? 2 : 1];

            if (fileProvider != null) CheckFileKeys(fileProvider, file, fileText, errors);

            var items = new List<McpSetting>();
            foreach (var definition in McpSettingDefinitions.All)
            {
                McpSetting chosen = null;
                if (TryLayer(definition, parameterProvider, McpSettingSourceKind.Parameter, ParameterSource, modelDir, null, null, errors, out var fromParameter))
                    chosen = fromParameter;
                else if (TryLayer(definition, environmentProvider, McpSettingSourceKind.Environment,
                                  environmentProvider.VariableName(definition.Name), modelDir, null, null, errors, out var fromEnvironment))
                    chosen = fromEnvironment;
                else if (fileProvider != null &&
                         TryLayer(definition, fileProvider, McpSettingSourceKind.File, file, Path.GetDirectoryName(file), file, fileText, errors, out var fromFile))
                    chosen = fromFile;
                items.Add(chosen ?? new McpSetting(definition, DefaultValue(definition), McpSettingSourceKind.Default, DefaultSource));
            }
            return items;
        }

        private static IConfigurationRoot Build(string fileText, IDictionary environment, Dictionary<string, string> parameters)
        {
            var builder = new ConfigurationBuilder();
            if (fileText != null) builder.AddJsonStream(new MemoryStream(new UTF8Encoding(false).GetBytes(fileText)));
            builder.Add(new EnvironmentSource(environment));
            builder.Add(new MemoryConfigurationSource { InitialData = parameters });
            return builder.Build();
        }

        private static bool TryLayer(McpSettingDefinition definition, IConfigurationProvider provider, McpSettingSourceKind kind,
                                     string source, string baseDir, string file, string fileText,
                                     List<McpSettingsException> errors, out McpSetting setting)
        {
            setting = null;
            if (!provider.TryGet(definition.Name, out var raw) || string.IsNullOrWhiteSpace(raw)) return false;
            if (TryConvert(definition, raw, baseDir, out var value, out var expected))
            {
                setting = new McpSetting(definition, value, kind, source);
                return true;
            }
            var shown = definition.IsSecret ? "the value" : $"'{raw}'";
            var where = source;
            var line = 0;
            var column = 0;
            if (file != null)
            {
                (line, column) = FindKey(fileText, definition.Name, 1);
                where = $"{file}, line {line}";
            }
            errors.Add(new McpSettingsException(McpSettingsException.ValueInvalidId,
                $"{definition.Name} from {where}: {shown} is not valid; expected {expected}. " +
                (kind == McpSettingSourceKind.Parameter ? "" : "It is ignored."),
                definition.Name, source, file, line, column));
            return false;
        }

        internal static bool TryConvert(McpSettingDefinition definition, string raw, string baseDir, out object value, out string expected)
        {
            value = null;
            switch (definition.Kind)
            {
                case McpSettingKind.Integer:
                    expected = $"a whole number from {definition.Minimum} to {definition.Maximum}";
                    if (int.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) &&
                        number >= definition.Minimum && number <= definition.Maximum)
                    {
                        value = number;
                        return true;
                    }
                    return false;
                case McpSettingKind.Boolean:
                    expected = "true or false";
                    switch (raw.Trim().ToLowerInvariant())
                    {
                        case "true": case "yes": case "1": value = true; return true;
                        case "false": case "no": case "0": value = false; return true;
                        default: return false;
                    }
                case McpSettingKind.FilePath:
                    expected = "a file path";
                    try
                    {
                        value = ExpandPath(raw.Trim(), baseDir);
                        return true;
                    }
                    catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
                    {
                        return false;
                    }
                case McpSettingKind.Secret:
                    expected = "text";
                    value = raw;
                    return true;
                default:
                    expected = definition.PatternText ?? "text";
                    var text = raw.Trim();
                    if (definition.Pattern != null && !definition.Pattern.IsMatch(text)) return false;
                    value = text;
                    return true;
            }
        }

        private static object DefaultValue(McpSettingDefinition definition) =>
            definition.Kind == McpSettingKind.FilePath && definition.DefaultValue is string path
                ? ExpandPath(path, Directory.GetCurrentDirectory())
                : definition.DefaultValue;

        /// `~` at the start is the home folder; a relative path is relative to baseDir.
        internal static string ExpandPath(string path, string baseDir)
        {
            if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
                path = Path.Combine(Home(), path.Length > 2 ? path.Substring(2) : "");
            return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDir, path));
        }

        private static string Home()
        {
            var home = Environment.GetEnvironmentVariable("HOME");
            return string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home;
        }

        // Keys in the file that are no setting, or a setting given as an object or a list.
        private static void CheckFileKeys(IConfigurationProvider provider, string file, string text, List<McpSettingsException> errors)
        {
            foreach (var key in provider.GetChildKeys(Enumerable.Empty<string>(), null).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var definition = McpSettingDefinitions.Find(key);
                var (line, column) = FindKey(text, key, 1);
                if (definition == null)
                {
                    errors.Add(new McpSettingsException(McpSettingsException.UnknownSettingId,
                        $"'{key}' in {file}, line {line} is not a setting; settings: {string.Join(", ", McpSettingDefinitions.All.Select(d => d.Name))}.",
                        key, file, file, line, column));
                }
                else if (!provider.TryGet(definition.Name, out _))
                {
                    errors.Add(new McpSettingsException(McpSettingsException.ValueInvalidId,
                        $"{definition.Name} from {file}, line {line}: an object or a list is not valid; expected one value. It is ignored.",
                        definition.Name, file, file, line, column));
                }
            }
        }

        private static McpSettingsException FileError(string file, string text, Exception e)
        {
            // JsonException (System.Text.Json) carries 0-based line and byte positions.
            for (var inner = e; inner != null; inner = inner.InnerException)
            {
                if (inner is System.Text.Json.JsonException json)
                {
                    var line = (int)(json.LineNumber ?? 0) + 1;
                    var column = (int)(json.BytePositionInLine ?? 0) + 1;
                    var reason = json.Message;
                    var cut = reason.IndexOf(" Path: ", StringComparison.Ordinal);
                    if (cut > 0) reason = reason.Substring(0, cut);
                    return new McpSettingsException(McpSettingsException.FileInvalidId,
                        $"The settings file '{file}' is not valid JSON at line {line}, column {column}: {reason}",
                        file: file, source: file, line: line, column: column, inner: e);
                }
            }
            // The provider's own checks: a duplicate key, a top level that is not an object.
            var message = e.Message;
            var quoted = message.IndexOf('\'');
            var end = quoted >= 0 ? message.IndexOf('\'', quoted + 1) : -1;
            var at = (line: 1, column: 1);
            if (message.IndexOf("duplicate", StringComparison.OrdinalIgnoreCase) >= 0 && end > quoted)
            {
                var key = message.Substring(quoted + 1, end - quoted - 1);
                var second = FindKey(text, key.Split(':').Last(), 2);
                if (second.line > 0) at = second;
            }
            return new McpSettingsException(McpSettingsException.FileInvalidId,
                $"The settings file '{file}' is not valid at line {at.line}, column {at.column}: {message}",
                file: file, source: file, line: at.line, column: at.column, inner: e);
        }

        /// Line and column (1-based) of the nth occurrence of "key" (quoted, case ignored); (0, 0) when not found.
        internal static (int line, int column) FindKey(string text, string key, int occurrence)
        {
            if (text == null || key == null) return (0, 0);
            var lines = text.Split('\n');
            var seen = 0;
            var quoted = "\"" + key + "\"";
            for (var i = 0; i < lines.Length; i++)
            {
                var start = 0;
                while ((start = lines[i].IndexOf(quoted, start, StringComparison.OrdinalIgnoreCase)) >= 0)
                {
                    if (++seen == occurrence) return (i + 1, start + 1);
                    start += quoted.Length;
                }
            }
            return (0, 0);
        }

        private static Dictionary<string, string> ParameterStrings(IReadOnlyDictionary<string, object> parameters)
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (parameters == null) return result;
            foreach (var entry in parameters)
            {
                var definition = McpSettingDefinitions.Find(entry.Key)
                    ?? throw new ArgumentException($"'{entry.Key}' is not a setting; settings: {string.Join(", ", McpSettingDefinitions.All.Select(d => d.Name))}.", nameof(parameters));
                switch (entry.Value)
                {
                    case null: continue;
                    case bool b: result[definition.Name] = b ? "true" : "false"; break;
                    case SecureString secure: result[definition.Name] = new NetworkCredential("", secure).Password; break;
                    case TimeSpan span: result[definition.Name] = ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture); break;
                    case IFormattable formattable: result[definition.Name] = formattable.ToString(null, CultureInfo.InvariantCulture); break;
                    default: result[definition.Name] = entry.Value.ToString(); break;
                }
            }
            return result;
        }

        private sealed class EnvironmentSource : IConfigurationSource
        {
            private readonly IDictionary _variables;
            public EnvironmentSource(IDictionary variables) { _variables = variables; }
            public IConfigurationProvider Build(IConfigurationBuilder builder) => new EnvironmentProvider(_variables);
        }

        /// MCP_<NAME> variables of known settings (the name's case ignored, the upper-case
        /// spelling preferred). Other MCP_* variables are left alone: other tools use the prefix.
        private sealed class EnvironmentProvider : ConfigurationProvider
        {
            private readonly IDictionary _variables;
            private readonly Dictionary<string, string> _names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            public EnvironmentProvider(IDictionary variables) { _variables = variables; }

            public string VariableName(string setting) => _names.TryGetValue(setting, out var name) ? name : null;

            public override void Load()
            {
                var data = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                _names.Clear();
                foreach (DictionaryEntry entry in _variables)
                {
                    if (!(entry.Key is string name) || !name.StartsWith(McpSettingDefinitions.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)) continue;
                    var definition = McpSettingDefinitions.Find(name.Substring(McpSettingDefinitions.EnvironmentPrefix.Length));
                    if (definition == null) continue;
                    if (_names.TryGetValue(definition.Name, out var existing) && existing == definition.EnvironmentVariable) continue;
                    data[definition.Name] = entry.Value as string;
                    _names[definition.Name] = name;
                }
                Data = data;
            }
        }
    }
}
