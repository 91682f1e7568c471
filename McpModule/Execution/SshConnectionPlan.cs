using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.Execution.Agent;
using McpModule.Settings;

namespace McpModule.Execution
{
    /// How a run connects to each node, decided once from the effective settings and the labs
    /// that run. For each node, highest first:
    ///
    ///   address        the lab node's address  >  the model (SshTarget.FromPillar)  >  the name
    ///   user           -Credential's user, -User  >  lab  >  model (_param:ssh_user)  >  SshUser setting
    ///   port           -Port  >  lab  >  model (_param:ssh_port, openssh:server:port)  >  SshPort setting
    ///   key files      -KeyFile  >  lab identity file  >  SshKeyFile setting  >  ~/.ssh/id_* (without -Credential)
    ///   known_hosts    -KnownHostsFile  >  lab known_hosts  >  KnownHostsFile setting
    ///   ssh-agent      SshAgent setting: Always; Never; Auto (default): when SSH_AUTH_SOCK is set and
    ///                  no key file (-KeyFile, SshKeyFile) and no password is given. With the agent,
    ///                  a default ~/.ssh/id_* key that is encrypted is left out (the agent holds it).
    ///   jump host      JumpHost setting ([user@]host[:port]): host is a model node's name (cfg01 or
    ///                  cfg01.lab.local: its lab or model address, user, port, key, known_hosts),
    ///                  else a name or address; user and port written there win (ResolveJumpHost)
    ///
    /// "Setting" is McpSettings' own order (defaults &lt; mcp.settings.json &lt; MCP_* variables &lt;
    /// parameters): a parameter is explicit when its setting's source is Parameter. Throttle,
    /// timeouts and AcceptNewHostKey are the settings' values for the whole run. A lab is used
    /// for a node when a lab of the node's cluster is registered (LabRegistry) and holds that node.
    internal sealed class SshConnectionPlan
    {
        private readonly Func<string, string, NodeAccess> _findAccess;
        private readonly string _explicitUser;
        private readonly int? _explicitPort;
        private readonly string _explicitKnownHosts;
        private readonly IReadOnlyList<string> _explicitKeys;

        private SshConnectionPlan(McpSettings settings, IReadOnlyList<string> explicitKeyFiles, string credentialUser,
                                  bool hasPassword, Func<string, string, NodeAccess> findAccess, Func<string, string> environment)
        {
            Settings = settings;
            _findAccess = findAccess ?? ((cluster, node) => null);
            _explicitUser = !string.IsNullOrEmpty(credentialUser) ? credentialUser : IsParameter("SshUser") ? settings.SshUser : null;
            _explicitPort = IsParameter("SshPort") ? settings.SshPort : (int?)null;
            _explicitKnownHosts = IsParameter("KnownHostsFile") ? settings.KnownHostsFile : null;
            _explicitKeys = explicitKeyFiles != null && explicitKeyFiles.Count > 0 ? explicitKeyFiles.ToArray() : null;

            Options = new SshOptions
            {
                KnownHostsFile = settings.KnownHostsFile,
                AcceptNewHostKey = settings.AcceptNewHostKey,
                DefaultUser = settings.SshUser,
                DefaultPort = settings.SshPort,
                ConnectTimeout = settings.ConnectTimeout,
                CommandTimeout = settings.CommandTimeout,
                ThrottleLimit = settings.ThrottleLimit,
                KeyExchangeAlgorithms = settings.KexAlgorithms,
                ReuseConnection = settings.ReuseConnection,
            };
            if (_explicitKeys != null) KeyFiles = _explicitKeys;
            else if (!string.IsNullOrEmpty(settings.SshKeyFile)) KeyFiles = new[] { settings.SshKeyFile };
            else if (!hasPassword) KeyFiles = SshOptions.DefaultKeyFiles();
            else KeyFiles = Array.Empty<string>();

            var agent = (settings.SshAgent ?? "Auto").ToLowerInvariant();
            var keyGiven = _explicitKeys != null || !string.IsNullOrEmpty(settings.SshKeyFile);
            var socket = (environment ?? Environment.GetEnvironmentVariable)(SshAgentClient.SocketVariable);
            if (agent == "always") Options.Agent = SshAgentUse.Required;
            else if (agent == "auto" && !keyGiven && !hasPassword && !string.IsNullOrEmpty(socket)) Options.Agent = SshAgentUse.IfAvailable;
            OptionalKeyFiles = Options.Agent != SshAgentUse.Never && !keyGiven ? KeyFiles : Array.Empty<string>();
            AgentFrom = Options.Agent == SshAgentUse.Never
                ? null
                : $"ssh-agent at {(string.IsNullOrEmpty(socket) ? "(SSH_AUTH_SOCK not set)" : socket)}, SshAgent {settings.SshAgent} from {SourceOf("SshAgent")}";
        }

        /// The plan for a run. explicitKeyFiles: -KeyFile (absolute paths; null when not given);
        /// credentialUser/hasPassword: -Credential's; findAccess: (cluster, node) → how a lab reaches
        /// that node, or null (null: no lab; the cmdlets pass McpModule.Lab.LabAccess.Find).
        public static SshConnectionPlan Create(McpSettings settings, IReadOnlyList<string> explicitKeyFiles = null,
                                               string credentialUser = null, bool hasPassword = false,
                                               Func<string, string, NodeAccess> findAccess = null, Func<string, string> environment = null)
        {
            if (settings == null) throw new ArgumentNullException(nameof(settings));
            return new SshConnectionPlan(settings, explicitKeyFiles, credentialUser, hasPassword, findAccess, environment);
        }

        public McpSettings Settings { get; }

        /// The run's options: known_hosts, defaults for user and port, timeouts, throttle.
        public SshOptions Options { get; }

        /// The key files offered to every node that has none of its own (its lab's).
        public IReadOnlyList<string> KeyFiles { get; }

        /// The default key files (~/.ssh/id_*) a run may leave out when they are encrypted,
        /// because the agent is asked too.
        public IReadOnlyList<string> OptionalKeyFiles { get; }

        /// For -Verbose: which agent is asked and why; null when none is.
        public string AgentFrom { get; }

        /// The key files some node needs beyond KeyFiles (lab identity files), each once.
        public IReadOnlyList<string> NodeKeyFiles(IEnumerable<SshTarget> resolved) =>
            resolved.Where(t => t.KeyFiles != null).SelectMany(t => t.KeyFiles)
                    .Distinct(StringComparer.Ordinal).Where(k => !KeyFiles.Contains(k, StringComparer.Ordinal)).ToList();

        /// The target as this run connects to it: address, user, port, key files and
        /// known_hosts by the precedence above; Origin says where each came from.
        public SshTarget Resolve(SshTarget target)
        {
            if (target == null) throw new ArgumentNullException(nameof(target));
            var lab = string.IsNullOrEmpty(target.Cluster) ? null : _findAccess(target.Cluster, target.Name);
            if (lab != null && string.IsNullOrEmpty(lab.Address)) lab = null;

            var address = lab != null ? lab.Address : target.Address;
            var addressSource = lab != null ? lab.Source : target.AddressSource;

            string user, userFrom;
            if (_explicitUser != null) { user = _explicitUser; userFrom = "parameter"; }
            else if (lab != null && !string.IsNullOrEmpty(lab.User)) { user = lab.User; userFrom = "lab"; }
            else if (!string.IsNullOrEmpty(target.User)) { user = target.User; userFrom = "model"; }
            else { user = Settings.SshUser; userFrom = SourceOf("SshUser"); }

            int port; string portFrom;
            if (_explicitPort.HasValue) { port = _explicitPort.Value; portFrom = "parameter"; }
            else if (lab != null && lab.Port > 0) { port = lab.Port; portFrom = "lab"; }
            else if (target.Port.HasValue) { port = target.Port.Value; portFrom = "model"; }
            else { port = Settings.SshPort; portFrom = SourceOf("SshPort"); }

            IReadOnlyList<string> keys; string keysFrom;
            if (_explicitKeys != null) { keys = null; keysFrom = "parameter"; }
            else if (lab != null && !string.IsNullOrEmpty(lab.IdentityFile)) { keys = new[] { lab.IdentityFile }; keysFrom = "lab"; }
            else { keys = null; keysFrom = !string.IsNullOrEmpty(Settings.SshKeyFile) ? SourceOf("SshKeyFile") : "default"; }

            string knownHosts, knownHostsFrom;
            if (_explicitKnownHosts != null) { knownHosts = null; knownHostsFrom = "parameter"; }
            else if (lab != null && !string.IsNullOrEmpty(lab.KnownHostsFile)) { knownHosts = lab.KnownHostsFile; knownHostsFrom = "lab"; }
            else { knownHosts = null; knownHostsFrom = SourceOf("KnownHostsFile"); }

            var origin = $"{address}:{port} as {user}; address from {addressSource}, user from {userFrom}, port from {portFrom}, " +
                         $"key from {keysFrom}, known_hosts from {knownHostsFrom} ({knownHosts ?? Options.KnownHostsFile})";
            return new SshTarget(target.Name, address, user, port, addressSource, target.Cluster, knownHosts, keys, origin);
        }

        /// The jump host the JumpHost setting names, resolved as a node is (null when none is
        /// set): a candidate (a model node) whose name, or name up to its first dot, is the
        /// setting's host, else the host as a name or address. A user or port written in the
        /// setting wins over every other source. Also sets Options.JumpHost.
        public SshTarget ResolveJumpHost(IEnumerable<SshTarget> candidates)
        {
            var spec = Settings.JumpHost;
            if (string.IsNullOrEmpty(spec)) return Options.JumpHost = null;
            string user = null;
            int? port = null;
            var host = spec;
            var at = host.IndexOf('@');
            if (at >= 0) { user = host.Substring(0, at); host = host.Substring(at + 1); }
            var colon = host.LastIndexOf(':');
            if (colon >= 0) { port = int.Parse(host.Substring(colon + 1), System.Globalization.CultureInfo.InvariantCulture); host = host.Substring(0, colon); }

            var list = (candidates ?? Enumerable.Empty<SshTarget>()).Where(c => c != null).ToList();
            var node = list.FirstOrDefault(c => string.Equals(c.Name, host, StringComparison.OrdinalIgnoreCase));
            if (node == null)
            {
                var byShortName = list.Where(c => string.Equals(McpNode.ShortNameOf(c.Name), host, StringComparison.OrdinalIgnoreCase))
                                      .GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
                if (byShortName.Count == 1) node = byShortName[0].First();
            }
            var resolved = Resolve(node ?? SshTarget.FromName(host));
            var origin = $"{resolved.Address}:{port ?? resolved.Port} as {user ?? resolved.User}: the jump host, from JumpHost ({SourceOf("JumpHost")}: {spec})" +
                         $"{(node != null ? ", the model node " + node.Name : "")}; as a node: " + resolved.Origin;
            var jump = new SshTarget(resolved.Name, resolved.Address, user ?? resolved.User, port ?? resolved.Port, resolved.AddressSource,
                                     resolved.Cluster, resolved.KnownHostsFile, resolved.KeyFiles, origin);
            return Options.JumpHost = jump;
        }


        private bool IsParameter(string name) => Settings[name].SourceKindValue == McpSettingSourceKind.Parameter;

        private string SourceOf(string name)
        {
            var s = Settings[name];
            switch (s.SourceKindValue)
            {
                case McpSettingSourceKind.Default: return "default";
                case McpSettingSourceKind.File: return "mcp.settings.json";
                case McpSettingSourceKind.Environment: return s.Source;
                default: return "parameter";
            }
        }
    }
}
