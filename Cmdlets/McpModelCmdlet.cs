using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using McpModule.Model;

namespace McpModule.Cmdlets
{
    /// The base of the cmdlets that read a model: resolves -Path like any PowerShell path
    /// and hands out models from the session's cache (see ModelCache), so a pipeline
    /// parses each model once.
    public abstract class McpModelCmdlet : PSCmdlet
    {
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
