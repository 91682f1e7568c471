using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace McpModule.Cmdlets
{
    /// Where a run's output goes: the cmdlet's own streams, or a job's collections (-AsJob).
    internal interface IRunOutput
    {
        void Object(object value);
        void Error(ErrorRecord error);
        void Progress(ProgressRecord progress);
        void Verbose(string text);
        void Warning(string text);
    }

    /// A run a cmdlet hands to a job once everything it needs (plans, connections, secrets) is
    /// made: it runs to its end on the job's thread, writing to the output, and stops when asked.
    internal interface IJobRun : IDisposable
    {
        void Run(IRunOutput output);
        /// Stops the nodes' commands; Run then returns (recording what it must).
        void Stop();
        bool StopRequested { get; }
        string StatusMessage { get; }
    }

    /// The output of a run written to the cmdlet that runs it, in the pipeline's thread.
    internal sealed class CmdletRunOutput : IRunOutput
    {
        private readonly Cmdlet _cmdlet;
        public CmdletRunOutput(Cmdlet cmdlet) { _cmdlet = cmdlet; }
        public void Object(object value) => _cmdlet.WriteObject(value);
        public void Error(ErrorRecord error) => _cmdlet.WriteError(error);
        public void Progress(ProgressRecord progress) { if (McpProgress.Enabled) _cmdlet.WriteProgress(progress); }
        public void Verbose(string text) => _cmdlet.WriteVerbose(text);
        public void Warning(string text) => _cmdlet.WriteWarning(text);
    }

    /// -AsJob of the run-type cmdlets (Invoke-McpState, Invoke-McpCommand): the same run on a
    /// thread of the session (no new process or runspace: the plans, connections and secrets are
    /// made before it starts). Its output is what the cmdlet writes, as nodes finish; Receive-Job,
    /// Wait-Job, Stop-Job and Remove-Job work as with any job. Stop-Job stops the nodes' commands
    /// and returns when the run has ended (a state run is journalled Interrupted).
    public abstract class McpJob : Job
    {
        private readonly IJobRun _run;
        private readonly string _failedErrorId;
        private readonly object _gate = new object();
        private Task _work;
        private bool _stopping;

        internal McpJob(string command, string name, IJobRun run, string typeName, string failedErrorId) : base(command, name)
        {
            _run = run;
            _failedErrorId = failedErrorId;
            PSJobTypeName = typeName;
        }

        public override string Location => Environment.MachineName;

        public override string StatusMessage => _run.StatusMessage;

        public override bool HasMoreData =>
            Output.Count > 0 || Error.Count > 0 || Verbose.Count > 0 || Warning.Count > 0 || Progress.Count > 0 || Debug.Count > 0;

        /// "hang (McpStateJob, Running)".
        public override string ToString() => $"{Name} ({PSJobTypeName}, {JobStateInfo.State})";

        internal void Start()
        {
            SetJobState(JobState.Running);
            _work = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        private void Work()
        {
            var state = JobState.Completed;
            try { _run.Run(new JobOutput(this)); }
            catch (Exception e)
            {
                Error.Add(new ErrorRecord(e, _failedErrorId, ErrorCategory.OperationStopped, Name));
                state = JobState.Failed;
            }
            finally
            {
                _run.Dispose();
                // under the lock: StopJob either sees the job finished or has set Stopping first
                lock (_gate)
                {
                    if (_stopping || _run.StopRequested) state = JobState.Stopped;
                    SetJobState(state);
                }
            }
        }

        /// Stop-Job: stops the nodes' commands and returns when the run has ended.
        public override void StopJob()
        {
            lock (_gate)
            {
                if (IsFinishedState(JobStateInfo.State)) return;
                if (!_stopping) { _stopping = true; SetJobState(JobState.Stopping); }
            }
            _run.Stop();
            _work?.Wait(TimeSpan.FromSeconds(60));
        }

        private static bool IsFinishedState(JobState s) => s == JobState.Completed || s == JobState.Failed || s == JobState.Stopped;

        protected override void Dispose(bool disposing)
        {
            if (disposing && _work != null && !_work.IsCompleted) { _run.Stop(); _work.Wait(TimeSpan.FromSeconds(60)); }
            base.Dispose(disposing);
        }

        private sealed class JobOutput : IRunOutput
        {
            private readonly McpJob _job;
            public JobOutput(McpJob job) { _job = job; }
            public void Object(object value) => _job.Output.Add(PSObject.AsPSObject(value));
            public void Error(ErrorRecord error) => _job.Error.Add(error);
            // a copy: the run updates one record as nodes finish
            public void Progress(ProgressRecord p) => _job.Progress.Add(
                new ProgressRecord(p.ActivityId, p.Activity, p.StatusDescription) { PercentComplete = p.PercentComplete, RecordType = p.RecordType });
            public void Verbose(string text) => _job.Verbose.Add(new VerboseRecord(text));
            public void Warning(string text) => _job.Warning.Add(new WarningRecord(text));
        }
    }
}
