using System.Threading;
using System.Threading.Tasks;

namespace McpModule.Execution
{
    /// What a run needs of a transport: one command on one node, its standard input given.
    /// SshRun is the real one; tests give a fake (the real one is tested in the lab suites).
    internal interface INodeTransport
    {
        /// Never throws: whatever goes wrong is the node's result (McpCommandResult.Error),
        /// Cancelled when the token ended the command.
        Task<McpCommandResult> RunAsync(SshTarget target, string command, CancellationToken cancel, byte[] input = null);
    }
}
