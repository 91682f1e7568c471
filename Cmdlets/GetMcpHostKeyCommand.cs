using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using McpModule.Execution;

namespace McpModule.Cmdlets
{
    /// Reads the host key a node's SSH server presents (type, SHA256 fingerprint) and what the
    /// known_hosts file says about it. Connects without authenticating and adds nothing.
    [Cmdlet(VerbsCommon.Get, "McpHostKey", DefaultParameterSetName = "Node")]
    [OutputType(typeof(McpHostKey))]
    public sealed class GetMcpHostKeyCommand : PSCmdlet
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "Node")]
        [Alias("Target", "Name")]
        public object[] Node { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "Address")]
        public string[] Address { get; set; }

        [Parameter] [ValidateRange(1, 65535)] public int Port { get; set; } = 22;
        [Parameter] public string KnownHostsFile { get; set; }
        [Parameter] [ValidateRange(1, 3600)] public int ConnectTimeoutSeconds { get; set; } = 10;

        protected override void ProcessRecord()
        {
            var targets = new List<(SshTarget, object)>();
            if (ParameterSetName == "Address") foreach (var a in Address) targets.Add((SshTarget.FromName(a), a));
            else foreach (var n in Node) if (n != null) targets.Add((SshCmdletSupport.ToTarget(n), n));

            var options = new SshOptions { DefaultPort = Port, ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeoutSeconds) };
            if (!string.IsNullOrEmpty(KnownHostsFile)) options.KnownHostsFile = GetUnresolvedProviderPathFromPSPath(KnownHostsFile);
            using (var run = new SshRun(options, null))
            {
                foreach (var (target, input) in targets)
                {
                    var (key, error) = run.ReadHostKeyAsync(target, _stop.Token).GetAwaiter().GetResult();
                    if (error != null) WriteError(SshCmdletSupport.ToErrorRecord(error, target.Name, input));
                    else WriteObject(key);
                }
            }
        }

        protected override void StopProcessing() => _stop.Cancel();
    }
}
