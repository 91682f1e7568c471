#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace McpModule.Settings
{
    /// What can be wrong with mcp.settings.json itself, each problem placed at its line and
    /// column: JSON that does not parse, a duplicate key, a key that is no setting, an object
    /// where one value belongs.
    internal static class SettingsFileProblems
    {
        /// Keys in the file that are no setting, or a setting given as an object or a list.
        internal static void CheckKeys(IConfigurationProvider provider, string file, string text, List<McpSettingsException> errors)
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

        /// The file as a whole is not valid: where (line, column) and why.
        internal static McpSettingsException FromException(string file, string text, Exception e)
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
        internal static (int line, int column) FindKey(string? text, string key, int occurrence)
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
    }
}
