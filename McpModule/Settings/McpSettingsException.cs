#nullable enable
using System;

namespace McpModule.Settings
{
    /// A settings problem: a settings file that does not parse, a key in it that is no
    /// setting, or a value (in the file, an environment variable or a parameter) that is
    /// not valid for its setting. The message names the file and line, or the variable.
    public sealed class McpSettingsException : Exception
    {
        public const string FileInvalidId = "Mcp.SettingsFileInvalid";
        public const string FileUnreadableId = "Mcp.SettingsFileUnreadable";
        public const string UnknownSettingId = "Mcp.SettingUnknown";
        public const string ValueInvalidId = "Mcp.SettingValueInvalid";

        internal McpSettingsException(string errorId, string message, string? settingName = null, string? source = null,
                                      string? file = null, int line = 0, int column = 0, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            SettingName = settingName;
            ValueSource = source;
            File = file;
            Line = line;
            Column = column;
        }

        /// Mcp.SettingsFileInvalid, Mcp.SettingsFileUnreadable, Mcp.SettingUnknown or Mcp.SettingValueInvalid.
        public string ErrorId { get; }
        /// The setting at fault (as written in the file for an unknown one); null for the whole file.
        public string? SettingName { get; }
        /// Where the bad value came from: the file path, the environment variable, or "Parameter".
        public string? ValueSource { get; }
        /// The settings file, when the problem is in it.
        public string? File { get; }
        /// 1-based line and column in File; 0 when unknown.
        public int Line { get; }
        public int Column { get; }

        /// What the problem is about: the setting, else the file.
        public string? Item => SettingName ?? File;
    }
}
