using System.Management.Automation;

namespace McpModule.Cmdlets
{
    /// The SSH cmdlets that can run in the background (Invoke-McpCommand, Invoke-McpState):
    /// -AsJob and -JobName.
    public abstract class McpSshJobCmdlet : McpSshRunCmdlet
    {
        /// Runs in the background and returns a job at once (an McpJob): Receive-Job gives what the
        /// command would write, Stop-Job stops the nodes' commands.
        [Parameter] public SwitchParameter AsJob { get; set; }

        /// The job's name (with -AsJob).
        [Parameter][ValidateNotNullOrEmpty] public string JobName { get; set; }

        protected string JobNameOrNull => string.IsNullOrEmpty(JobName) ? null : JobName;

        /// Adds the job to the session's jobs (Get-Job), starts it and writes it.
        private protected void StartJob(McpJob job)
        {
            JobRepository.Add(job);
            job.Start();
            WriteObject(job);
        }
    }
}
