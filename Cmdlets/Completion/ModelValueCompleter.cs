using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace McpModule.Cmdlets
{
    /// Completes Get-McpNode's filters with the values the model's nodes have, by parameter name:
    /// -Application (applications), -Class (classes, indirect ones too), -Environment, -Site.
    /// The model is the one -Path, -LiteralPath or -Cluster names, else the current location's.
    public sealed class ModelValueCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                              CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            Func<IEnumerable<McpNode>, IReadOnlyList<string>> values;
            switch (parameterName ?? "")
            {
                case "Application": values = McpModelVocabulary.Applications; break;
                case "Class": values = McpModelVocabulary.Classes; break;
                case "Environment": values = McpModelVocabulary.Environments; break;
                case "Site": values = McpModelVocabulary.Sites; break;
                default: return Array.Empty<CompletionResult>();
            }
            try { return CompletionSource.Complete(values(CompletionSource.Nodes(fakeBoundParameters)), wordToComplete); }
            catch (Exception) { return Array.Empty<CompletionResult>(); }   // completion never throws at the user
        }
    }
}
