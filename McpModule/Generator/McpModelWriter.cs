using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using McpModule.FileSystem;
using McpModule.Model.Data;
using McpModule.Templates;

namespace McpModule.Generator
{
    internal enum McpFileAction { Create, Overwrite, Unchanged, Remove }

    /// One file a write would touch.
    internal sealed class McpFileChange
    {
        public McpFileChange(string path, string fullPath, McpFileAction action) { Path = path; FullPath = fullPath; Action = action; }
        /// Relative to the repository, with forward slashes.
        public string Path { get; }
        public string FullPath { get; }
        public McpFileAction Action { get; }
        public override string ToString() => $"{Action} {Path}";
    }

    /// Writes a generated model into a repository. Every file is written to a temporary file
    /// beside it, flushed to disk and renamed over the target, so a reader never sees half a
    /// file. An existing cluster is never overwritten without force; with force only the
    /// files listed in the cluster's manifest (classes/cluster/&lt;name&gt;/.mcp-owned.json) are
    /// rewritten or removed. The manifest is a .json file, which neither reclass nor the engine reads.
    internal static class McpModelWriter
    {
        public const string ManifestName = ".mcp-owned.json";

        /// What Write would do, without touching the disk. Throws McpModelConflictException
        /// when the write is not allowed.
        public static IReadOnlyList<McpFileChange> Plan(McpGeneratedModel model, string root, bool force)
        {
            root = System.IO.Path.GetFullPath(root);
            var manifestFull = Full(root, model.ManifestPath);
            var owned = ReadManifest(manifestFull);
            var exists = owned != null;
            if (exists && !force)
                throw new McpModelConflictException(
                    $"The cluster '{model.Cluster}' already exists in '{root}' ({model.ManifestPath}); use -Force to rewrite the files it owns.",
                    new[] { model.ManifestPath });
            owned = owned ?? new HashSet<string>(StringComparer.Ordinal);
            // A manifest is a file in the repository anyone can edit: every entry must name a
            // file inside the repository before any of them is touched.
            foreach (var entry in owned) Full(root, entry, $"the manifest {model.ManifestPath} lists a file");

            var changes = new List<McpFileChange>();
            var conflicts = new List<string>();
            foreach (var file in model.Files)
            {
                var full = Full(root, file.Key);
                if (!File.Exists(full)) { changes.Add(new McpFileChange(file.Key, full, McpFileAction.Create)); continue; }
                var current = File.ReadAllText(full);
                if (current == file.Value) { changes.Add(new McpFileChange(file.Key, full, McpFileAction.Unchanged)); continue; }
                if (force && owned.Contains(file.Key)) changes.Add(new McpFileChange(file.Key, full, McpFileAction.Overwrite));
                else conflicts.Add(file.Key);
            }
            if (conflicts.Count > 0)
                throw new McpModelConflictException(
                    (force ? "These files exist, differ and are not owned by the cluster, so -Force does not overwrite them: "
                           : "These files exist and differ; nothing was written (use -Force to rewrite files the cluster owns): ") +
                    string.Join(", ", conflicts.Take(20)) + (conflicts.Count > 20 ? $" and {conflicts.Count - 20} more" : "") + ".",
                    conflicts);
            foreach (var stale in owned.Where(p => !model.Files.ContainsKey(p)).OrderBy(p => p, StringComparer.Ordinal))
            {
                var full = Full(root, stale);
                if (File.Exists(full)) changes.Add(new McpFileChange(stale, full, McpFileAction.Remove));
            }
            var ignore = IgnoreChange(root);
            if (ignore != null) changes.Add(ignore);
            return changes;
        }

        /// Writes the model; returns what was done. The manifest lists the files the cluster
        /// created or rewrote, plus those it owned before and still generates. It is written
        /// first with every file the write may touch, so a write killed half way still owns what
        /// it wrote (a -Force run finishes it), and again at the end with what it owns.
        public static IReadOnlyList<McpFileChange> Write(McpGeneratedModel model, string root, bool force)
        {
            root = System.IO.Path.GetFullPath(root);
            var changes = Plan(model, root, force);
            var manifestPath = Full(root, model.ManifestPath);
            var previously = ReadManifest(manifestPath) ?? new HashSet<string>(StringComparer.Ordinal);
            var written = changes.Where(c => (c.Action == McpFileAction.Create || c.Action == McpFileAction.Overwrite) && c.Path != GitIgnore).Select(c => c.Path).ToList();
            WriteManifest(model, manifestPath, previously.Concat(written));
            var owned = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var change in changes)
            {
                switch (change.Action)
                {
                    case McpFileAction.Create:
                    case McpFileAction.Overwrite:
                        if (change.Path == GitIgnore) { AtomicFile.WriteAllText(change.FullPath, WithIgnoredJournal(change.FullPath)); break; }
                        AtomicFile.WriteAllText(change.FullPath, model.Files[change.Path]);
                        owned.Add(change.Path);
                        break;
                    case McpFileAction.Unchanged:
                        if (previously.Contains(change.Path)) owned.Add(change.Path);
                        break;
                    case McpFileAction.Remove:
                        File.Delete(change.FullPath);
                        break;
                }
            }
            WriteManifest(model, manifestPath, owned);
            return changes;
        }

        private const string GitIgnore = ".gitignore";
        private const string JournalPattern = "/.mcp/";

        // The run journal (.mcp/runs) is the operators' record, not the model: the repository's
        // .gitignore gets a line for it (kept as it is when some line already covers .mcp).
        private static McpFileChange IgnoreChange(string root)
        {
            var full = Full(root, GitIgnore);
            if (!File.Exists(full)) return new McpFileChange(GitIgnore, full, McpFileAction.Create);
            var covered = File.ReadAllLines(full).Select(l => l.Trim()).Any(l => l == ".mcp" || l == ".mcp/" || l == "/.mcp" || l == JournalPattern);
            return covered ? null : new McpFileChange(GitIgnore, full, McpFileAction.Overwrite);
        }

        private static string WithIgnoredJournal(string path)
        {
            var text = File.Exists(path) ? File.ReadAllText(path) : "";
            if (text.Length > 0 && !text.EndsWith("\n", StringComparison.Ordinal)) text += "\n";
            return text + "# McpModule's run journal (Invoke-McpState, Get-McpRun)\n" + JournalPattern + "\n";
        }

        private static void WriteManifest(McpGeneratedModel model, string path, IEnumerable<string> files)
        {
            var manifest = new OrderedMap
            {
                ["cluster"] = model.Cluster,
                ["generator"] = "New-McpCluster (McpModule)",
                ["files"] = new SortedSet<string>(files, StringComparer.Ordinal).Cast<object>().ToList(),
            };
            AtomicFile.WriteAllText(path, ModelJson.Serialize(manifest, indented: true) + "\n");
        }

        /// The files a cluster's manifest lists; null when there is no manifest.
        public static HashSet<string> ReadManifest(string manifestPath)
        {
            if (!File.Exists(manifestPath)) return null;
            var deserializer = new YamlDotNet.Serialization.DeserializerBuilder().Build();
            object doc;
            try { doc = deserializer.Deserialize<object>(File.ReadAllText(manifestPath)); }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new McpModelConflictException($"The manifest '{manifestPath}' is not valid JSON ({e.Message}); fix or remove it.", new[] { manifestPath });
            }
            var files = new HashSet<string>(StringComparer.Ordinal);
            if (doc is IDictionary<object, object> map && map.TryGetValue("files", out var list) && list is IEnumerable<object> items)
                foreach (var item in items) if (item is string s) files.Add(s);
            return files;
        }

        // Every path a write touches — generated files and the manifest's entries — stays in the repository.
        private static string Full(string root, string relative, string what = "the generated model") =>
            RootedPath.Resolve(root, relative, what);
    }
}
