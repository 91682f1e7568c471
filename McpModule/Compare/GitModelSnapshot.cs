#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using McpModule.Model;

namespace McpModule.Compare
{
    /// A model folder as a git revision has it, read with `git ls-tree` and `git cat-file --batch`
    /// into memory (ReclassModel.OpenFiles renders it): nothing is written anywhere, and the user's
    /// working tree, index, HEAD and stash are never touched. Writing the files to a temporary
    /// folder instead cost more than rendering them (1,500 small files: over a second of the file
    /// system's time here). Only the files the engine reads (*.yml, *.yaml) are kept; symbolic
    /// links inside the tree and submodules (MCP's classes/system often is one, read from its
    /// checkout's repository at the commit the revision records) are followed.
    internal sealed class GitModelSnapshot : IDisposable
    {
        private const string SymlinkMode = "120000", SubmoduleMode = "160000";
        private readonly List<string> _warnings = new List<string>();
        private readonly Dictionary<string, byte[]> _files = new Dictionary<string, byte[]>(StringComparer.Ordinal);

        private GitModelSnapshot(string modelRoot, string revision, string commit, string prefix)
        {
            ModelRoot = modelRoot;
            Revision = revision;
            Commit = commit;
            Prefix = prefix;
        }

        /// The folder the files are said to be in: a path under the temp folder that is never made,
        /// so that nothing the engine does with a path can reach the user's files.
        public string ModelRoot { get; }
        /// Absolute paths under ModelRoot → their bytes.
        public IReadOnlyDictionary<string, byte[]> Files => _files;
        /// The revision as given; Commit is the commit it names.
        public string Revision { get; }
        public string Commit { get; }
        /// The model folder relative to the repository's root ("model/", or "" at the root).
        public string Prefix { get; }
        /// What could not be read (a submodule that is not checked out, a link out of the model).
        public IReadOnlyList<string> Warnings => _warnings;

        /// Text with ModelRoot spelled as the revision ("HEAD~1:model/classes/x.yml"),
        /// so a render error names the file as the user knows it.
        public string Describe(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text ?? "";
            var shown = Revision + ":" + Prefix;
            return text!.Replace(ModelRoot + Path.DirectorySeparatorChar, shown).Replace(ModelRoot, shown.TrimEnd('/'));
        }

        /// The model at modelPath (an absolute folder in a working tree) as revision has it.
        /// parameter names the parameter revision came from, for the errors.
        public static GitModelSnapshot Open(string modelPath, string revision, string parameter, CancellationToken cancellation)
        {
            if (string.IsNullOrWhiteSpace(revision))
                throw new ModelCompareException("Mcp.Compare.RevisionNotFound", parameter, $"-{parameter} is empty: give a git revision (a branch, tag or commit).");
            if (revision.StartsWith("-", StringComparison.Ordinal) || revision.IndexOfAny(new[] { '\0', '\n', '\r' }) >= 0)
                throw new ModelCompareException("Mcp.Compare.RevisionNotFound", parameter, $"-{parameter} '{revision}' is not a git revision name.");
            var (top, prefix) = Locate(modelPath, cancellation);
            var verify = GitCli.Run(top, new[] { "rev-parse", "--verify", "--quiet", revision + "^{commit}" }, cancellation);
            if (verify.ExitCode != 0)
                throw new ModelCompareException("Mcp.Compare.RevisionNotFound", parameter,
                    $"-{parameter} '{revision}' is no commit of the repository at '{top}' (no such branch, tag or commit).");
            var commit = verify.StdOut.Trim();

            var root = Path.Combine(Path.GetTempPath(), "mcp-compare-" + Guid.NewGuid().ToString("N"), "model");
            var snapshot = new GitModelSnapshot(root, revision, commit, prefix);
            try
            {
                var entries = List(top, commit, prefix, parameter, revision, cancellation);
                if (entries.Count == 0)
                    throw new ModelCompareException("Mcp.Compare.ModelNotInRevision", parameter,
                        $"-{parameter} '{revision}' has no model at '{(prefix.Length == 0 ? "." : prefix.TrimEnd('/'))}' (the folder of -Path in the repository at '{top}').");
                snapshot.Write(top, entries, cancellation);
                return snapshot;
            }
            catch
            {
                snapshot.Dispose();
                throw;
            }
        }

        /// The repository's root and the model folder relative to it.
        private static (string Top, string Prefix) Locate(string modelPath, CancellationToken cancellation)
        {
            var result = GitCli.Run(modelPath, new[] { "rev-parse", "--show-toplevel", "--show-prefix" }, cancellation);
            var lines = result.StdOut.Split('\n');
            if (result.ExitCode != 0 || lines.Length < 2 || lines[0].Length == 0)
                throw new ModelCompareException("Mcp.Compare.NotARepository", "Path",
                    $"The model at '{modelPath}' (-Path) is not in a git repository: {FirstLine(result.StdErr)}");
            return (lines[0].Trim(), lines[1].Trim());
        }

        private sealed class Entry
        {
            public Entry(string mode, string type, string id, string path) { Mode = mode; Type = type; Id = id; Path = path; }
            public string Mode { get; }
            public string Type { get; }
            public string Id { get; }
            public string Path { get; }   // relative to the model folder, '/'-separated
        }

        private static List<Entry> List(string repository, string treeish, string prefix, string parameter, string revision, CancellationToken cancellation)
        {
            var args = new List<string> { "ls-tree", "-r", "-z", "--full-tree", treeish };
            if (prefix.Length > 0) { args.Add("--"); args.Add(prefix); }
            var result = GitCli.Run(repository, args, cancellation);
            if (result.ExitCode != 0)
                throw new ModelCompareException("Mcp.Compare.GitFailed", parameter,
                    $"git ls-tree of -{parameter} '{revision}' in '{repository}' failed: {FirstLine(result.StdErr)}");
            var entries = new List<Entry>();
            foreach (var record in result.StdOut.Split(new[] { '\0' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = record.IndexOf('\t');
                if (tab < 0) continue;
                var meta = record.Substring(0, tab).Split(' ');
                var path = record.Substring(tab + 1);
                if (meta.Length < 3 || !path.StartsWith(prefix, StringComparison.Ordinal)) continue;
                entries.Add(new Entry(meta[0], meta[1], meta[2], path.Substring(prefix.Length)));
            }
            return entries;
        }

        private static bool IsModelFile(string path) =>
            path.EndsWith(".yml", StringComparison.Ordinal) || path.EndsWith(".yaml", StringComparison.Ordinal);

        private void Write(string repository, List<Entry> entries, CancellationToken cancellation)
        {
            var byPath = entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
            var wanted = new List<(string Path, string Id)>();
            foreach (var entry in entries)
            {
                if (entry.Mode == SubmoduleMode) { WriteSubmodule(repository, entry, cancellation); continue; }
                if (entry.Type != "blob" || !IsModelFile(entry.Path) && entry.Mode != SymlinkMode) continue;
                if (entry.Mode != SymlinkMode) { wanted.Add((entry.Path, entry.Id)); continue; }
                wanted.AddRange(Follow(entry, byPath, repository, cancellation));
            }
            WriteBlobs(repository, "", wanted, cancellation);
        }

        /// The files a symbolic link in the tree stands for: the file it names, or every model file
        /// of the folder it names, as reclass follows links. A link out of the model is left out.
        private IEnumerable<(string Path, string Id)> Follow(Entry link, Dictionary<string, Entry> byPath, string repository, CancellationToken cancellation)
        {
            string target = "";
            GitCli.ReadObjects(repository, new[] { link.Id }, (_, bytes) => target = Encoding.UTF8.GetString(bytes), cancellation);
            var folder = link.Path.Contains("/") ? link.Path.Substring(0, link.Path.LastIndexOf('/')) : "";
            var resolved = Normalize(folder.Length == 0 ? target : folder + "/" + target);
            if (resolved == null || target.StartsWith("/", StringComparison.Ordinal))
            {
                _warnings.Add($"{Revision}:{Prefix}{link.Path} is a symbolic link out of the model ('{target}'); it is left out of that side.");
                yield break;
            }
            if (byPath.TryGetValue(resolved, out var file))
            {
                if (file.Mode != SymlinkMode && IsModelFile(link.Path)) yield return (link.Path, file.Id);
                yield break;
            }
            foreach (var entry in byPath.Values)
                if (entry.Path.StartsWith(resolved + "/", StringComparison.Ordinal) && entry.Mode != SymlinkMode && entry.Type == "blob" && IsModelFile(entry.Path))
                    yield return (link.Path + entry.Path.Substring(resolved.Length), entry.Id);
        }

        // "a/b/../c" → "a/c"; null when it climbs out of the model folder.
        private static string? Normalize(string path)
        {
            var parts = new List<string>();
            foreach (var part in path.Split('/'))
            {
                if (part.Length == 0 || part == ".") continue;
                if (part == "..") { if (parts.Count == 0) return null; parts.RemoveAt(parts.Count - 1); continue; }
                parts.Add(part);
            }
            return string.Join("/", parts);
        }

        /// A submodule's files at the commit the revision records, from the submodule's own
        /// repository (its checkout under the working tree); left out with a warning when that
        /// repository or commit is not there.
        private void WriteSubmodule(string repository, Entry entry, CancellationToken cancellation)
        {
            var checkout = Path.Combine(repository, (Prefix + entry.Path).Replace('/', Path.DirectorySeparatorChar));
            var known = Directory.Exists(checkout) &&
                        GitCli.Run(checkout, new[] { "cat-file", "-e", entry.Id + "^{commit}" }, cancellation).ExitCode == 0;
            // a checkout without its own .git is the superproject's folder: rev-parse would find the outer repository
            if (known && GitCli.Run(checkout, new[] { "rev-parse", "--show-prefix" }, cancellation).StdOut.Trim().Length > 0) known = false;
            if (!known)
            {
                _warnings.Add($"{Revision}:{Prefix}{entry.Path} is a submodule whose commit {entry.Id.Substring(0, 12)} is not in a checkout at '{checkout}' (git submodule update); its classes are missing on that side.");
                return;
            }
            var files = List(checkout, entry.Id, "", "Reference", Revision, cancellation)
                .Where(e => e.Type == "blob" && e.Mode != SymlinkMode && IsModelFile(e.Path))
                .Select(e => (e.Path, e.Id)).ToList();
            WriteBlobs(checkout, entry.Path + "/", files, cancellation);
        }

        private void WriteBlobs(string repository, string under, List<(string Path, string Id)> files, CancellationToken cancellation)
        {
            if (files.Count == 0) return;
            var index = 0;
            GitCli.ReadObjects(repository, files.Select(f => f.Id).ToList(), (_, bytes) =>
            {
                var relative = under + files[index++].Path;
                var full = Path.GetFullPath(Path.Combine(ModelRoot, relative.Replace('/', Path.DirectorySeparatorChar)));
                // git does not store "..", but a tree is data from elsewhere: nothing lands outside the folder
                if (!full.StartsWith(ModelRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return;
                _files[full] = bytes;
            }, cancellation);
        }

        private static string FirstLine(string text)
        {
            var line = text.Trim().Split('\n')[0].Trim();
            return line.Length == 0 ? "git gave no reason." : line;
        }

        /// Lets the files go (a revision of a large model holds megabytes).
        public void Dispose() => _files.Clear();
    }
}
