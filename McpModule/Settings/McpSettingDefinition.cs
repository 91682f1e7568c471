#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace McpModule.Settings
{
    /// The kinds of values a setting holds.
    internal enum McpSettingKind { Text, Integer, Boolean, FilePath, Secret }

    /// One setting McpModule knows: its name, meaning, kind, default and limits.
    /// (No Microsoft.Extensions.Configuration type here: tab completion and help use this
    /// list without loading the configuration assemblies.)
    internal sealed class McpSettingDefinition
    {
        internal McpSettingDefinition(string name, McpSettingKind kind, object? defaultValue, string description,
                                      int minimum = 0, int maximum = 0, Regex? pattern = null, string? patternText = null)
        {
            Name = name;
            Kind = kind;
            DefaultValue = defaultValue;
            Description = description;
            Minimum = minimum;
            Maximum = maximum;
            Pattern = pattern;
            PatternText = patternText;
        }

        public string Name { get; }
        public McpSettingKind Kind { get; }
        /// The built-in default; null when the setting has none.
        public object? DefaultValue { get; }
        public string Description { get; }
        /// Limits of an Integer setting.
        public int Minimum { get; }
        public int Maximum { get; }
        public bool IsSecret => Kind == McpSettingKind.Secret;
        /// The environment variable that sets it: MCP_ and the name in upper case.
        public string EnvironmentVariable => McpSettingDefinitions.EnvironmentPrefix + Name.ToUpperInvariant();
        internal Regex? Pattern { get; }
        internal string? PatternText { get; }

        public override string ToString() => Name;
    }

    /// The settings McpModule reads, lowest precedence first: built-in defaults, then
    /// `mcp.settings.json` in the model repository, then `MCP_<NAME>` environment variables,
    /// then parameters of the command.
    internal static class McpSettingDefinitions
    {
        public const string FileName = "mcp.settings.json";
        public const string EnvironmentPrefix = "MCP_";

        private static readonly Regex UserPattern = new Regex(@"\A[A-Za-z_][A-Za-z0-9_.-]{0,31}\z", RegexOptions.CultureInvariant);
        private static readonly Regex HostPattern = new Regex(
            @"\A(?:[A-Za-z_][A-Za-z0-9_.-]{0,31}@)?[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::[0-9]{1,5})?\z",
            RegexOptions.CultureInvariant);

        private static readonly Regex AgentPattern = new Regex(@"\A(?:[Aa]uto|[Aa]lways|[Nn]ever)\z", RegexOptions.CultureInvariant);

        /// The key exchange algorithms SSH.NET implements, in its order of preference (an xunit
        /// test compares this list with SSH.NET's own, so an upgrade cannot pass unnoticed).
        public static IReadOnlyList<string> KeyExchangeAlgorithmNames { get; } = new[]
        {
            "mlkem768x25519-sha256", "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com",
            "curve25519-sha256", "curve25519-sha256@libssh.org",
            "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512",
            "diffie-hellman-group14-sha256", "diffie-hellman-group-exchange-sha1", "diffie-hellman-group14-sha1",
            "diffie-hellman-group1-sha1",
        };

        private static readonly Regex KexPattern = NameListPattern(KeyExchangeAlgorithmNames);

        /// One or more of names, comma-separated (a name given twice counts at its first place).
        private static Regex NameListPattern(IEnumerable<string> names)
        {
            var one = "(?:" + string.Join("|", names.Select(Regex.Escape)) + ")";
            return new Regex(@"\A" + one + @"(?:\s*,\s*" + one + @")*\z", RegexOptions.CultureInvariant);
        }

        public static IReadOnlyList<McpSettingDefinition> All { get; } = new[]
        {
            new McpSettingDefinition("SshUser", McpSettingKind.Text, "root",
                "The user SSH logs in as on nodes.", pattern: UserPattern, patternText: "a user name such as root or ubuntu"),
            new McpSettingDefinition("SshPort", McpSettingKind.Integer, 22,
                "The SSH port of nodes.", 1, 65535),
            new McpSettingDefinition("SshKeyFile", McpSettingKind.FilePath, null,
                "The private key file (OpenSSH or PEM format); none by default."),
            new McpSettingDefinition("SshKeyPassphrase", McpSettingKind.Secret, null,
                "The passphrase of the key file; never shown."),
            new McpSettingDefinition("KnownHostsFile", McpSettingKind.FilePath, Path.Combine("~", ".ssh", "known_hosts"),
                "The OpenSSH known_hosts file host keys are verified against."),
            new McpSettingDefinition("AcceptNewHostKey", McpSettingKind.Boolean, false,
                "Add the key of a host not yet in KnownHostsFile instead of refusing it (a changed key is always refused)."),
            new McpSettingDefinition("ThrottleLimit", McpSettingKind.Integer, 32,
                "How many nodes a command works on at once.", 1, 1024),
            new McpSettingDefinition("ConnectTimeoutSeconds", McpSettingKind.Integer, 10,
                "Seconds to wait for a node's SSH connection.", 1, 3600),
            new McpSettingDefinition("ReuseConnectionSeconds", McpSettingKind.Integer, 0,
                "Seconds a node's SSH connection is kept open after a command for the next command in the same PowerShell session " +
                "(as OpenSSH's ControlPersist); its host key is checked when it is made and against known_hosts when it is reused. " +
                "0 (the default): every command connects anew. Disconnect-McpNode closes kept connections.", 0, 3600),
            new McpSettingDefinition("CommandTimeoutSeconds", McpSettingKind.Integer, 300,
                "Seconds a command may run on a node before it is stopped and reported as timed out.", 1, 86400),
            new McpSettingDefinition("JumpHost", McpSettingKind.Text, null,
                "A bastion (jump host) to reach nodes through, as [user@]host[:port]; host may name a model node (cfg01); none by default.",
                pattern: HostPattern, patternText: "[user@]host[:port]"),
            new McpSettingDefinition("SshAgent", McpSettingKind.Text, "Auto",
                "Offer the keys of the ssh-agent at SSH_AUTH_SOCK: Auto (when no key file or password is given), Always, or Never.",
                pattern: AgentPattern, patternText: "Auto, Always or Never"),
            new McpSettingDefinition("RunJournalDirectory", McpSettingKind.FilePath, null,
                "The folder state runs are journalled in (one <RunId>.json each; Get-McpRun reads it); " +
                "default: .mcp/runs in the model repository. A run with -WhatIf writes no journal unless -Journal is given."),
            new McpSettingDefinition("HealthHistoryMinutes", McpSettingKind.Integer, 60,
                "Minutes of collections the health history keeps (.mcp/health/history.jsonl in the model repository), " +
                "so alarm windows span earlier collections; at least the longest window × periods of the model's alarms.", 1, 10080),
            new McpSettingDefinition("HealthHistoryMaxMegabytes", McpSettingKind.Integer, 64,
                "The size the health history may grow to; past it the oldest collections go until it is half that.", 1, 4096),
            new McpSettingDefinition("RenderCache", McpSettingKind.Boolean, true,
                "Keep a model's rendered nodes in the user's cache folder (McpModule/renders under $XDG_CACHE_HOME, ~/.cache or " +
                "%LOCALAPPDATA%, closed to other users), so the next session or process reads them instead of rendering again; a node's " +
                "render is used only while its node file and every class file it read have the very bytes it was rendered from (and the " +
                "same settings and module build). " +
                "False: the cache is neither read nor written."),
            new McpSettingDefinition("KexAlgorithms", McpSettingKind.Text, null,
                "The SSH key exchange algorithms offered to nodes, most preferred first, comma-separated (OpenSSH's KexAlgorithms); " +
                "default: all SSH.NET has, post-quantum hybrids (mlkem768x25519-sha256, sntrup761x25519-sha512) first.",
                pattern: KexPattern, patternText: "a comma-separated list of: " + string.Join(", ", KeyExchangeAlgorithmNames)),
        };

        /// The definition of a setting, by name (case ignored); null when there is none.
        public static McpSettingDefinition? Find(string? name) =>
            name == null ? null : All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
    }
}
