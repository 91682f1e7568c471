using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using McpModule.Execution;
using McpModule.Settings;

namespace McpModule.Cmdlets
{
    /// The base of the cmdlets that run something on many nodes over SSH (Invoke-McpCommand,
    /// Invoke-McpState, the Ceph cmdlets): their common parameters, and how parameters, settings
    /// and the lab become one connection plan.
    public abstract class McpSshRunCmdlet : McpSshCmdlet
    {
        /// Nodes at once; default: the ThrottleLimit setting (32).
        [Parameter][ValidateRange(1, 1024)] public int ThrottleLimit { get; set; }
        [Parameter][Credential] public PSCredential Credential { get; set; }
        [Parameter] public string[] KeyFile { get; set; }
        [Parameter] public SecureString KeyPassphrase { get; set; }
        [Parameter] public string KnownHostsFile { get; set; }
        [Parameter] public SwitchParameter AcceptNewHostKey { get; set; }
        /// How long a node's command or plan may run; default: the CommandTimeoutSeconds setting (300).
        [Parameter][ValidateRange(1, 86400)] public int TimeoutSeconds { get; set; }
        /// Default: the ConnectTimeoutSeconds setting (10).
        [Parameter][ValidateRange(1, 3600)] public int ConnectTimeoutSeconds { get; set; }
        /// The SSH user for every node (beats the lab, the model and the SshUser setting).
        [Parameter] public string User { get; set; }
        /// The SSH port for every node (beats the lab, the model and the SshPort setting).
        [Parameter][ValidateRange(1, 65535)] public int Port { get; set; }
        /// The bastion every node is reached through, as [user@]host[:port]; host may be a model
        /// node (cfg01). Default: the JumpHost setting (none).
        [Parameter] public string JumpHost { get; set; }
        /// Offer the ssh-agent's keys (SSH_AUTH_SOCK): Auto, Always, Never. Default: the SshAgent setting (Auto).
        [Parameter][ValidateSet("Auto", "Always", "Never")] public string SshAgent { get; set; }

        /// One SSH session over the given model nodes, for a cmdlet that runs its own commands on
        /// them (the Ceph cmdlets): connections planned from the parameters, settings and the lab,
        /// keys read once. A key that cannot be read ends the command.
        private protected NodeSession OpenSession(IEnumerable<McpNode> nodes)
        {
            var plan = PlanConnections(out var settings);
            var targets = new Dictionary<string, SshTarget>(System.StringComparer.Ordinal);
            foreach (var node in nodes)
            {
                if (targets.ContainsKey(node.Name)) continue;
                var target = plan.Resolve(SshTarget.FromNode(node));
                WriteVerbose($"{target.Name}: {target.Origin}");
                targets[node.Name] = target;
            }
            PlanJumpHost(plan, targets.Values);
            var secrets = BuildSecrets(plan, settings, targets.Values, Credential);
            SshRun run;
            try { run = OpenRun(plan.Options, secrets); }
            catch { secrets.Dispose(); throw; }
            return new NodeSession(run, secrets, targets, plan.Options.ThrottleLimit, settings);
        }

        /// The effective settings (the parameters given win) and the connection plan over them.
        private protected SshConnectionPlan PlanConnections(out McpSettings settings)
        {
            settings = LoadSettings(BoundSettings(
                ("User", "SshUser", null),
                ("Port", "SshPort", null),
                ("KeyPassphrase", "SshKeyPassphrase", null),
                ("KnownHostsFile", "KnownHostsFile", v => GetUnresolvedProviderPathFromPSPath((string)v)),
                ("AcceptNewHostKey", "AcceptNewHostKey", v => ((SwitchParameter)v).IsPresent),
                ("ThrottleLimit", "ThrottleLimit", null),
                ("ConnectTimeoutSeconds", "ConnectTimeoutSeconds", null),
                ("TimeoutSeconds", "CommandTimeoutSeconds", null),
                ("JumpHost", "JumpHost", null),
                ("SshAgent", "SshAgent", null)));
            var keyFiles = KeyFile?.Select(k => GetUnresolvedProviderPathFromPSPath(k)).ToList();
            var plan = SshConnectionPlan.Create(settings, keyFiles, Credential?.UserName?.TrimStart('\\'),
                                                Credential != null && Credential.Password != null && Credential.Password.Length > 0,
                                                McpModule.Lab.LabAccess.Lookup());
            if (plan.AgentFrom != null) WriteVerbose("keys: " + plan.AgentFrom);
            if (settings.KexAlgorithms != null)
                WriteVerbose($"key exchange: {string.Join(", ", settings.KexAlgorithms)} (KexAlgorithms from {settings["KexAlgorithms"].Source})");
            return plan;
        }

        /// The jump host of the run (Options.JumpHost; null when none): the JumpHost setting
        /// resolved against the -Path model's nodes and the targets themselves.
        private protected SshTarget PlanJumpHost(SshConnectionPlan plan, IEnumerable<SshTarget> targets)
        {
            if (string.IsNullOrEmpty(plan.Settings.JumpHost)) return null;
            var candidates = new List<SshTarget>();
            var nodes = ModelNodes();
            if (nodes != null) candidates.AddRange(nodes.Select(SshTarget.FromNode));
            candidates.AddRange(targets);
            var jump = plan.ResolveJumpHost(candidates);
            WriteVerbose($"{jump.Name}: {jump.Origin}");
            return jump;
        }
    }
}
