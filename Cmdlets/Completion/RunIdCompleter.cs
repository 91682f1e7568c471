using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using McpModule.Settings;
using McpModule.States.Journal;

namespace McpModule.Cmdlets
{
    /// Completes Get-McpRun -Id with the run ids of the journal of the model at -Path (else the
    /// current location), newest first, from the journal's file names.
    public sealed class RunIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                              CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var repo = NodeNameCompleter.ModelPath(fakeBoundParameters);
                // the journal folder Get-McpRun reads: the RunJournalDirectory setting, else .mcp/runs
                var settings = McpSettings.Read(repo, null, null, out _);
                return CompletionSource.Complete(RunJournal.ListRunIds(repo, settings.RunJournalDirectory), wordToComplete);
            }
            catch (Exception) { return Array.Empty<CompletionResult>(); }   // completion never throws at the user
        }
    }
}
