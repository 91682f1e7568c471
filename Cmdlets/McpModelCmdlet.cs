using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Management.Automation;
using McpModule.Model;

namespace McpModule.Cmdlets
{
    /// The base of the cmdlets that read a model: resolves -Path like any PowerShell path
    /// and hands out models from the session's cache (see ModelCache), so a pipeline
    /// parses each model once. Opening, rendering and listing nodes go through the helpers
    /// below, which pass Stopping to the engine: Ctrl+C and Stop-Job end a long render.
    public abstract class McpModelCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly HashSet<string> _problemsWritten = new HashSet<string>(StringComparer.Ordinal);

        /// Cancelled when the command is stopped (Ctrl+C, Stop-Job).
        protected CancellationToken Stopping => _stopping.Token;

        /// Derived commands that stop work of their own call this too.
        protected override void StopProcessing() => _stopping.Cancel();

        /// The result of an engine call that takes Stopping; when the command is stopped, the
        /// engine's OperationCanceledException becomes the pipeline's stop (no error record).
        protected T Stoppable<T>(Func<T> call)
        {
            try { return call(); }
            catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// The entry's model (ModelException when it does not load).
        private protected ReclassModel ModelOf(ModelCacheEntry entry)
        {
            var model = Stoppable(() => entry.GetModel(Stopping));
            WriteModelProblems(model);
            return model;
        }

        /// The entry's clusters (ModelException when the model does not load).
        private protected IReadOnlyList<McpCluster> ClustersOf(ModelCacheEntry entry)
        {
            var clusters = Stoppable(() => entry.GetClusters(Stopping));
            WriteModelProblems(entry.GetModel(Stopping));
            return clusters;
        }

        /// A cluster's nodes, rendered; the ones that fail are in errors.
        protected IReadOnlyList<McpNode> NodesOf(McpCluster cluster, out IReadOnlyList<ModelException> errors)
        {
            IReadOnlyList<ModelException> failures = null;
            var nodes = Stoppable(() => McpClusterCatalog.GetNodes(cluster, out failures, Stopping));
            errors = failures;
            return nodes;
        }

        /// One node rendered (ModelException when it does not render).
        protected RenderedNode Render(ReclassModel model, string node) => Stoppable(() => model.Render(node, Stopping));

        /// The parts of a model that could not be read (unreadable folders), one error record
        /// each, once per command: the rest of the model is still used.
        protected void WriteModelProblems(ReclassModel model)
        {
            foreach (var problem in model.Problems)
                if (_problemsWritten.Add(problem.File)) WriteModelError(problem);
        }

        // Within one invocation the stamp is taken once per path, not once per pipeline object.
        private readonly Dictionary<string, ModelCacheEntry> _entries =
            new Dictionary<string, ModelCacheEntry>(StringComparer.Ordinal);

        /// The absolute file-system path for a path the user gave (relative, ~, PSDrive or
        /// wildcard resolving to exactly one item); the current location when empty.
        /// Writes a non-terminating error and returns null when it does not resolve.
        protected string ResolveSinglePath(string path)
        {
            if (string.IsNullOrEmpty(path)) return SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            var resolved = ResolvePaths(path);
            if (resolved.Count == 1) return resolved[0];
            if (resolved.Count > 1)
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"The path '{path}' resolves to {resolved.Count} items; give one model path."),
                    "Mcp.AmbiguousPath", ErrorCategory.InvalidArgument, path));
            }
            return null;
        }

        /// Every file-system path a user path resolves to; writes an error for one that does not.
        protected IReadOnlyList<string> ResolvePaths(string path)
        {
            try
            {
                var resolved = GetResolvedProviderPathFromPSPath(path, out var provider);
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    WriteError(new ErrorRecord(
                        new ArgumentException($"The path '{path}' is not a file-system path (provider {provider.Name})."),
                        "Mcp.NotFileSystemPath", ErrorCategory.InvalidArgument, path));
                    return Array.Empty<string>();
                }
                return resolved;
            }
            catch (ItemNotFoundException e)
            {
                WriteError(ModelErrorRecords.PathNotFound(path, e));
            }
            catch (System.Management.Automation.DriveNotFoundException e)
            {
                WriteError(ModelErrorRecords.PathNotFound(path, e));
            }
            catch (ProviderNotFoundException e)
            {
                WriteError(ModelErrorRecords.PathNotFound(path, e));
            }
            return Array.Empty<string>();
        }

        /// The cached model entry for an absolute path, with the path moved up to the
        /// inventory root when it points inside one (a node file, nodes/, classes/...).
        private protected ModelCacheEntry GetEntry(string absolutePath)
        {
            var root = InventoryRoot(absolutePath);
            if (!_entries.TryGetValue(root, out var entry))
            {
                entry = ModelCache.Get(root);
                _entries[root] = entry;
            }
            return entry;
        }

        /// The folder that holds a path's inventory: the path itself when it is an
        /// inventory or a repository, else the nearest parent with classes/ and nodes/
        /// (or a reclass-config.yml); the path as given when there is none.
        internal static string InventoryRoot(string path)
        {
            path = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (path.Length == 0) path = Path.DirectorySeparatorChar.ToString();
            if (Directory.Exists(path) && IsInventory(path)) return path;
            for (var dir = Path.GetDirectoryName(path); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            {
                if (IsInventory(dir)) return dir;
            }
            return path;
        }

        private static bool IsInventory(string dir) =>
            File.Exists(Path.Combine(dir, ReclassSettings.ConfigFileName)) ||
            (Directory.Exists(Path.Combine(dir, "classes")) && Directory.Exists(Path.Combine(dir, "nodes")));

        /// Writes a model error as a non-terminating ErrorRecord.
        protected void WriteModelError(ModelException exception, object target = null) =>
            WriteError(ModelErrorRecords.Create(exception, target));

        /// Stops the command with a model error (the model does not load: nothing can proceed).
        protected void ThrowModelError(ModelException exception, object target = null) =>
            ThrowTerminatingError(ModelErrorRecords.Create(exception, target));
    }
}
