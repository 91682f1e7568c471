using System;
using System.Collections.Generic;
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

        private readonly List<McpRun> _runs = new List<McpRun>();

        protected override void ProcessRecord() => _runs.Add(Run);

        protected override void EndProcessing()
        {
            if (_runs.Count == 0) return;
            var target = GetUnresolvedProviderPathFromPSPath(Path);
            var toFolder = Directory.Exists(target);
            if (!toFolder && _runs.Count > 1) ThrowTerminatingError(RunErrorRecords.ReportPathNotFolder(target, _runs.Count));

            foreach (var run in _runs)
            {
                string file = target;
                if (toFolder)
                {
                    if (!RunJournal.IsValidRunId(run.RunId)) { WriteError(RunErrorRecords.RunIdInvalid(run.RunId)); continue; }
                    file = System.IO.Path.Combine(target, run.RunId + ".xml");
                }
                var folder = System.IO.Path.GetDirectoryName(file);
                if (!Directory.Exists(folder)) { WriteError(RunErrorRecords.ReportFolderNotFound(file)); continue; }
                if (!ShouldProcess(file, $"Write the JUnit report of run {run.RunId}")) continue;
                try
                {
                    JUnitReport.Write(run, file);
                    WriteObject(new FileInfo(file));
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    WriteError(RunErrorRecords.ReportWriteFailed(file, e));
                }
            }
        }
    }
}
