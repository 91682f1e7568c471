#nullable enable
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;

namespace McpModule.Settings
{
    /// The effective settings for a model repository: built-in defaults, overridden by
    /// `mcp.settings.json` in the repository, overridden by `MCP_<NAME>` environment
    /// variables, overridden by the parameters a command was given.
    ///
    ///     var settings = McpSettings.Load(repositoryPath, new Dictionary<string, object> { ["ThrottleLimit"] = 8 });
    ///     settings.SshUser; settings.ConnectTimeout; settings["SshPort"].Source
    ///
    /// Microsoft.Extensions.Configuration is loaded on the first Load or Read, not before.
    public sealed class McpSettings
    {
        private readonly Dictionary<string, McpSetting> _byName;

        internal McpSettings(IReadOnlyList<McpSetting> items, string? settingsFile)
        {
            Items = items;
            SettingsFile = settingsFile;
            _byName = items.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        }

        /// Every setting, in the order of McpSettingDefinitions.All.
        public IReadOnlyList<McpSetting> Items { get; }

        /// The settings file that was read; null when the repository has none.
        public string? SettingsFile { get; }

        /// A setting by name (case ignored); KeyNotFoundException for a name that is no setting.
        public McpSetting this[string name] =>
            name != null && _byName.TryGetValue(name, out var setting)
                ? setting
                : throw new KeyNotFoundException($"'{name}' is not a setting; settings: {string.Join(", ", McpSettingDefinitions.All.Select(d => d.Name))}.");

        public string SshUser => WithDefault<string>("SshUser");
        public int SshPort => WithDefault<int>("SshPort");
        /// Absolute path; null when not set.
        public string? SshKeyFile => (string?)this["SshKeyFile"].RawValue;
        /// A new read-only SecureString for each call (dispose it); null when not set.
        public SecureString? SshKeyPassphrase => ToSecureString((string?)this["SshKeyPassphrase"].RawValue);
        /// Absolute path.
        public string KnownHostsFile => WithDefault<string>("KnownHostsFile");
        public bool AcceptNewHostKey => WithDefault<bool>("AcceptNewHostKey");
        public bool RenderCache => WithDefault<bool>("RenderCache");
        public int ThrottleLimit => WithDefault<int>("ThrottleLimit");
        public TimeSpan ConnectTimeout => TimeSpan.FromSeconds(WithDefault<int>("ConnectTimeoutSeconds"));
        public TimeSpan ReuseConnection => TimeSpan.FromSeconds(WithDefault<int>("ReuseConnectionSeconds"));
        public TimeSpan CommandTimeout => TimeSpan.FromSeconds(WithDefault<int>("CommandTimeoutSeconds"));
        /// [user@]host[:port]; null when not set.
        public string? JumpHost => (string?)this["JumpHost"].RawValue;
        /// The run journal's folder when one is set; null: .mcp/runs in the model repository.
        public string? RunJournalDirectory => (string?)this["RunJournalDirectory"].RawValue;
        public TimeSpan HealthHistoryAge => TimeSpan.FromMinutes(WithDefault<int>("HealthHistoryMinutes"));
        public long HealthHistoryMaxBytes => WithDefault<int>("HealthHistoryMaxMegabytes") * 1024L * 1024L;
        /// Auto, Always or Never (as written; compare ignoring case).
        public string SshAgent => WithDefault<string>("SshAgent");
        /// The key exchange algorithms to offer, most preferred first; null: SSH.NET's own list and order.
        public IReadOnlyList<string>? KexAlgorithms =>
            this["KexAlgorithms"].RawValue is string list
                ? list.Split(',').Select(n => n.Trim()).Distinct(StringComparer.Ordinal).ToArray()
                : null;

        /// The effective settings; throws McpSettingsException for the first problem (a bad
        /// settings file, an unknown key in it, a bad value anywhere). parameters: setting
        /// name → value (string, int, bool, SecureString); null values are ignored.
        /// An unknown parameter name is an ArgumentException.
        public static McpSettings Load(string modelPath, IReadOnlyDictionary<string, object?>? parameters = null) =>
            Load(modelPath, parameters, null);

        /// As Load, with the environment variables given (null: the process's).
        public static McpSettings Load(string modelPath, IReadOnlyDictionary<string, object?>? parameters, IDictionary? environment)
        {
            var settings = Read(modelPath, parameters, environment, out var errors);
            if (errors.Count > 0) throw errors[0];
            return settings;
        }

        /// The effective settings and every problem met on the way. A bad value is skipped:
        /// the setting keeps the value of the next lower source, and the problem is in errors.
        /// A settings file that does not parse is skipped as a whole.
        public static McpSettings Read(string modelPath, IReadOnlyDictionary<string, object?>? parameters, IDictionary? environment,
                                       out IReadOnlyList<McpSettingsException> errors)
        {
            if (modelPath == null) throw new ArgumentNullException(nameof(modelPath));
            var problems = new List<McpSettingsException>();
            var items = McpSettingsReader.Read(Path.GetFullPath(modelPath), parameters, environment ?? Environment.GetEnvironmentVariables(),
                                               problems, out var file);
            errors = problems;
            return new McpSettings(items, file);
        }

        /// The settings file for a model path: mcp.settings.json in the path (a folder, or
        /// the folder of a file) or the nearest folder above it, looking no higher than the
        /// repository root (a folder with .git). Null when there is none.
        public static string? FindSettingsFile(string modelPath)
        {
            if (modelPath == null) throw new ArgumentNullException(nameof(modelPath));
            var dir = Path.GetFullPath(modelPath);
            if (File.Exists(dir)) dir = Path.GetDirectoryName(dir);
            for (; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            {
                var candidate = Path.Combine(dir, McpSettingDefinitions.FileName);
                if (File.Exists(candidate)) return candidate;
                if (Directory.Exists(Path.Combine(dir, ".git")) || File.Exists(Path.Combine(dir, ".git"))) return null;
            }
            return null;
        }

        // A setting with a built-in default always has a value: McpSettingsReader falls back to
        // the default, and every value it converts is non-null (null means "not set" only for
        // settings without a default). So the ! below holds for the settings named with it.
        private T WithDefault<T>(string name) => (T)this[name].RawValue!;

        private static SecureString? ToSecureString(string? value)
        {
            if (value == null) return null;
            var secure = new SecureString();
            foreach (var c in value) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }
    }
}
