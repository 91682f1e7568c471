using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpModule.FileSystem;

namespace McpModule.States.Journal
{
    /// The runs of a model repository, read from its journal, newest first, and the files
    /// that could not be read (each skipped, with its path and the reason).
    internal sealed class RunJournalListing
    {
        internal RunJournalListing(IReadOnlyList<McpRun> runs, IReadOnlyList<RunJournalException> problems,
                                   IReadOnlyList<RunJournalException> skipped)
        {
            Runs = runs; Problems = problems; Skipped = skipped;
        }

        public IReadOnlyList<McpRun> Runs { get; }

        /// Files that are not runs: broken JSON, a newer format, too large.
        public IReadOnlyList<RunJournalException> Problems { get; }

        /// Files left unopened: empty ones and what is not a regular file (a FIFO, socket or
        /// device, which would block or never end). Worth a warning, not an error.
        public IReadOnlyList<RunJournalException> Skipped { get; }
    }

    /// The run journal: one JSON file per state run under the model repository,
    /// `<repo>/.mcp/runs/<runId>.json`, written atomically (a reader never sees half a run); a
    /// sharded run (Invoke-McpState -Shard) writes one file per part, `<runId>/shard-<k>-of-<n>.json`.
    /// Times are ISO 8601 UTC with 7 fraction digits, durations milliseconds (up to 4 decimals),
    /// so a run reads back exactly as it was written.
    public static class RunJournal
    {
        /// The format version this code writes; files of a newer version are refused by name.
        public const int FormatVersion = 1;

        /// The largest journal file read. A run's file holds every node's log, which is not cut:
        /// a thousand nodes with 100 KB of output each make 100 MB. Past this a file is a
        /// problem (named), not a gigabyte of memory per file (docs/bounds.md).
        public const long MaxFileBytes = 256L * 1024 * 1024;

        private static readonly Regex RunIdPattern = new Regex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}\z", RegexOptions.CultureInvariant);
        private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

        /// `<repo>/.mcp/runs`.
        public static string DirectoryOf(string modelRepoPath) => Path.Combine(modelRepoPath, ".mcp", "runs");

        /// A new run id that sorts by time as text: `20261125T181500Z-1a2b3c` (UTC second, 6 random hex).
        public static string NewRunId() => NewRunId(DateTimeOffset.UtcNow);

        /// The run id of a run started at a given time.
        public static string NewRunId(DateTimeOffset started)
        {
            var bytes = new byte[3];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
            return started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" +
                   BitConverter.ToString(bytes).Replace("-", "").ToLowerInvariant();
        }

        /// True when a run id can name a journal file (letters, digits, '.', '_', '-'; not starting with '.' or '-').
        public static bool IsValidRunId(string runId) => runId != null && RunIdPattern.IsMatch(runId);

        /// Writes the run to `<repo>/.mcp/runs/<runId>.json`, or to `<directory>/<runId>.json` when a
        /// journal folder is given (the RunJournalDirectory setting), replacing an earlier write of
        /// the same run, and returns the file's path. Every log, error, comment and change goes
        /// through the masker (SecretMasker.Default when none is given: the key patterns) first.
        public static string Write(McpRun run, string modelRepoPath, SecretMasker masker = null, string directory = null)
        {
            if (directory != null)
            {
                if (run == null) throw new ArgumentNullException(nameof(run));
                if (!IsValidRunId(run.RunId))
                    throw new ArgumentException($"The run id '{run.RunId}' cannot name a journal file (letters, digits, '.', '_' and '-' only).", nameof(run));
                var file = Path.Combine(directory, RelativePathOf(run));
                AtomicFile.WriteAllBytes(file, ToJson((masker ?? SecretMasker.Default).Mask(run)));
                return file;
            }
            if (run == null) throw new ArgumentNullException(nameof(run));
            if (string.IsNullOrEmpty(modelRepoPath)) throw new ArgumentException("A model repository path is required.", nameof(modelRepoPath));
            if (!IsValidRunId(run.RunId))
                throw new ArgumentException($"The run id '{run.RunId}' cannot name a journal file (letters, digits, '.', '_' and '-' only).", nameof(run));
            if (!Directory.Exists(modelRepoPath))
                throw new DirectoryNotFoundException($"The model repository '{modelRepoPath}' does not exist; the run journal goes under it.");

            // .mcp or .mcp/runs as a link out of the repository would write the journal elsewhere
            var path = RootedPath.Resolve(modelRepoPath, ".mcp/runs/" + RelativePathOf(run), "the run journal");
            AtomicFile.WriteAllBytes(path, ToJson((masker ?? SecretMasker.Default).Mask(run)));
            return path;
        }

        // A whole run is `<runId>.json`; a shard's part `<runId>/shard-<k>-of-<n>.json`, so the parts of
        // one run id never overwrite each other and a folder never takes a whole run's file name.
        private static string RelativePathOf(McpRun run) =>
            run.Shard == null ? run.RunId + ".json" : run.RunId + "/" + run.Shard.PartFileName;

        private static readonly Regex PartFilePattern = new Regex("^shard-[0-9]{1,4}-of-[0-9]{1,4}\\.json\\z", RegexOptions.CultureInvariant);

        /// The part files of a run id in a journal folder (`<runId>/shard-*-of-*.json`), by name; none when there is no such folder.
        internal static IReadOnlyList<string> PartFiles(string journalDirectory, string runId)
        {
            var folder = Path.Combine(journalDirectory, runId);
            if (!IsValidRunId(runId) || !Directory.Exists(folder)) return Array.Empty<string>();
            return Directory.EnumerateFiles(folder, "shard-*.json")
                .Where(f => PartFilePattern.IsMatch(Path.GetFileName(f)))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
        }

        /// The most part files FindPartFiles returns (McpShard.MaxCount parts of a few runs).
        public const int MaxPartFiles = 10000;

        /// Every shard part file (shard-<k>-of-<n>.json) in a folder and its subfolders up to three
        /// levels down — where a CI system puts downloaded artifacts (parts/<artifact>/shard-2-of-8.json)
        /// — by path. Links to folders are not followed (a loop would never end); past MaxPartFiles
        /// an IOException says so.
        internal static IReadOnlyList<string> FindPartFiles(string folder)
        {
            var found = new List<string>();
            void Walk(string dir, int depth)
            {
                foreach (var file in Directory.EnumerateFiles(dir, "shard-*.json").Where(f => IsPartFileName(Path.GetFileName(f))).OrderBy(f => f, StringComparer.Ordinal))
                {
                    if (found.Count == MaxPartFiles) throw new IOException($"The folder '{folder}' holds more than {MaxPartFiles} shard part files; give the folder of one run.");
                    found.Add(file);
                }
                if (depth == 3) return;
                foreach (var sub in Directory.EnumerateDirectories(dir).OrderBy(d => d, StringComparer.Ordinal))
                    if ((File.GetAttributes(sub) & FileAttributes.ReparsePoint) == 0) Walk(sub, depth + 1);
            }
            Walk(folder, 0);
            return found;
        }

        /// True when a part file's name is that of a shard's part (shard-2-of-8.json).
        internal static bool IsPartFileName(string fileName) => fileName != null && PartFilePattern.IsMatch(fileName);

        /// The run in a journal file. Throws RunJournalException (naming the file) when it is not one.
        public static McpRun Read(string path)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("A journal file path is required.", nameof(path));
            byte[] bytes;
            try { bytes = InputFile.ReadBytes(path, MaxFileBytes); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new RunJournalException(path, e is InputFileException ? e.Message.Replace($"'{path}' ", "it ") : e.Message, e);
            }
            if (bytes.Length == 0) throw NotRegular(path);
            return FromJson(bytes, path);
        }

        /// Every run in the repository's journal, newest first (by start, then run id), with the parts
        /// of sharded runs (one McpRun per part, Shard set) among them; files that
        /// cannot be read are left out and reported in Problems. No journal yet: no runs.
        internal static RunJournalListing List(string modelRepoPath, string directory = null)
        {
            if (string.IsNullOrEmpty(modelRepoPath) && directory == null) throw new ArgumentException("A model repository path is required.", nameof(modelRepoPath));
            var runs = new List<McpRun>();
            var problems = new List<RunJournalException>();
            var skipped = new List<RunJournalException>();
            directory = directory ?? DirectoryOf(modelRepoPath);
            if (Directory.Exists(directory))
            {
                var files = Directory.EnumerateFiles(directory, "*.json").Where(f => !AtomicFile.IsTemp(f))
                    .Concat(Directory.EnumerateDirectories(directory).Where(d => IsValidRunId(Path.GetFileName(d)))
                                     .SelectMany(d => PartFiles(directory, Path.GetFileName(d))));
                foreach (var file in files)
                {
                    try
                    {
                        if (new FileInfo(file).Length == 0) { skipped.Add(NotRegular(file)); continue; }
                        runs.Add(Read(file));
                    }
                    catch (RunJournalException e) { problems.Add(e); }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        problems.Add(new RunJournalException(file, e.Message, e));
                    }
                }
            }
            var sorted = runs.OrderByDescending(r => r.Started).ThenByDescending(r => r.RunId, StringComparer.Ordinal)
                             .ThenBy(r => r.Shard?.Index ?? 0).ToList();
            problems.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            return new RunJournalListing(sorted, problems, skipped);
        }

        // A length of 0: an empty file, or a FIFO, socket or device (whose length reads 0), never opened.
        private static RunJournalException NotRegular(string path) =>
            new RunJournalException(path, "it is empty or not a regular file (a FIFO, socket or device); it was not opened.");

        /// The run ids of a journal, newest first (ids sort by their start time), from the file
        /// names alone: nothing is read or parsed, so it stays quick for a long journal (tab
        /// completion). A journal folder that does not exist has none.
        public static IReadOnlyList<string> ListRunIds(string modelRepoPath, string directory = null)
        {
            if (string.IsNullOrEmpty(modelRepoPath) && directory == null) throw new ArgumentException("A model repository path is required.", nameof(modelRepoPath));
            directory = directory ?? DirectoryOf(modelRepoPath);
            if (!Directory.Exists(directory)) return Array.Empty<string>();
            return Directory.EnumerateFiles(directory, "*.json")
                .Where(f => !AtomicFile.IsTemp(f))
                .Select(Path.GetFileNameWithoutExtension)
                .Concat(Directory.EnumerateDirectories(directory).Select(Path.GetFileName))   // sharded runs' folders
                .Where(IsValidRunId)
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(id => id, StringComparer.Ordinal)
                .ToList();
        }

        // ---- JSON ----

        internal static byte[] ToJson(McpRun run)
        {
            using (var stream = new MemoryStream())
            {
                var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
                using (var w = new Utf8JsonWriter(stream, options))
                {
                    w.WriteStartObject();
                    w.WriteNumber("version", FormatVersion);
                    w.WriteString("runId", run.RunId);
                    w.WriteString("started", Time(run.Started));
                    w.WriteString("finished", Time(run.Finished));
                    w.WriteNumber("durationMs", Milliseconds(run.Elapsed));
                    w.WriteString("user", run.User);
                    if (run.Host != null) w.WriteString("host", run.Host);
                    if (run.Command != null) w.WriteString("command", run.Command);
                    w.WriteString("modelPath", run.ModelPath);
                    w.WriteString("modelCommit", run.ModelCommit);
                    WriteStrings(w, "targets", run.Targets);
                    WriteStrings(w, "states", run.States);
                    w.WriteBoolean("whatIf", run.WhatIf);
                    if (run.Shard != null) w.WriteString("shard", run.Shard.ToString());
                    if (run.LabOverrides.Count > 0) WriteStrings(w, "labOverrides", run.LabOverrides);
                    w.WriteString("status", run.Status.ToString());
                    w.WriteStartArray("nodes");
                    foreach (var node in run.Nodes)
                    {
                        w.WriteStartObject();
                        w.WriteString("node", node.Node);
                        w.WriteString("status", node.Status.ToString());
                        w.WriteString("error", node.Error);
                        w.WriteStartArray("results");
                        foreach (var r in node.Results)
                        {
                            w.WriteStartObject();
                            w.WriteString("node", r.Node);
                            w.WriteString("stateId", r.StateId);
                            w.WriteString("resource", r.Resource);
                            w.WriteString("result", r.Result.ToString());
                            w.WriteString("changes", r.Changes);
                            w.WriteString("comment", r.Comment);
                            w.WriteNumber("durationMs", Milliseconds(r.Elapsed));
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                        w.WriteString("log", node.Log);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                return stream.ToArray();
            }
        }

        private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
        private static decimal Milliseconds(TimeSpan d) => d.Ticks / (decimal)TimeSpan.TicksPerMillisecond;

        private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
        {
            w.WriteStartArray(name);
            foreach (var v in values) w.WriteStringValue(v);
            w.WriteEndArray();
        }

        internal static McpRun FromJson(byte[] bytes, string path)
        {
            JsonDocument document;
            try { document = JsonDocument.Parse(bytes); }
            catch (JsonException e)
            {
                var where = e.LineNumber.HasValue ? $" at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}" : "";
                throw new RunJournalException(path, "it is not valid JSON" + where + ".", e);
            }
            using (document)
            {
                var reader = new Reader(path);
                var root = reader.Object(document.RootElement, "the file");
                var version = reader.Int(root, "version", "the file");
                if (version > FormatVersion)
                    throw new RunJournalException(path, $"it has format version {version}; this McpModule reads version {FormatVersion} and older. Update McpModule.");
                var nodes = new List<McpNodeRun>();
                foreach (var n in reader.Array(root, "nodes", "the run"))
                {
                    var where = "a node of the run";
                    reader.Object(n, where);
                    var name = reader.String(n, "node", where, required: true);
                    where = $"node '{name}'";
                    var results = new List<McpStateResult>();
                    foreach (var r in reader.Array(n, "results", where))
                    {
                        reader.Object(r, "a result of " + where);
                        results.Add(new McpStateResult(
                            reader.String(r, "node", "a result of " + where, required: true),
                            reader.String(r, "stateId", "a result of " + where),
                            reader.String(r, "resource", "a result of " + where),
                            reader.Enum<McpResourceResult>(r, "result", "a result of " + where),
                            reader.String(r, "changes", "a result of " + where),
                            reader.String(r, "comment", "a result of " + where),
                            reader.Duration(r, "durationMs", "a result of " + where)));
                    }
                    nodes.Add(new McpNodeRun(name, reader.Enum<McpRunStatus>(n, "status", where), results,
                                             reader.String(n, "error", where), reader.String(n, "log", where)));
                }
                return new McpRun(
                    reader.String(root, "runId", "the run", required: true),
                    reader.Time(root, "started", "the run"),
                    reader.Time(root, "finished", "the run"),
                    reader.String(root, "user", "the run"),
                    reader.String(root, "modelPath", "the run"),
                    reader.String(root, "modelCommit", "the run"),
                    reader.Array(root, "targets", "the run").Select(t => reader.StringValue(t, "a target")).ToList(),
                    reader.Array(root, "states", "the run").Select(t => reader.StringValue(t, "a state")).ToList(),
                    reader.Bool(root, "whatIf", "the run"),
                    reader.Enum<McpRunStatus>(root, "status", "the run"),
                    nodes,
                    reader.String(root, "host", "the run"),
                    reader.String(root, "command", "the run"),
                    root.TryGetProperty("labOverrides", out _) ? reader.Array(root, "labOverrides", "the run").Select(t => reader.StringValue(t, "a lab override")).ToList() : null,
                    reader.Shard(root, "shard", "the run"));
            }
        }

        /// Reads typed fields and names the field and where it is when one is wrong.
        private sealed class Reader
        {
            private readonly string _path;
            public Reader(string path) { _path = path; }

            private RunJournalException Bad(string problem) => new RunJournalException(_path, problem);

            public JsonElement Object(JsonElement e, string where) =>
                e.ValueKind == JsonValueKind.Object ? e : throw Bad($"{where} is not a JSON object.");

            private JsonElement Field(JsonElement o, string name, string where)
            {
                if (!o.TryGetProperty(name, out var value)) throw Bad($"{where} has no '{name}'.");
                return value;
            }

            public string String(JsonElement o, string name, string where, bool required = false)
            {
                if (!o.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                    return required ? throw Bad($"{where} has no '{name}'.") : null;
                return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Bad($"'{name}' of {where} is not a string.");
            }

            public string StringValue(JsonElement e, string what) =>
                e.ValueKind == JsonValueKind.String ? e.GetString() : throw Bad($"{what} is not a string.");

            public IEnumerable<JsonElement> Array(JsonElement o, string name, string where)
            {
                var value = Field(o, name, where);
                return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : throw Bad($"'{name}' of {where} is not an array.");
            }

            public int Int(JsonElement o, string name, string where)
            {
                var value = Field(o, name, where);
                return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i : throw Bad($"'{name}' of {where} is not a whole number.");
            }

            public bool Bool(JsonElement o, string name, string where)
            {
                var value = Field(o, name, where);
                return value.ValueKind == JsonValueKind.True || (value.ValueKind == JsonValueKind.False ? false : throw Bad($"'{name}' of {where} is not true or false."));
            }

            public T Enum<T>(JsonElement o, string name, string where) where T : struct
            {
                var text = String(o, name, where, required: true);
                if (System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(typeof(T), value) && !char.IsDigit(text[0]))
                    return value;
                throw Bad($"'{name}' of {where} is '{text}'; it is one of {string.Join(", ", System.Enum.GetNames(typeof(T)))}.");
            }

            public McpShard Shard(JsonElement o, string name, string where)
            {
                var text = String(o, name, where);
                if (text == null) return null;
                return McpShard.TryParse(text, out var shard, out var problem) ? shard : throw Bad($"'{name}' of {where}: {problem}");
            }

            public DateTimeOffset Time(JsonElement o, string name, string where)
            {
                var text = String(o, name, where, required: true);
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                    return t;
                throw Bad($"'{name}' of {where} is '{text}', not an ISO 8601 time.");
            }

            public TimeSpan Duration(JsonElement o, string name, string where)
            {
                var value = Field(o, name, where);
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var ms) && ms >= 0 && ms < 922337203685477m)
                    return TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));
                throw Bad($"'{name}' of {where} is not a duration in milliseconds.");
            }
        }
    }
}
