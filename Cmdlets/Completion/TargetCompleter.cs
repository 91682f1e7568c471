using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace McpModule.Cmdlets
{
    /// Completes the last word of a target expression from the model given by -Path or -Cluster
    /// (else the current location's):
    ///   a plain word   node names          "I@nova:compute and ctl" → 'I@nova:compute and ctl01.lab.local', ...
    ///   I@...          pillar key paths    "I@keystone:ser" → 'I@keystone:server'
    ///   R@...          roles               "R@nova.c" → 'R@nova.compute', ...
    ///   D@...          sites               "D@lab" → 'D@lab-dc1'
    ///   L@a,b,...      the last node name of the list
    /// E@ (a regex) and the grain matchers are not completed.
    public sealed class TargetCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                              CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var text = CompletionSource.Unquote(wordToComplete);
                var cut = text.LastIndexOfAny(new[] { ' ', '\t', '(' }) + 1;
                var head = text.Substring(0, cut);
                var last = text.Substring(cut);
                IEnumerable<string> words;
                if (last.Length >= 2 && last[1] == '@')
                {
                    var matcher = last.Substring(0, 2).ToUpperInvariant();
                    var rest = last.Substring(2);
                    switch (matcher)
                    {
                        case "I@":
                            words = McpModelVocabulary.PillarKeys(CompletionSource.Nodes(fakeBoundParameters), rest);
                            break;
                        case "R@":
                            words = Matching(McpModelVocabulary.Roles(CompletionSource.Nodes(fakeBoundParameters)), rest);
                            break;
                        case "D@":
                            words = Matching(McpModelVocabulary.Sites(CompletionSource.Nodes(fakeBoundParameters)), rest);
                            break;
                        case "L@":
                            var comma = rest.LastIndexOf(',') + 1;
                            words = NodeNames(commandName, parameterName, rest.Substring(comma), commandAst, fakeBoundParameters)
                                .Select(n => rest.Substring(0, comma) + n);
                            break;
                        default:
                            return Array.Empty<CompletionResult>();
                    }
                    var prefix = last.Substring(0, 2);
                    words = words.Select(w => prefix + w);
                }
                else
                {
                    words = NodeNames(commandName, parameterName, last, commandAst, fakeBoundParameters);
                }
                return words
                    .Select(w => new CompletionResult("'" + (head + w).Replace("'", "''") + "'", w, CompletionResultType.ParameterValue, head + w))
                    .ToList();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();   // completion never throws at the user
            }
        }

        private static IEnumerable<string> NodeNames(string commandName, string parameterName, string word, CommandAst commandAst, IDictionary bound) =>
            new NodeNameCompleter().CompleteArgument(commandName, parameterName, word, commandAst, bound).Select(n => n.ListItemText);

        private static IEnumerable<string> Matching(IEnumerable<string> values, string word)
        {
            var pattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
            return values.Where(v => pattern.IsMatch(v));
        }
    }
}
