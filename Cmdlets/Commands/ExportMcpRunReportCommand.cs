using System;
using System.IO;
using System.Management.Automation;
using McpModule.States;
using McpModule.States.Journal;

namespace McpModule.Cmdlets
{
    /// Writes state runs as a test report (JUnit XML) for Jenkins or GitHub Actions.
    [Cmdlet(VerbsData.Export, "McpRunReport", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportMcpRunReportCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public McpRun Run { get; set; }

        [Parameter]
        [ValidateSet("JUnit", IgnoreCase = true)]
        public string Format { get; set; } = "JUnit";

        /// The report file; an existing folder takes one <RunId>.xml per run.
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        private string _target;
        private bool _toFolder;
        private int _count;
        private string _createdFile;

        protected override void BeginProcessing()
        {
            _target = GetUnresolvedProviderPathFromPSPath(Path);
            _toFolder = Directory.Exists(_target);
        }

        // Each run is written as it comes: `Invoke-McpState ... | Export-McpRunReport` under
        // -ErrorAction Stop still leaves the report when the run's errors then end the step.
        protected override void ProcessRecord()
        {
            var run = Run;
            if (++_count > 1 && !_toFolder)
            {
                // a second run for one file: what this command wrote is taken back
                if (_createdFile != null && File.Exists(_createdFile)) File.Delete(_createdFile);
                ThrowTerminatingError(RunErrorRecords.ReportPathNotFolder(_target, _count));
            }
            string file = _target;
            if (_toFolder)
            {
                if (!RunJournal.IsValidRunId(run.RunId)) { WriteError(RunErrorRecords.RunIdInvalid(run.RunId)); return; }
                file = System.IO.Path.Combine(_target, run.RunId + ".xml");
            }
            var folder = System.IO.Path.GetDirectoryName(file);
            if (!Directory.Exists(folder)) { WriteError(RunErrorRecords.ReportFolderNotFound(file)); return; }
            if (!ShouldProcess(file, $"Write the JUnit report of run {run.RunId}")) return;
            try
            {
                var existed = File.Exists(file);
                JUnitReport.Write(run, file);
                if (!existed && !_toFolder) _createdFile = file;
                WriteObject(new FileInfo(file));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                WriteError(RunErrorRecords.ReportWriteFailed(file, e));
            }
        }
    }
}
