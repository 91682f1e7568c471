namespace McpModule.Cmdlets
{
    /// Invoke-McpCommand -AsJob (see McpJob): its output is one McpCommandResult per node as
    /// nodes finish, its errors one record per failed node; Stop-Job ends the nodes' commands.
    public sealed class McpCommandJob : McpJob
    {
        internal McpCommandJob(string command, string name, CommandRunner runner)
            : base(command, name, runner, "McpCommandJob", "Mcp.Command.JobFailed") { }
    }
}
