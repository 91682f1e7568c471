using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Settings;

namespace McpModule.Cmdlets
{
    /// Shows the effective settings for a model repository and where each value came from:
    /// Default, the mcp.settings.json file, an MCP_* environment variable, or Parameter.
    [Cmdlet(VerbsCommon.Get, "McpSetting")]
    [OutputType(typeof(McpSetting))]
    public sealed class GetMcpSettingCommand : McpModelCmdlet
    {
        /// The model repository (or a folder or file in it); the current location by default.
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Path { get; set; }

        /// Setting names; wildcards allowed.
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SettingNameCompleter))]
        public string[] Name { get; set; }

        protected override void ProcessRecord()
        {
            var path = ResolveSinglePath(Path);
            if (path == null) return;

            var settings = McpSettings.Read(path, null, null, out var errors);
            foreach (var error in errors) WriteError(SettingErrorRecords.Create(error));

            var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
            var matched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var setting in settings.Items)
            {
                if (patterns != null && !patterns.Any(p => p.IsMatch(setting.Name))) continue;
                matched.Add(setting.Name);
                WriteObject(setting);
            }
            if (Name == null) return;
            foreach (var name in Name)
            {
                if (WildcardPattern.ContainsWildcardCharacters(name) || matched.Contains(name)) continue;
                WriteError(SettingErrorRecords.NotFound(name));
            }
        }
    }
}
