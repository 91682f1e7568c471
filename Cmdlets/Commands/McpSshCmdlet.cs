using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Execution;
using McpModule.Execution.Agent;
using McpModule.Model;
using McpModule.Settings;
using McpModule.Targeting;

namespace McpModule.Cmdlets
{
    /// The base of the cmdlets that connect to nodes: turns -Target input (McpNode objects,
    /// objects with Name and Address, target expressions over the -Path model or the -Cluster,
    /// plain names and addresses) into targets, and loads the effective settings.
    public abstract class McpSshCmdlet : McpModelCmdlet
    {
        private readonly Dictionary<string, IReadOnlyList<McpNode>> _nodes = new Dictionary<string, IReadOnlyList<McpNode>>(StringComparer.Ordinal);
        private string _modelPath;
        private bool _modelResolved;
        private string _firstNodePath;

        /// The model repository: string targets are target expressions over its nodes, and
        /// its mcp.settings.json gives the settings. Without it settings come from the
        /// current location (or the model of the first McpNode piped in).
        [Parameter]
        public string Path { get; set; }

        /// The cluster (New-McpCluster, Get-McpCluster) whose nodes target expressions select;
        /// its model repository gives the settings. Instead of -Path.
        [Parameter]
        public McpCluster Cluster { get; set; }

        /// True when -Path or -Cluster names a model that target expressions select from.
        protected bool HasModel => !string.IsNullOrEmpty(Path) || Cluster != null;

        /// SSH.NET's first-use set-up starts on another core while the targets are resolved.
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            SshWarmUp.Start();
        }

        /// What one input object stands for: model nodes (an McpNode, or what a target expression
        /// over the -Path model or the -Cluster selects) and targets that are no model node (an
        /// address the model does not know, an object with Name and Address). Writes an error,
        /// and returns neither, for input that selects nothing.
        protected (IReadOnlyList<(McpNode Node, object Input)> Nodes, IReadOnlyList<(SshTarget Target, object Input)> Others) SelectTargets(object input)
        {
            var none = (Array.Empty<(McpNode, object)>(), Array.Empty<(SshTarget, object)>());
            var value = input is PSObject ps ? ps.BaseObject : input;
            if (value is McpNode node)
            {
                if (_firstNodePath == null) _firstNodePath = node.Path;
                return (new[] { (node, input) }, Array.Empty<(SshTarget, object)>());
            }
            if (!(value is string text) || !HasModel)
                return (Array.Empty<(McpNode, object)>(), new[] { (SshCmdletSupport.ToTarget(input), input) });

            var nodes = ModelNodes();
            if (nodes == null) return none;
            var selection = McpTargetSelection.Select(text, nodes, NodeName.IsValidAddress);
            if (selection.Error != null)
            {
                WriteError(new ErrorRecord(selection.Error, selection.Error.ErrorId, ErrorCategory.InvalidArgument, text));
                return none;
            }
            if (selection.Problem != null)
            {
                WriteError(TargetNoMatch(selection.Problem, text));
                return none;
            }
            var others = selection.Address == null ? Array.Empty<(SshTarget, object)>() : new[] { (SshTarget.FromName(selection.Address), (object)text) };
            return (selection.Nodes.Select(n => (n, (object)n.Name)).ToList(), others);
        }

        /// The targets one input object stands for, model nodes and others alike (for the cmdlets
        /// that connect to any address).
        protected IReadOnlyList<(SshTarget Target, object Input)> ExpandTarget(object input)
        {
            var (nodes, others) = SelectTargets(input);
            return nodes.Select(n => (SshTarget.FromNode(n.Node), n.Input)).Concat(others).ToList();
        }

        /// Mcp.TargetNoMatch: a name or expression that selects nothing is an error, never silence.
        protected static ErrorRecord TargetNoMatch(string message, object target) =>
            new ErrorRecord(new ItemNotFoundException(message), "Mcp.TargetNoMatch", ErrorCategory.ObjectNotFound, target);

        /// The effective settings for the model (-Path, else the first McpNode's model, else the
        /// current location), with the parameters given; a settings problem stops the command.
        protected McpSettings LoadSettings(IReadOnlyDictionary<string, object> parameters)
        {
            var path = ModelPath() ?? _firstNodePath ?? SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            McpSettings settings;
            IReadOnlyList<McpSettingsException> errors;
            try { settings = McpSettings.Read(path, parameters, null, out errors); }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "Mcp.SettingUnknown", ErrorCategory.InvalidArgument, null));
                return null;
            }
            if (errors.Count > 0)
            {
                for (var i = 1; i < errors.Count; i++) WriteError(SettingErrorRecords.Create(errors[i]));
                ThrowTerminatingError(SettingErrorRecords.Create(errors[0]));
            }
            return settings;
        }

        /// The bound parameters among names, as setting name → value (only those given).
        protected Dictionary<string, object> BoundSettings(params (string Parameter, string Setting, Func<object, object> Convert)[] map)
        {
            var result = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            foreach (var (parameter, setting, convert) in map)
            {
                if (!MyInvocation.BoundParameters.TryGetValue(parameter, out var v) || v == null) continue;
                result[setting] = convert == null ? v : convert(v);
            }
            return result;
        }

        private string ModelPath()
        {
            if (_modelResolved) return _modelPath;
            _modelResolved = true;
            if (Cluster != null)
            {
                if (!string.IsNullOrEmpty(Path))
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"Give -Cluster or -Path, not both: -Cluster {Cluster.Name} is the model at '{Cluster.Path}'."),
                        "Mcp.AmbiguousModel", ErrorCategory.InvalidArgument, Path));
                if (string.IsNullOrEmpty(Cluster.Path))
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"The cluster '{Cluster.Name}' has no model path; get it with Get-McpCluster -Path or New-McpCluster."),
                        "Mcp.ClusterWithoutPath", ErrorCategory.InvalidArgument, Cluster));
                _modelPath = Cluster.Path;
            }
            else if (!string.IsNullOrEmpty(Path))
            {
                // Without its model the command cannot select or configure anything: terminating.
                _modelPath = ResolveSinglePath(Path);
            }
            return _modelPath;
        }

        /// The nodes of the -Path model, or of the -Cluster alone (null without either); model
        /// errors are written once. The cluster is read again from its repository, so a model
        /// changed since the object was made counts as it is now.
        protected IReadOnlyList<McpNode> ModelNodes()
        {
            var path = ModelPath();
            if (path == null) return null;
            if (_nodes.TryGetValue(path, out var cached)) return cached;
            var entry = GetEntry(path);
            IReadOnlyList<McpCluster> clusters;
            try { clusters = ClustersOf(entry); }
            catch (ModelException e) { ThrowModelError(e, Path ?? Cluster?.Path); return null; }
            if (Cluster != null)
            {
                var same = new List<McpCluster>();
                foreach (var c in clusters) if (string.Equals(c.Name, Cluster.Name, StringComparison.Ordinal)) same.Add(c);
                if (same.Count == 0)
                    ThrowTerminatingError(new ErrorRecord(
                        new ItemNotFoundException($"The model at '{Cluster.Path}' no longer has the cluster '{Cluster.Name}'."),
                        "Mcp.ClusterNotFound", ErrorCategory.ObjectNotFound, Cluster));
                clusters = same;
            }
            var nodes = new List<McpNode>();
            foreach (var cluster in clusters)
            {
                nodes.AddRange(NodesOf(cluster, out var errors));
                foreach (var error in errors) WriteModelError(error, error.Node);
            }
            _nodes[path] = nodes;
            return nodes;
        }

        /// The keys and password of a run: the settings' key files with their passphrase,
        /// each node's own (lab) key without one, and a -Credential password; every secret
        /// buffer is cleared as soon as SSH.NET has it. An unreadable key file ends the command.
        private protected SshSecrets BuildSecrets(SshConnectionPlan plan, McpSettings settings, IEnumerable<SshTarget> targets, PSCredential credential)
        {
            var secrets = new SshSecrets();
            char[] passphrase;
            using (var secure = settings.SshKeyPassphrase) passphrase = SshCmdletSupport.ToChars(secure);
            try
            {
                var files = new List<(string Path, bool IsDefault)>();
                foreach (var k in plan.KeyFiles) files.Add((k, true));
                var all = new List<SshTarget>(targets);
                if (plan.Options.JumpHost != null) all.Add(plan.Options.JumpHost);
                foreach (var k in plan.NodeKeyFiles(all)) files.Add((k, false));
                foreach (var k in plan.OptionalKeyFiles) secrets.MarkOptional(k);
                foreach (var (file, isDefault) in files)
                {
                    try { secrets.AddKeyFile(file, isDefault ? passphrase : null, isDefault); }
                    catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
                    {
                        secrets.Dispose();
                        ThrowTerminatingError(new ErrorRecord(new System.IO.IOException($"The private key file '{file}' cannot be read: {e.Message}", e),
                            "Mcp.Ssh.KeyFileUnreadable", ErrorCategory.ReadError, file));
                    }
                }
                if (credential != null)
                {
                    var password = SshCmdletSupport.ToChars(credential.Password);
                    try { secrets.SetPassword(credential.UserName?.TrimStart('\\'), password); }
                    finally { if (password != null) Array.Clear(password, 0, password.Length); }
                }
            }
            finally
            {
                if (passphrase != null) Array.Clear(passphrase, 0, passphrase.Length);
            }
            return secrets;
        }

        /// A run over the secrets; a key file SSH.NET cannot read ends the command.
        private protected SshRun OpenRun(SshOptions options, SshSecrets secrets)
        {
            SshRun run = null;
            try { run = new SshRun(options, secrets); }
            catch (SshKeyFileException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "Mcp.Ssh.KeyFileInvalid", ErrorCategory.InvalidData, e.Path));
            }
            catch (SshAgentException e)
            {
                // No key to offer at all: nothing can proceed.
                ThrowTerminatingError(new ErrorRecord(e, "Mcp.Ssh.Agent" + e.Problem,
                    e.Problem == SshAgentProblem.Refused || e.Problem == SshAgentProblem.NoKeys ? ErrorCategory.AuthenticationError : ErrorCategory.ResourceUnavailable,
                    Environment.GetEnvironmentVariable(SshAgentClient.SocketVariable)));
            }
            if (options.ReuseConnection > TimeSpan.Zero)
                WriteVerbose($"connections: kept {options.ReuseConnection.TotalSeconds:0} s after the command for the next one (ReuseConnectionSeconds); {SshConnectionPool.Shared.Count} kept now");
            if (options.Agent != SshAgentUse.Never)
            {
                if (run.AgentProblem != null) WriteWarning("The ssh-agent's keys are not offered: " + run.AgentProblem);
                else WriteVerbose($"keys: {run.AgentKeyCount} from the ssh-agent");
            }
            return run;
        }
    }
}
