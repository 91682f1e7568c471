#nullable enable
namespace McpModule.Settings
{
    /// Where a setting's effective value came from.
    public enum McpSettingSourceKind { Default, File, Environment, Parameter }

    /// One effective setting, as Get-McpSetting shows it.
    public sealed class McpSetting
    {
        internal const string Mask = "********";

        internal McpSetting(McpSettingDefinition definition, object? value, McpSettingSourceKind sourceKind, string source)
        {
            Definition = definition;
            RawValue = value;
            SourceKindValue = sourceKind;
            Source = source;
        }

        public string Name => Definition.Name;

        /// The value; a secret shows as ******** when set, null when not.
        public object? Value => Definition.IsSecret && RawValue != null ? Mask : RawValue;

        /// "Default", the settings file's path, the environment variable's name, or "Parameter".
        public string Source { get; }

        /// Default, File, Environment or Parameter: an McpSettingSourceKind by name, so that it exports as one.
        public string SourceKind => SourceKindValue.ToString();
        internal McpSettingSourceKind SourceKindValue { get; }

        public string Description => Definition.Description;

        public bool IsSecret => Definition.IsSecret;

        internal McpSettingDefinition Definition { get; }

        // The real value, secrets included: for McpSettings' typed properties only.
        internal object? RawValue { get; }

        public override string ToString() => $"{Name}={Value ?? ""} ({Source})";
    }
}
