using System;
using System.IO;
using System.Management.Automation;

namespace McpModule.Cmdlets
{
    /// Registers McpModule's Should operators (-BeHealthy, -HaveConverged, -HaveQuorum) with the
    /// loaded Pester. Importing McpModule does it when Pester is loaded already; this is for a
    /// session that imported McpModule first (a profile) and Pester after.
    [Cmdlet(VerbsLifecycle.Register, "McpShouldOperator")]
    [OutputType(typeof(void))]
    public sealed class RegisterMcpShouldOperatorCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            if (!File.Exists(ShouldOperators.ScriptPath))
            {
                ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"{ShouldOperators.ScriptPath} is missing: the module folder is incomplete; install McpModule again.", ShouldOperators.ScriptPath),
                    "Mcp.Should.ScriptMissing", ErrorCategory.ObjectNotFound, ShouldOperators.ScriptPath));
            }
            using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                if (!ShouldOperators.PesterLoaded(ps))
                {
                    ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("Pester is not loaded (or has no Add-ShouldOperator, Pester 4.4 or later): Import-Module Pester first, then Register-McpShouldOperator."),
                        "Mcp.Should.PesterNotLoaded", ErrorCategory.ObjectNotFound, null));
                }
                ShouldOperators.Register(ps);
                foreach (var e in ps.Streams.Error) WriteError(new ErrorRecord(e.Exception, "Mcp.Should.RegisterFailed", ErrorCategory.InvalidOperation, null));
            }
        }
    }
}
