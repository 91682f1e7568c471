using System.Management.Automation;
using McpModule.Execution;

namespace McpModule.Cmdlets
{
    /// Remove-Module McpModule closes the SSH connections kept for the next command: nothing of
    /// the module keeps a node's session open once the module is gone.
    public sealed class ModuleCleanup : IModuleAssemblyCleanup
    {
        public void OnRemove(PSModuleInfo psModuleInfo) => SshConnectionPool.Shared.Close();
    }
}
