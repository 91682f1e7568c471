using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Execution;

namespace McpModule.Cmdlets
{
    /// Runs an ad-hoc command or script on many nodes at once over SSH, streaming one
    /// McpCommandResult per node as nodes finish; a node that fails is one ErrorRecord.
    [Cmdlet(VerbsLifecycle.Invoke, "McpCommand", DefaultParameterSetName = "Command")]
    [OutputType(typeof(McpCommandResult))]
    public sealed class InvokeMcpCommandCommand : PSCmdlet
    {
        private readonly List<(SshTarget Target, object Input)> _targets = new List<(SshTarget, object)>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        /// McpNode objects (Get-McpNode), objects with Name and Address, or names/addresses.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("Node", "Name")]
        public object[] Target { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = "Command")]
        public string Command { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "Script")]
        public string ScriptFile { get; set; }

        [Parameter] [ValidateRange(1, 1024)] public int ThrottleLimit { get; set; } = 32;
        [Parameter] [Credential] public PSCredential Credential { get; set; }
        [Parameter] public string[] KeyFile { get; set; }
        [Parameter] public SecureString KeyPassphrase { get; set; }
        [Parameter] public string KnownHostsFile { get; set; }
        [Parameter] public SwitchParameter AcceptNewHostKey { get; set; }
        [Parameter] public SwitchParameter ErrorOnNonZero { get; set; }
        /// How long the command may run on a node (default 600).
        [Parameter] [ValidateRange(1, 86400)] public int TimeoutSeconds { get; set; } = 600;
        [Parameter] [ValidateRange(1, 3600)] public int ConnectTimeoutSeconds { get; set; } = 10;
        /// The SSH user when neither -Credential nor the model names one (default root).
        [Parameter] public string User { get; set; }
        [Parameter] [ValidateRange(1, 65535)] public int Port { get; set; } = 22;

        protected override void ProcessRecord()
        {
            foreach (var input in Target ?? Array.Empty<object>())
            {
                if (input == null) continue;
                var target = SshCmdletSupport.ToTarget(input);
                var problem = NodeName.Problem(target.Address);
                if (problem != null)
                {
                    WriteError(SshCmdletSupport.ToErrorRecord(new McpTransportError(McpTransportErrorKind.InvalidTarget, problem), target.Name, input));
                    continue;
                }
                if (!_seen.Add(target.Name)) continue;
                WriteVerbose($"{target.Name}: {target.Address} (from {target.AddressSource})");
                _targets.Add((target, input));
            }
        }

        protected override void EndProcessing()
        {
            if (_targets.Count == 0) return;
            var command = Command;
            if (ParameterSetName == "Script")
            {
                var path = GetUnresolvedProviderPathFromPSPath(ScriptFile);
                if (!File.Exists(path))
                    ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"The script file '{ScriptFile}' does not exist.", path),
                        "Mcp.ScriptFileNotFound", ErrorCategory.ObjectNotFound, ScriptFile));
                command = ShellQuote.ScriptCommand(File.ReadAllText(path));
            }
            var options = new SshOptions
            {
                AcceptNewHostKey = AcceptNewHostKey,
                ThrottleLimit = ThrottleLimit,
                CommandTimeout = TimeSpan.FromSeconds(TimeoutSeconds),
                ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeoutSeconds),
                DefaultPort = Port,
            };
            if (!string.IsNullOrEmpty(KnownHostsFile)) options.KnownHostsFile = GetUnresolvedProviderPathFromPSPath(KnownHostsFile);
            if (!string.IsNullOrEmpty(User)) options.DefaultUser = User;

            using (var secrets = BuildSecrets())
            using (var run = OpenRun(options, secrets))
            {
                var results = new BlockingCollection<McpCommandResult>();
                var inputs = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
                foreach (var t in _targets) inputs[t.Target.Name] = t.Input;
                var all = run.RunManyAsync(_targets.ConvertAll(t => t.Target), command, results.Add, _stop.Token)
                    .ContinueWith(_ => results.CompleteAdding(), TaskScheduler.Default);
                var done = 0;
                var failed = 0;
                var progress = new ProgressRecord(1, "Invoke-McpCommand", $"0 of {_targets.Count} nodes") { PercentComplete = 0 };
                WriteProgress(progress);
                try
                {
                foreach (var result in results.GetConsumingEnumerable())
                {
                    done++;
                    inputs.TryGetValue(result.Node, out var input);
                    if (result.Error != null)
                    {
                        failed++;
                        WriteError(SshCmdletSupport.ToErrorRecord(result, input));
                    }
                    else if (ErrorOnNonZero && result.ExitCode != 0)
                    {
                        failed++;
                        var error = new McpTransportError(McpTransportErrorKind.NonZeroExit, $"{result.Node}: the command exited with {result.ExitCode}");
                        WriteError(SshCmdletSupport.ToErrorRecord(
                            new McpCommandResult(result.Node, result.Address, result.ExitCode, result.StdOut, result.StdErr, result.Duration, error), input));
                    }
                    else
                    {
                        WriteObject(result);
                    }
                    progress.StatusDescription = $"{done} of {_targets.Count} nodes, {failed} failed";
                    progress.PercentComplete = (int)(100.0 * done / _targets.Count);
                    WriteProgress(progress);
                }
                }
                finally
                {
                    // stopped (Ctrl+C) or failed: let the nodes end their remote commands before the
                    // connections close
                    if (!all.IsCompleted) { _stop.Cancel(); all.Wait(TimeSpan.FromSeconds(15)); }
                }
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }

        protected override void StopProcessing() => _stop.Cancel();

        private SshSecrets BuildSecrets()
        {
            var secrets = new SshSecrets();
            var passphrase = SshCmdletSupport.ToChars(KeyPassphrase);
            try
            {
                var files = new List<string>();
                if (KeyFile != null) foreach (var k in KeyFile) files.Add(GetUnresolvedProviderPathFromPSPath(k));
                else if (Credential == null) files.AddRange(SshOptions.DefaultKeyFiles());
                foreach (var file in files)
                {
                    try { secrets.AddKeyFile(file, passphrase); }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        secrets.Dispose();
                        ThrowTerminatingError(new ErrorRecord(new IOException($"The private key file '{file}' cannot be read: {e.Message}", e),
                            "Mcp.Ssh.KeyFileUnreadable", ErrorCategory.ReadError, file));
                    }
                }
                if (Credential != null)
                {
                    var password = SshCmdletSupport.ToChars(Credential.Password);
                    try { secrets.SetPassword(Credential.UserName?.TrimStart('\\'), password); }
                    finally { if (password != null) Array.Clear(password, 0, password.Length); }
                }
            }
            finally
            {
                if (passphrase != null) Array.Clear(passphrase, 0, passphrase.Length);
            }
            return secrets;
        }

        private SshRun OpenRun(SshOptions options, SshSecrets secrets)
        {
            try
            {
                return new SshRun(options, secrets);
            }
            catch (SshKeyFileException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "Mcp.Ssh.KeyFileInvalid", ErrorCategory.InvalidData, e.Path));
                return null;
            }
        }
    }
}
