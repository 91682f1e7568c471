using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Language;
using McpModule.Compare;

namespace McpModule.Cmdlets
{
    /// Completes git revisions (branches, tags, remote branches) of the repository -Path is in.
    public sealed class RevisionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                              CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var folder = NodeNameCompleter.ModelPath(fakeBoundParameters);
                if (!Directory.Exists(folder)) return Array.Empty<CompletionResult>();
                return CompletionSource.Complete(GitRevisions.List(folder), wordToComplete);
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();   // completion never throws at the user
            }
        }
    }
}
