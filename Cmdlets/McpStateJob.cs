using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using McpModule.States;
using McpModule.States.Runs;

namespace McpModule.Cmdlets
{
    /// Invoke-McpState -AsJob: the same run on a thread of the session (no new process or
    /// runspace: the plans, connections and secrets are made before it starts). Its output is
    /// what Invoke-McpState writes, the McpStateResult objects as nodes finish, then the McpRun;
    /// Receive-Job, Wait-Job and Remove-Job work as with any job. Stop-Job stops the nodes'
    /// commands and the run is journalled as Interrupted, each node with how far it got; the
    /// McpRun is still written to the job's output.
    public sealed class McpStateJob : Job
    {
        private readonly StateRun<object> _runner;
        private readonly Action _release;
        private readonly object _gate = new object();
        private Task _work;
        private bool _stopping;

        internal McpStateJob(string command, string name, StateRun<object> runner, Action release) : base(command, name)
        {
            _runner = runner;
            _release = release;
            PSJobTypeName = "McpStateJob";
        }

        /// The run's record once the job has ended (also in its output).
        public McpRun Run => _runner.Result;

        public override string Location => Environment.MachineName;

        public override string StatusMessage => _runner.Result == null ? $"{_runner.NodeCount} nodes" : _runner.Result.Status.ToString();

        public override bool HasMoreData =>
            Output.Count > 0 || Error.Count > 0 || Verbose.Count > 0 || Warning.Count > 0 || Progress.Count > 0 || Debug.Count > 0;

        internal void Start()
        {
            SetJobState(JobState.Running);
            _work = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        private void Work()
        {
            var state = JobState.Completed;
            try { StateRunWriter.Run(_runner, new JobOutput(this), deferErrors: false); }
            catch (Exception e)
            {
                Error.Add(new ErrorRecord(e, "Mcp.State.JobFailed", ErrorCategory.OperationStopped, Name));
                state = JobState.Failed;
            }
            finally
            {
                _release();
                // under the lock: StopJob either sees the job finished or has set Stopping first
                lock (_gate)
                {
                    if (_stopping || _runner.StopRequested) state = JobState.Stopped;
                    SetJobState(state);
                }
            }
        }

        /// Stop-Job: stops the nodes' commands and returns when the run has been journalled.
        public override void StopJob()
        {
            lock (_gate)
            {
                if (IsFinishedState(JobStateInfo.State)) return;
                if (!_stopping) { _stopping = true; SetJobState(JobState.Stopping); }
            }
            _runner.Stop();
            _work?.Wait(TimeSpan.FromSeconds(60));
        }

        private static bool IsFinishedState(JobState s) => s == JobState.Completed || s == JobState.Failed || s == JobState.Stopped;

        protected override void Dispose(bool disposing)
        {
            if (disposing && _work != null && !_work.IsCompleted) { _runner.Stop(); _work.Wait(TimeSpan.FromSeconds(60)); }
            base.Dispose(disposing);
        }

        private sealed class JobOutput : IStateRunOutput
        {
            private readonly McpStateJob _job;
            public JobOutput(McpStateJob job) { _job = job; }
            public void Object(object value) => _job.Output.Add(PSObject.AsPSObject(value));
            public void Error(ErrorRecord error) => _job.Error.Add(error);
            // a copy: the runner updates one record as nodes finish
            public void Progress(ProgressRecord p) => _job.Progress.Add(new ProgressRecord(p.ActivityId, p.Activity, p.StatusDescription)
                { PercentComplete = p.PercentComplete, RecordType = p.RecordType });
            public void Verbose(string text) => _job.Verbose.Add(new VerboseRecord(text));
        }
    }
}
