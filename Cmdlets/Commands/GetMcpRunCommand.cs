using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using McpModule.Settings;
using McpModule.States;
using McpModule.States.Journal;

namespace McpModule.Cmdlets
{
    /// Lists and reads the state runs recorded in a model repository's journal (.mcp/runs), newest first.
    [Cmdlet(VerbsCommon.Get, "McpRun")]
    [OutputType(typeof(McpRun))]
    public sealed class GetMcpRunCommand : McpModelCmdlet
    {
        /// The model repository; the current location by default.
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Path { get; set; }

        /// Run ids (wildcards); every run by default.
        [Parameter]
        [Alias("RunId")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RunIdCompleter))]
        public string[] Id { get; set; }

        /// Only the newest n runs (after -Id).
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Last { get; set; }

        protected override void ProcessRecord()
        {
            var repo = ResolveSinglePath(Path);
            if (repo == null) return;
            var directory = JournalDirectory(repo);
            var listing = RunJournal.List(repo, directory);
            foreach (var skipped in listing.Skipped) WriteWarning(skipped.Message);
            foreach (var problem in listing.Problems) WriteError(RunErrorRecords.JournalInvalid(problem));

            IEnumerable<McpRun> runs = listing.Runs;
            if (Id != null)
            {
                var patterns = Id.Select(i => new WildcardPattern(i, WildcardOptions.IgnoreCase)).ToList();
                runs = runs.Where(r => patterns.Any(p => p.IsMatch(r.RunId))).ToList();
                foreach (var id in Id.Where(i => !WildcardPattern.ContainsWildcardCharacters(i)))
                    if (!listing.Runs.Any(r => string.Equals(r.RunId, id, System.StringComparison.OrdinalIgnoreCase)))
                        WriteError(RunErrorRecords.NotFound(id, directory ?? RunJournal.DirectoryOf(repo)));
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Last))) runs = runs.Take(Last);
            foreach (var run in runs) WriteObject(run);
        }

        // The RunJournalDirectory setting of the repository (its mcp.settings.json, MCP_RUNJOURNALDIRECTORY); null: .mcp/runs.
        private string JournalDirectory(string repo)
        {
            var settings = McpSettings.Read(repo, null, null, out var errors);
            if (errors.Count > 0) ThrowTerminatingError(SettingErrorRecords.Create(errors[0]));
            return settings.RunJournalDirectory;
        }
    }
}
