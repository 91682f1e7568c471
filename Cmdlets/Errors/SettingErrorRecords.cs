using System;
using System.Linq;
using System.Management.Automation;
using McpModule.Settings;

namespace McpModule.Cmdlets
{
    /// ErrorRecords for settings problems; the ErrorId comes from the engine's exception.
    internal static class SettingErrorRecords
    {
        public static ErrorRecord Create(McpSettingsException exception)
        {
            ErrorCategory category;
            switch (exception.ErrorId)
            {
                case McpSettingsException.FileInvalidId: category = ErrorCategory.ParserError; break;
                case McpSettingsException.FileUnreadableId: category = ErrorCategory.ReadError; break;
                default: category = ErrorCategory.InvalidData; break;
            }
            return new ErrorRecord(exception, exception.ErrorId, category, exception.Item);
        }

        public static ErrorRecord NotFound(string name) =>
            new ErrorRecord(
                new ArgumentException($"'{name}' is not a setting; settings: {string.Join(", ", McpSettingDefinitions.All.Select(d => d.Name))}."),
                "Mcp.SettingNotFound", ErrorCategory.ObjectNotFound, name);
    }
}
