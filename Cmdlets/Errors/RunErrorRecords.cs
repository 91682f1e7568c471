using System;
using System.IO;
using System.Management.Automation;
using McpModule.States.Journal;

namespace McpModule.Cmdlets
{
    /// Error records of Get-McpRun and Export-McpRunReport: the file at fault is the target object.
    internal static class RunErrorRecords
    {
        public static ErrorRecord JournalInvalid(RunJournalException e) =>
            new ErrorRecord(e, "Mcp.RunJournalInvalid", ErrorCategory.InvalidData, e.Path);

        public static ErrorRecord NotFound(string id, string journal) =>
            new ErrorRecord(new ItemNotFoundException($"There is no run '{id}' in the journal {journal}."),
                "Mcp.RunNotFound", ErrorCategory.ObjectNotFound, id);

        public static ErrorRecord ReportFolderNotFound(string path) =>
            new ErrorRecord(new DirectoryNotFoundException($"Cannot write the report '{path}': its folder does not exist."),
                "Mcp.ReportFolderNotFound", ErrorCategory.ObjectNotFound, path);

        public static ErrorRecord ReportPathNotFolder(string path, int runs) =>
            new ErrorRecord(new ArgumentException($"{runs} runs came down the pipeline; -Path '{path}' is a file. Give an existing folder: each run is written to <folder>/<RunId>.xml."),
                "Mcp.ReportPathNotFolder", ErrorCategory.InvalidArgument, path);

        public static ErrorRecord ReportWriteFailed(string path, Exception e) =>
            new ErrorRecord(new IOException($"Cannot write the report '{path}': {e.Message}", e),
                "Mcp.ReportWriteFailed", e is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, path);

        public static ErrorRecord RunIdConflict(string runId, string problem) =>
            new ErrorRecord(new InvalidOperationException($"-RunId {runId}: {problem} Nothing was run."),
                "Mcp.State.RunIdConflict", ErrorCategory.ResourceExists, runId);

        public static ErrorRecord RunIdInvalid(string runId) =>
            new ErrorRecord(new ArgumentException($"The run id '{runId}' cannot name a report file."),
                "Mcp.RunIdInvalid", ErrorCategory.InvalidArgument, runId);
    }
}
