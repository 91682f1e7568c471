using McpModule.States;

namespace McpModule.Cmdlets
{
    /// Invoke-McpState -AsJob (see McpJob): its output is the McpStateResult objects as nodes
    /// finish, then the McpRun; Stop-Job journals the run as Interrupted, each node with how far
    /// it got, and the McpRun is still written to the job's output.
    public sealed class McpStateJob : McpJob
    {
        private readonly StateJobRun _runner;

        internal McpStateJob(string command, string name, StateJobRun runner)
            : base(command, name, runner, "McpStateJob", "Mcp.State.JobFailed")
        {
            _runner = runner;
        }

        /// The run's record once the job has ended (also in its output).
        public McpRun Run => _runner.Result;
    }
}
