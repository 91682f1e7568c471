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
    public sealed class GetMcpHostKeyCommand : McpSshCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "Node")]
        [Alias("Target", "Name")]
        [ArgumentCompleter(typeof(TargetCompleter))]
        public object[] Node { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "Address")]
        public string[] Address { get; set; }

        /// Default: the lab's, the model's, else the SshPort setting (22).
        [Parameter][ValidateRange(1, 65535)] public int Port { get; set; }
        /// Default: the lab's, else the KnownHostsFile setting (~/.ssh/known_hosts).
        [Parameter] public string KnownHostsFile { get; set; }
        /// Default: the ConnectTimeoutSeconds setting (10).
        [Parameter][ValidateRange(1, 3600)] public int ConnectTimeoutSeconds { get; set; }

        private SshConnectionPlan _plan;

        protected override void ProcessRecord()
        {
            var targets = new List<(SshTarget, object)>();
            if (ParameterSetName == "Address") foreach (var a in Address) targets.Add((SshTarget.FromName(a), a));
            else foreach (var n in Node) if (n != null) targets.AddRange(ExpandTarget(n));
            if (targets.Count == 0) return;

            if (_plan == null)
            {
                _plan = SshConnectionPlan.Create(LoadSettings(BoundSettings(
                    ("Port", "SshPort", null),
                    ("KnownHostsFile", "KnownHostsFile", v => GetUnresolvedProviderPathFromPSPath((string)v)),
                    ("ConnectTimeoutSeconds", "ConnectTimeoutSeconds", null))), hasPassword: true, findAccess: McpModule.Lab.LabAccess.Lookup());
                // Only the host key is read: no authentication (so no agent), and directly (a jump host would need both).
                _plan.Options.Agent = McpModule.Execution.Agent.SshAgentUse.Never;
                _plan.Options.JumpHost = null;
            }
            using (var run = new SshRun(_plan.Options, null))
            {
                foreach (var (unresolved, input) in targets)
                {
                    var target = _plan.Resolve(unresolved);
                    WriteVerbose($"{target.Name}: {target.Origin}");
                    var (key, error) = run.ReadHostKeyAsync(target, Stopping).GetAwaiter().GetResult();
                    if (error != null) WriteError(SshCmdletSupport.ToErrorRecord(error, target.Name, input));
                    else WriteObject(key);
                }
            }
        }
    }
}
