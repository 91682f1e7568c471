using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using McpModule.Lab;

namespace McpModule.Cmdlets
{
    /// Completes the cluster names of the labs on this machine (the state files in
    /// $MCP_LAB_STATE_DIR, as Get-McpLab lists them): -Cluster of Get-McpLab, Stop-McpLab and
    /// Restart-McpLabNode.
    public sealed class LabNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                              CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try { return CompletionSource.Complete(LabRegistry.GetAll().Select(l => l.Cluster), wordToComplete); }
            catch (Exception) { return Array.Empty<CompletionResult>(); }   // completion never throws at the user
        }
    }

    /// Completes Restart-McpLabNode -Name with the nodes of the -Cluster's lab (of every lab while
    /// no -Cluster is given).
    public sealed class LabNodeNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                              CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var clusters = CompletionSource.Strings(fakeBoundParameters, "Cluster");
                var labs = LabRegistry.GetAll().Where(l => clusters.Count == 0 || clusters.Contains(l.Cluster, StringComparer.OrdinalIgnoreCase));
                var names = labs.SelectMany(l => l.Nodes).Select(n => n.Name).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal);
                return CompletionSource.Complete(names, wordToComplete);
            }
            catch (Exception) { return Array.Empty<CompletionResult>(); }   // completion never throws at the user
        }
    }
}
