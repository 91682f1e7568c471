using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace McpModule.Cmdlets
{
    /// Completes the last word of a target expression with node names from the model
    /// given by -Path: "I@nova:compute and ctl" → 'I@nova:compute and ctl01.lab.local', ...
    public sealed class TargetCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                              CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var text = (wordToComplete ?? "").Trim('\'', '"');
            var cut = text.LastIndexOfAny(new[] { ' ', '\t', '(' }) + 1;
            var head = text.Substring(0, cut);
            var last = text.Substring(cut);
            if (last.IndexOf('@') >= 0) return Array.Empty<CompletionResult>();   // only plain names are completed
            var names = new NodeNameCompleter().CompleteArgument(commandName, parameterName, last, commandAst, fakeBoundParameters);
            return names
                .Select(n => n.ListItemText)
                .Select(n => new CompletionResult("'" + (head + n).Replace("'", "''") + "'", n, CompletionResultType.ParameterValue, head + n))
                .ToList();
        }
    }
}
