using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using McpModule.Ceph;

namespace McpModule.Cmdlets
{
    /// Completes OSD ids (-Id of Get-McpCephOsd, Remove-McpCephOsd) from the cluster: the OSDs the
    /// session last read from the model's monitors (any Ceph cmdlet that reads them: Get-, Add-,
    /// Remove-McpCephOsd). Completion never connects to a node itself: a key press must not
    /// wait on SSH.
    public sealed class CephOsdIdCompleter : IArgumentCompleter
    {
        private static readonly ConcurrentDictionary<string, IReadOnlyList<McpCephOsd>> Seen = new ConcurrentDictionary<string, IReadOnlyList<McpCephOsd>>(StringComparer.Ordinal);

        /// What a cmdlet read from a model's cluster.
        internal static void Remember(string modelPath, IReadOnlyList<McpCephOsd> osds)
        {
            if (!string.IsNullOrEmpty(modelPath)) Seen[modelPath] = osds;
        }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                              CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var path = NodeNameCompleter.ModelPath(fakeBoundParameters);
                var osds = Seen.Where(kv => path.StartsWith(kv.Key, StringComparison.Ordinal)).OrderByDescending(kv => kv.Key.Length).Select(kv => kv.Value).FirstOrDefault();
                if (osds == null) return Array.Empty<CompletionResult>();
                var word = (wordToComplete ?? "").Trim('\'', '"');
                return osds.Select(o => o.Id.ToString(CultureInfo.InvariantCulture))
                    .Where(id => id.StartsWith(word, StringComparison.Ordinal))
                    .Select(id => new CompletionResult(id, id, CompletionResultType.ParameterValue,
                        osds.First(o => o.Id.ToString(CultureInfo.InvariantCulture) == id) is var o ? $"osd.{id} on {o.Host} {o.Device} ({o.Status})" : id))
                    .ToList();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }
        }
    }
}
