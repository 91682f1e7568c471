using System.Linq;
using System.Management.Automation;
using McpModule.Execution;

namespace McpModule.Cmdlets
{
    /// Closes the SSH connections kept open for the next command (the ReuseConnectionSeconds
    /// setting): to the given node addresses, or all. The next command connects anew and checks
    /// the node's host key again.
    [Cmdlet(VerbsCommunications.Disconnect, "McpNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class DisconnectMcpNodeCommand : PSCmdlet
    {
        /// Node addresses or names (full or short, as the command that connected knew them),
        /// wildcards allowed; all kept connections when not given. Command results
        /// (Invoke-McpCommand) bind by their Address, nodes (Get-McpNode) by their Name.
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Address { get; set; }

        private bool _any;

        protected override void ProcessRecord()
        {
            if (Address == null) return;
            _any = true;
            foreach (var address in Address) Close(address);
        }

        // All kept connections only when asked for none at all: not for an empty pipeline
        // (Get-McpNode -Name nomatch | Disconnect-McpNode closes nothing).
        protected override void EndProcessing()
        {
            if (!_any && !MyInvocation.ExpectingInput) Close(null);
        }

        private void Close(string address)
        {
            var pattern = address == null ? null : WildcardPattern.Get(address, WildcardOptions.IgnoreCase);
            // A pattern is parsed at its first match: match once here, so a broken one ('[') is an
            // error whether or not any connection is kept, and closes nothing.
            try { pattern?.IsMatch(string.Empty); }
            catch (WildcardPatternException e)
            {
                WriteError(new ErrorRecord(new System.ArgumentException($"-Address '{address}' is not a valid wildcard pattern: {e.Message}", e),
                    "Mcp.InvalidWildcard", ErrorCategory.InvalidArgument, address));
                return;
            }
            var matching = SshConnectionPool.Shared.List().Where(c => pattern == null || pattern.IsMatch(c.Address) ||
                (c.Node != null && (pattern.IsMatch(c.Node) || pattern.IsMatch(McpNode.ShortNameOf(c.Node))))).ToList();
            foreach (var c in matching)
            {
                var label = $"{c.User}@{SshRun.HostLabel(c.Address, c.Port)}" + (c.Node == null || c.Node == c.Address ? "" : $" ({c.Node})");
                if (!ShouldProcess($"the SSH connection kept to {label}", "Close")) continue;
                if (SshConnectionPool.Shared.Close(identity => identity == c.Identity) > 0) WriteVerbose($"closed the connection kept to {label}");
            }
        }
    }
}
