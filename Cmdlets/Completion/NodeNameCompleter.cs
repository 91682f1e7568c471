using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace McpModule.Cmdlets
{
    /// Completes node names from the -Cluster, or the model given by -Path (or the current location):
    /// "ctl" → ctl01.lab.local, ctl02.lab.local, ...
    public sealed class NodeNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                              CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = (wordToComplete ?? "").Trim('\'', '"');
            IReadOnlyList<string> names;
            try
            {
                names = BoundCluster(fakeBoundParameters)?.Model.NodeNames ?? NodeNames(ModelPath(fakeBoundParameters));
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();   // completion never throws at the user
            }
            var pattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
            return names
                .Where(n => pattern.IsMatch(n))
                .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, n))
                .ToList();
        }

        /// The -Cluster a completion is for, when its value is known while typing (a variable); else null.
        internal static McpModule.McpCluster BoundCluster(IDictionary bound)
        {
            var value = bound != null && bound.Contains("Cluster") ? bound["Cluster"] : null;
            return (value is PSObject ps ? ps.BaseObject : value) as McpModule.McpCluster;
        }

        /// The model path a completion is for: -Cluster's, -Path (or -LiteralPath) as typed (relative to the session's location), else the location.
        internal static string ModelPath(IDictionary bound)
        {
            var cluster = BoundCluster(bound);
            if (!string.IsNullOrEmpty(cluster?.Path)) return cluster.Path;
            var current = CurrentLocation();
            var given = bound != null && bound.Contains("Path") ? bound["Path"] as string : null;
            if (string.IsNullOrEmpty(given) && bound != null && bound.Contains("LiteralPath")) given = bound["LiteralPath"] as string;
            if (string.IsNullOrEmpty(given)) return current;
            if (given.StartsWith("~", StringComparison.Ordinal))
                given = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + given.Substring(1);
            return Path.GetFullPath(Path.Combine(current, given));
        }

        // The session's file-system location, through a nested pipeline: the completer runs
        // inside the running one, where SessionStateProxy may not be used.
        private static string CurrentLocation()
        {
            if (Runspace.DefaultRunspace != null)
            {
                using (var shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
                {
                    shell.AddCommand("Microsoft.PowerShell.Management\\Get-Location").AddParameter("PSProvider", "FileSystem");
                    foreach (var location in shell.Invoke<PathInfo>())
                        if (!string.IsNullOrEmpty(location?.ProviderPath)) return location.ProviderPath;
                }
            }
            return Directory.GetCurrentDirectory();
        }

        private static IReadOnlyList<string> NodeNames(string path)
        {
            // a folder that is no model is not read (or walked): nothing to complete
            var entry = CompletionSource.Entry(path);
            if (entry == null) return Array.Empty<string>();
            try
            {
                return entry.GetModel(System.Threading.CancellationToken.None).NodeNames;
            }
            catch (McpModule.Model.ModelException)
            {
                // A repository of several inventories: the nodes of all its clusters.
                return entry.GetClusters(System.Threading.CancellationToken.None).SelectMany(c => c.Model.NodeNames).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
            }
        }

        private static string Quote(string name) =>
            name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '|', '@', '#' }) >= 0
                ? "'" + name.Replace("'", "''") + "'"
                : name;
    }
}
