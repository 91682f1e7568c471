using System.IO;
using System.Management.Automation;

namespace McpModule.Cmdlets
{
    /// McpModule's Should operators for Pester (-BeHealthy, -HaveConverged, -HaveQuorum) live in a
    /// script shipped beside the manifest, McpModule.Should.ps1: they are Pester's to call and
    /// read best as PowerShell. Pester is the user's, never McpModule's dependency: the script
    /// registers them with the Pester modules loaded, and does nothing when there are none.
    internal static class ShouldOperators
    {
        internal const string ScriptName = "McpModule.Should.ps1";

        internal static string ScriptPath =>
            Path.Combine(Path.GetDirectoryName(typeof(ShouldOperators).Assembly.Location) ?? ".", ScriptName);

        /// False when no Pester that has Add-ShouldOperator can be loaded in any runspace of this
        /// process: Pester 5 and later load their Pester.dll when imported. Looked at before
        /// PesterLoaded, whose pipeline costs every import of McpModule ~40-60 ms in a new process.
        internal static bool PesterAssemblyLoaded()
        {
            foreach (var assembly in System.AppDomain.CurrentDomain.GetAssemblies())
                if (string.Equals(assembly.GetName().Name, "Pester", System.StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        /// True when a loaded Pester has Add-ShouldOperator. Asks Get-Module, not Get-Command: the
        /// latter would auto-load Pester from PSModulePath on every import of McpModule.
        internal static bool PesterLoaded(PowerShell ps)
        {
            ps.Commands.Clear();
            ps.AddScript("@(Get-Module Pester | Where-Object { $_.ExportedCommands.ContainsKey('Add-ShouldOperator') }).Count -gt 0");
            var result = ps.Invoke();
            return result.Count == 1 && result[0]?.BaseObject is bool b && b;
        }

        /// Runs the script in the session (a top-level scope: the operators go into a dynamic module of their own).
        internal static void Register(PowerShell ps)
        {
            ps.Commands.Clear();
            ps.AddCommand(ScriptPath);
            ps.Invoke();
        }
    }

    /// When McpModule is imported into a session where Pester is loaded (a test's BeforeAll), its
    /// Should operators are registered at once; Register-McpShouldOperator does it for a session
    /// that loads Pester later. A failure here must never fail the import: it is reported as a warning.
    public sealed class ShouldOperatorInitializer : IModuleAssemblyInitializer
    {
        public void OnImport()
        {
            if (System.Management.Automation.Runspaces.Runspace.DefaultRunspace == null || !ShouldOperators.PesterAssemblyLoaded() ||
                !File.Exists(ShouldOperators.ScriptPath)) return;
            try
            {
                using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
                {
                    if (!ShouldOperators.PesterLoaded(ps)) return;
                    ShouldOperators.Register(ps);
                    foreach (var e in ps.Streams.Error)
                    {
                        ps.Commands.Clear();
                        ps.AddCommand("Write-Warning").AddArgument("McpModule's Should operators were not registered with Pester: " + e);
                        ps.Invoke();
                    }
                }
            }
            catch (RuntimeException e)
            {
                using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
                {
                    ps.AddCommand("Write-Warning").AddArgument("McpModule's Should operators were not registered with Pester: " + e.Message);
                    ps.Invoke();
                }
            }
        }
    }
}
