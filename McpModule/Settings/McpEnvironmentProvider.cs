#nullable enable
using System;
using System.Collections;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;

namespace McpModule.Settings
{
    /// The MCP_* environment variables as a configuration layer (see McpEnvironmentProvider).
    internal sealed class McpEnvironmentSource : IConfigurationSource
    {
        private readonly IDictionary _variables;
        public McpEnvironmentSource(IDictionary variables) { _variables = variables; }
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new McpEnvironmentProvider(_variables);
    }

    /// MCP_<NAME> variables of known settings (the name's case ignored, the upper-case
    /// spelling preferred). Other MCP_* variables are left alone: other tools use the prefix.
    internal sealed class McpEnvironmentProvider : ConfigurationProvider
    {
        private readonly IDictionary _variables;
        private readonly Dictionary<string, string> _names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public McpEnvironmentProvider(IDictionary variables) { _variables = variables; }

        public string? VariableName(string setting) => _names.TryGetValue(setting, out var name) ? name : null;

        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
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
