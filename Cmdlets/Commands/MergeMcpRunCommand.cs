using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using McpModule.Settings;
using McpModule.States;
using McpModule.States.Journal;
using McpModule.States.Runs;

namespace McpModule.Cmdlets
{
    /// Joins the parts of a sharded state run (Invoke-McpState -Shard k/n -RunId id on n CI runners)
    /// into one McpRun, as one controller would have recorded it, for Export-McpRunReport. Reads
    /// and checks only: nothing is written.
    [Cmdlet(VerbsData.Merge, "McpRun", DefaultParameterSetName = RunSet)]
    [OutputType(typeof(McpRun))]
    public sealed class MergeMcpRunCommand : McpModelCmdlet
    {
        private const string RunSet = "Run", FileSet = "LiteralPath", IdSet = "RunId";
        private readonly List<McpRun> _parts = new List<McpRun>();
        private readonly List<string> _ids = new List<string>();
        private string _repo;

        /// The parts as McpRun objects (Get-McpRun, or Invoke-McpState's output on each runner).
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = RunSet)]
        [ValidateNotNull]
        public McpRun[] Run { get; set; }

        /// Journal part files (shard-<k>-of-<n>.json), or folders to search for them up to three
        /// levels down: where a CI job downloaded every runner's part.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = FileSet)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; }

        /// The run id whose parts are in the journal of the model at -Path.
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = IdSet)]
        [ValidateRunId]
        [ArgumentCompleter(typeof(RunIdCompleter))]
        public string RunId { get; set; }

        /// The model repository whose journal holds the parts (as Get-McpRun reads it: .mcp/runs, or
        /// the RunJournalDirectory setting); the current location by default.
        [Parameter(ParameterSetName = IdSet)]
        public string Path { get; set; }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case RunSet:
                    _parts.AddRange(Run.Where(r => r != null));
                    break;
                case FileSet:
                    foreach (var path in LiteralPath) ReadPath(path);
                    break;
                default:
                    if (_repo == null) _repo = ResolveSinglePath(Path);
                    if (!_ids.Contains(RunId, StringComparer.Ordinal)) _ids.Add(RunId);
                    break;
            }
        }

        private void ReadPath(string path)
        {
            var resolved = ResolveLiteralPath(path);
            if (resolved == null) return;
            IReadOnlyList<string> files;
            try { files = Directory.Exists(resolved) ? RunJournal.FindPartFiles(resolved) : new[] { resolved }; }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(e, "Mcp.Run.MergeReadFailed", ErrorCategory.ReadError, resolved));
                return;
            }
            if (files.Count == 0)
                WriteError(new ErrorRecord(new ItemNotFoundException($"The folder '{resolved}' holds no shard part file (shard-<k>-of-<n>.json)."),
                    "Mcp.Run.MergeNoPartFile", ErrorCategory.ObjectNotFound, resolved));
            foreach (var file in files) Read(file);
        }

        private McpRun Read(string file)
        {
            try { var run = RunJournal.Read(file); _parts.Add(run); return run; }
            catch (RunJournalException e) { WriteError(RunErrorRecords.JournalInvalid(e)); return null; }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != IdSet)
            {
                Write(_parts);
                return;
            }
            var directory = JournalDirectory(_repo) ?? RunJournal.DirectoryOf(_repo);
            foreach (var id in _ids)
            {
                var files = RunJournal.PartFiles(directory, id);
                if (files.Count == 0)
                {
                    WriteError(File.Exists(System.IO.Path.Combine(directory, id + ".json"))
                        ? new ErrorRecord(new InvalidOperationException($"The run '{id}' is a whole run, not a sharded one: there are no parts to merge (Get-McpRun -Id {id} reads it)."),
                            RunMerge.NotAShard, ErrorCategory.InvalidArgument, id)
                        : RunErrorRecords.NotFound(id, directory));
                    continue;
                }
                Write(files.Select(Read).Where(r => r != null).ToList());
            }
        }

        private void Write(IReadOnlyList<McpRun> parts)
        {
            var merged = RunMerge.Merge(parts, out var problems);
            foreach (var problem in problems)
                WriteError(new ErrorRecord(new InvalidOperationException(problem.Message), problem.ErrorId,
                    problem.ErrorId == RunMerge.ShardMissing ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidData, problem.Target));
            if (merged != null)
            {
                WriteVerbose($"run {merged.RunId}: {parts.Count} part(s), {merged.Nodes.Count} node(s), {merged.Status}");
                WriteObject(merged);
            }
        }

        // The RunJournalDirectory setting of the repository, as Get-McpRun reads it; null: .mcp/runs.
        private string JournalDirectory(string repo)
        {
            var settings = McpSettings.Read(repo, null, null, out var errors);
            if (errors.Count > 0) ThrowTerminatingError(SettingErrorRecords.Create(errors[0]));
            return settings.RunJournalDirectory;
        }
    }
}
