#nullable enable
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

        public static IReadOnlyList<McpSetting> Read(string modelPath, IReadOnlyDictionary<string, object?>? parameters,
                                                    IDictionary environment, List<McpSettingsException> errors, out string? file)
        {
            var parameterValues = ParameterStrings(parameters);
            file = McpSettings.FindSettingsFile(modelPath);
            var modelDir = File.Exists(modelPath) ? Path.GetDirectoryName(modelPath) : modelPath;

            string? fileText = null;
            if (file != null)
            {
                try { fileText = File.ReadAllText(file, Encoding.UTF8); }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    errors.Add(new McpSettingsException(McpSettingsException.FileUnreadableId,
                        $"The settings file '{file}' cannot be read: {e.Message}", file: file, source: file, inner: e));
                }
            }

            IConfigurationRoot? root = null;
            var hasFile = fileText != null;
            if (file != null && fileText != null)
            {
                try { root = Build(fileText, environment, parameterValues); }
                catch (Exception e) when (e is FormatException || e is InvalidDataException || e is InvalidOperationException ||
                                           e is System.Text.Json.JsonException)
                {
                    errors.Add(SettingsFileProblems.FromException(file, fileText, e));
                    hasFile = false;
                }
            }
            if (root == null) root = Build(null, environment, parameterValues);

            var providers = root.Providers.ToList();
            var fileProvider = hasFile ? providers[0] : null;
            var environmentProvider = (McpEnvironmentProvider)providers[hasFile ? 1 : 0];
            var parameterProvider = providers[hasFile ? 2 : 1];

            if (fileProvider != null && file != null && fileText != null) SettingsFileProblems.CheckKeys(fileProvider, file, fileText, errors);

            var items = new List<McpSetting>();
            foreach (var definition in McpSettingDefinitions.All)
            {
                McpSetting? chosen = null;
                if (TryLayer(definition, parameterProvider, McpSettingSourceKind.Parameter, ParameterSource, modelDir, null, null, errors, out var fromParameter))
                    chosen = fromParameter;
                else if (TryLayer(definition, environmentProvider, McpSettingSourceKind.Environment,
                                  environmentProvider.VariableName(definition.Name) ?? definition.EnvironmentVariable, modelDir, null, null, errors, out var fromEnvironment))
                    chosen = fromEnvironment;
                else if (fileProvider != null && file != null &&
                         TryLayer(definition, fileProvider, McpSettingSourceKind.File, file, Path.GetDirectoryName(file), file, fileText, errors, out var fromFile))
                    chosen = fromFile;
                items.Add(chosen ?? new McpSetting(definition, DefaultValue(definition), McpSettingSourceKind.Default, DefaultSource));
            }
            return items;
        }

        private static IConfigurationRoot Build(string? fileText, IDictionary environment, Dictionary<string, string?> parameters)
        {
            var builder = new ConfigurationBuilder();
            if (fileText != null) builder.AddJsonStream(new MemoryStream(new UTF8Encoding(false).GetBytes(fileText)));
            builder.Add(new McpEnvironmentSource(environment));
            builder.Add(new MemoryConfigurationSource { InitialData = parameters });
            return builder.Build();
        }

        private static bool TryLayer(McpSettingDefinition definition, IConfigurationProvider provider, McpSettingSourceKind kind,
                                     string source, string baseDir, string? file, string? fileText,
                                     List<McpSettingsException> errors, out McpSetting? setting)
        {
            setting = null;
            if (!provider.TryGet(definition.Name, out var raw) || raw == null || string.IsNullOrWhiteSpace(raw)) return false;
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
                (line, column) = SettingsFileProblems.FindKey(fileText, definition.Name, 1);
                where = $"{file}, line {line}";
            }
            errors.Add(new McpSettingsException(McpSettingsException.ValueInvalidId,
                $"{definition.Name} from {where}: {shown} is not valid; expected {expected}. " +
                (kind == McpSettingSourceKind.Parameter ? "" : "It is ignored."),
                definition.Name, source, file, line, column));
            return false;
        }

        internal static bool TryConvert(McpSettingDefinition definition, string raw, string baseDir, out object? value, out string expected)
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

        private static object? DefaultValue(McpSettingDefinition definition) =>
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

        private static Dictionary<string, string?> ParameterStrings(IReadOnlyDictionary<string, object?>? parameters)
        {
            var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
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
    }
}
