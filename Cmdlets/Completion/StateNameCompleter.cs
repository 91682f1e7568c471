using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using McpModule.States.Formulas;

namespace McpModule.Cmdlets
{
    /// Completes -State with the state names of the formulas a run can use: the built-in ones and
    /// those of the model's formulas/ folder (-Path, else the current location), with their
    /// dotted sub-states: "linux.s" → linux.system.locale, linux.system.repo, ...
    public sealed class StateNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                              CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = (wordToComplete ?? "").Trim('\'', '"');
            IReadOnlyList<string> names;
            try { names = new FormulaLibrary(NodeNameCompleter.ModelPath(fakeBoundParameters)).StateNames; }
            catch (Exception) { return Array.Empty<CompletionResult>(); }   // completion never throws at the user
            var pattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
            return names.Where(n => pattern.IsMatch(n))
                        .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n))
                        .ToList();
        }
    }
}
