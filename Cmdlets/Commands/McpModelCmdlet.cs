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
    public abstract class McpModelCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly HashSet<string> _problemsWritten = new HashSet<string>(StringComparer.Ordinal);

        /// Cancelled when the command is stopped (Ctrl+C, Stop-Job).
        protected new CancellationToken Stopping => _stopping.Token;   // the token; Cmdlet.Stopping (a bool) says the same

        /// PowerShell disposes a cmdlet that is IDisposable when its pipeline ends.
        public void Dispose()
        {
            // The renders this command made are kept for the next session (the render cache).
            foreach (var entry in _entries.Values) entry.SaveRenders();
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }

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
            WriteRenderCacheUse(entry, model);
            return model;
        }

        /// The entry's clusters (ModelException when the model does not load).
        private protected IReadOnlyList<McpCluster> ClustersOf(ModelCacheEntry entry)
        {
            var clusters = Stoppable(() => entry.GetClusters(Stopping));
            var model = entry.GetModel(Stopping);
            WriteModelProblems(model);
            WriteRenderCacheUse(entry, model);
            return clusters;
        }

        /// A cluster's nodes, rendered; the ones that fail are in errors. A progress bar for a
        /// render long enough to notice at a prompt (McpProgress), the time it took with -Verbose.
        protected IReadOnlyList<McpNode> NodesOf(McpCluster cluster, out IReadOnlyList<ModelException> errors)
        {
            IReadOnlyList<ModelException> failures = null;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var bar = new ProgressRecord(3, $"Rendering the nodes of cluster {cluster.Name}", "…");
            var shown = false;
            void Progress(int done, int all)
            {
                if (!McpProgress.Enabled || clock.ElapsedMilliseconds < 500) return;
                bar.StatusDescription = $"{done} of {all} nodes";
                bar.PercentComplete = 100 * done / Math.Max(1, all);
                WriteProgress(bar);
                shown = true;
            }
            var nodes = Stoppable(() => McpClusterCatalog.GetNodes(cluster, out failures, Progress, Stopping));
            errors = failures;
            if (shown) { bar.RecordType = ProgressRecordType.Completed; WriteProgress(bar); }
            WriteVerbose($"cluster {cluster.Name}: {nodes.Count} node(s) rendered in {clock.ElapsedMilliseconds} ms" +
                         (errors.Count > 0 ? $", {errors.Count} problem(s)" : ""));
            return nodes;
        }

        /// One node rendered (ModelException when it does not render).
        private protected RenderedNode Render(ReclassModel model, string node) => Stoppable(() => model.Render(node, Stopping));

        /// The health definitions of a model's nodes (Get-McpHealth, Get-McpMetric, Export-McpHealth);
        /// a definition that cannot be used ends the command, naming its file or node pillar and key.
        private protected McpModule.Health.Definitions.ModelHealthDefinitions LoadHealthDefinitions(IReadOnlyList<McpNode> all, string modelPath)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var definitions = Stoppable(() => McpModule.Health.Definitions.ModelHealthDefinitions.Load(McpModule.States.Formulas.PlanInput.FromNodes(all), new McpModule.States.Formulas.FormulaLibrary(modelPath)));
                WriteVerbose($"health definitions of {all.Count} node(s) read in {clock.ElapsedMilliseconds} ms");
                return definitions;
            }
            catch (McpModule.Health.Definitions.HealthModelException e) { ThrowTerminatingError(HealthErrorRecords.InvalidDefinition(e, modelPath)); return null; }
            catch (McpModule.States.Formulas.FormulaException e) { ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, ErrorCategory.InvalidData, e.File)); return null; }
        }

        private readonly HashSet<ModelCacheEntry> _cacheUseWritten = new HashSet<ModelCacheEntry>();

        // -Verbose says where a model's renders came from, once per command.
        private void WriteRenderCacheUse(ModelCacheEntry entry, ReclassModel model)
        {
            if (entry.RendersFromCache > 0 && _cacheUseWritten.Add(entry))
                WriteVerbose($"{entry.RendersFromCache} node render(s) of {model.Path} read from the render cache {McpModule.Model.Caching.RenderCacheFile.PathOf(model)}; " +
                             $"{entry.FilesTakenUnread} of the model's {entry.FilesOfModel} files taken unread (their identity is the one the cache holds)");
        }

        /// The parts of a model that could not be read (unreadable folders), one error record
        /// each, once per command: the rest of the model is still used.
        protected void WriteModelProblems(ReclassModel model)
        {
            foreach (var problem in model.Problems)
                if (_problemsWritten.Add(problem.File)) WriteModelError(problem);
        }

        private readonly Dictionary<string, string> _resolvedPaths = new Dictionary<string, string>(StringComparer.Ordinal);

        // Within one invocation the stamp is taken once per path, not once per pipeline object.
        private readonly Dictionary<string, ModelCacheEntry> _entries =
            new Dictionary<string, ModelCacheEntry>(StringComparer.Ordinal);

        /// The absolute file-system path for a path the user gave (relative, ~, PSDrive or
        /// wildcard resolving to exactly one item); the current location when empty. The one
        /// place a model path is resolved: one that does not resolve, or resolves to several
        /// items, stops the command naming it (Mcp.PathNotFound, Mcp.AmbiguousPath).
        protected string ResolveSinglePath(string path)
        {
            if (string.IsNullOrEmpty(path)) return SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            // Piped nodes bring the same -Path with every object, and PowerShell's globbing of it
            // cost more than the rest of the record: once per path and location per invocation.
            var key = SessionState.Path.CurrentLocation.Path + "\u0001" + path;
            if (_resolvedPaths.TryGetValue(key, out var known)) return known;
            var resolved = ResolvePaths(path);
            if (resolved.Count == 1) return _resolvedPaths[key] = resolved[0];
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"The path '{path}' resolves to {resolved.Count} items; give one model path."),
                "Mcp.AmbiguousPath", ErrorCategory.InvalidArgument, path));
            return null;
        }

        /// The absolute file-system path of a literal path (no wildcards; a provider-qualified
        /// PSPath as Get-Item gives works). Writes a non-terminating error and returns null when
        /// it is not a file-system path or does not exist.
        protected string ResolveLiteralPath(string path)
        {
            string resolved;
            ProviderInfo provider;
            try { resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _); }
            catch (Exception e) when (e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException || e is NotSupportedException)
            {
                WriteError(ModelErrorRecords.PathNotFound(path, e));
                return null;
            }
            if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"The path '{path}' is not a file-system path (provider {provider.Name})."),
                    "Mcp.NotFileSystemPath", ErrorCategory.InvalidArgument, path));
                return null;
            }
            if (!Directory.Exists(resolved) && !File.Exists(resolved))
            {
                WriteError(ModelErrorRecords.PathNotFound(path, new ItemNotFoundException($"Cannot find path '{path}' because it does not exist.")));
                return null;
            }
            return resolved;
        }

        /// Every file-system path a user path resolves to. A path that does not resolve stops the
        /// command (Mcp.PathNotFound, naming the path), as a folder that is not a model does
        /// (Mcp.InventoryNotFound, GetEntry): without its model nothing can proceed.
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
                ThrowTerminatingError(ModelErrorRecords.PathNotFound(path, e));
            }
            catch (System.Management.Automation.DriveNotFoundException e)
            {
                ThrowTerminatingError(ModelErrorRecords.PathNotFound(path, e));
            }
            catch (ProviderNotFoundException e)
            {
                ThrowTerminatingError(ModelErrorRecords.PathNotFound(path, e));
            }
            return Array.Empty<string>();
        }

        /// The cached model entry for an absolute path, with the path moved up to the
        /// inventory root when it points inside one (a node file, nodes/, classes/...).
        private protected ModelCacheEntry GetEntry(string absolutePath)
        {
            var root = InventoryRoot(absolutePath);
            // a folder with no inventory anywhere up its path is not read (or walked) at all
            if (!IsInventory(root)) ThrowTerminatingError(ModelErrorRecords.NotAModel(absolutePath));
            if (!_entries.TryGetValue(root, out var entry))
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                entry = ModelCache.Get(root);
                _entries[root] = entry;
                DescribeLoad(entry, clock);
            }
            return entry;
        }

        // -Verbose: what was read and how long it took. The model is read and its clusters found
        // here, once per model and invocation (a failure is the cmdlet's to report when it asks).
        private void DescribeLoad(ModelCacheEntry entry, System.Diagnostics.Stopwatch clock)
        {
            if (Preference("Verbose", "VerbosePreference", ActionPreference.SilentlyContinue) != ActionPreference.Continue) return;
            var cached = entry.HasClusters;
            try
            {
                var clusters = ClustersOf(entry);
                var model = ModelOf(entry);
                WriteVerbose(cached
                    ? $"model {entry.Path}: from the session's cache (no file changed since it was read), {clusters.Count} cluster(s), {model.NodeNames.Count} node(s); {clock.ElapsedMilliseconds} ms to check"
                    : $"model {entry.Path}: read {model.NodeNames.Count} node file(s) and {model.ClassCount} class file(s), {clusters.Count} cluster(s) found, in {clock.ElapsedMilliseconds} ms");
            }
            catch (ModelException) { WriteVerbose($"model {entry.Path}: does not load ({clock.ElapsedMilliseconds} ms)"); }
        }

        /// The effective preference of a common parameter: its value when given (-ErrorAction,
        /// -Verbose[:$false]), else the session's preference variable, else fallback.
        protected ActionPreference Preference(string parameter, string variable, ActionPreference fallback)
        {
            if (MyInvocation.BoundParameters.TryGetValue(parameter, out var given))
                return given is SwitchParameter on ? (on.IsPresent ? ActionPreference.Continue : ActionPreference.SilentlyContinue)
                                                   : LanguagePrimitives.ConvertTo<ActionPreference>(given);
            var value = SessionState.PSVariable.GetValue(variable, fallback);
            return LanguagePrimitives.TryConvertTo<ActionPreference>(value, out var p) ? p : fallback;
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

        internal static bool IsInventory(string dir) =>
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
