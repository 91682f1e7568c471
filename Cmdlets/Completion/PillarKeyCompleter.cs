using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace McpModule.Cmdlets
{
    /// Completes Get-McpPillar -Key one level at a time from the pillar of the -Node nodes (every
    /// node of the model when none is given yet): "keystone:ser" → keystone:server.
    public sealed class PillarKeyCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                              CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var nodes = Selected(CompletionSource.Nodes(fakeBoundParameters), CompletionSource.Strings(fakeBoundParameters, "Node"));
                return McpModelVocabulary.PillarKeys(nodes, CompletionSource.Unquote(wordToComplete))
                    .Select(k => new CompletionResult(CompletionSource.Quote(k), k, CompletionResultType.ParameterValue, k))
                    .ToList();
            }
            catch (Exception) { return Array.Empty<CompletionResult>(); }   // completion never throws at the user
        }

        // The nodes the names (full, short or wildcards) select; all of them when no name is given.
        private static IEnumerable<McpNode> Selected(IReadOnlyList<McpNode> nodes, IReadOnlyList<string> names)
        {
            if (names.Count == 0) return nodes;
            var patterns = names.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
            return nodes.Where(n => patterns.Any(p => p.IsMatch(n.Name) || p.IsMatch(n.ShortName)));
        }
    }
}
