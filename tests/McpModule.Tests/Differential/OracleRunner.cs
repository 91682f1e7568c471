using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace McpModule.Tests.Differential
{
    /// What reclass 1.7 said about one node: its nodeinfo, or the exception it raised.
    public sealed class OracleNodeResult
    {
        public JsonValue NodeInfo { get; set; }       // null when reclass failed
        public string ErrorType { get; set; }          // e.g. "ResolveErrorList", "TypeMergeError"
        public string ErrorMessage { get; set; }
        public IReadOnlyList<string> Warnings { get; set; } = Array.Empty<string>();
        public bool Ok => NodeInfo != null;
    }

    /// What reclass 1.7 said about one inventory folder.
    public sealed class OracleFolderResult
    {
        public string Folder { get; set; }
        public SortedDictionary<string, OracleNodeResult> Nodes { get; } =
            new SortedDictionary<string, OracleNodeResult>(StringComparer.Ordinal);
        public string ErrorType { get; set; }          // set when the inventory as a whole fails
        public string ErrorMessage { get; set; }
    }

    /// Runs tests/oracle/reclass_oracle.py (Debian's reclass 1.7 on /usr/bin/python3)
    /// once for many inventory folders and parses its single JSON document.
    public static class OracleRunner
    {
        public const string Python = "/usr/bin/python3";
        private const string InstallHint =
            "The differential tests need Debian's reclass 1.7 on /usr/bin/python3: run `apt-get install reclass`.";

        /// The folder holding McpModule.slnx, found by walking up from the test binaries.
        public static string RepoRoot
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "McpModule.slnx"))) return dir.FullName;
                    dir = dir.Parent;
                }
                throw new InvalidOperationException(
                    $"Cannot find the repository root (a folder with McpModule.slnx) above '{AppContext.BaseDirectory}'.");
            }
        }

        public static string OracleScript => Path.Combine(RepoRoot, "tests", "oracle", "reclass_oracle.py");

        /// Fails (never skips) when reclass or the oracle script is missing.
        public static void EnsureAvailable()
        {
            if (!File.Exists(OracleScript))
                throw new InvalidOperationException($"Oracle script missing: '{OracleScript}'.");
            if (!File.Exists(Python))
                throw new InvalidOperationException($"'{Python}' not found. {InstallHint}");
            if (!File.Exists("/usr/lib/python3/dist-packages/reclass/core.py") && !File.Exists("/usr/bin/reclass"))
                throw new InvalidOperationException($"reclass is not installed. {InstallHint}");
        }

        /// Runs the oracle for every folder (absolute paths) in one process.
        public static Dictionary<string, OracleFolderResult> Run(IReadOnlyCollection<string> folders, int jobs = 1,
                                                                   TimeSpan? timeout = null)
        {
            EnsureAvailable();
            var results = new Dictionary<string, OracleFolderResult>(StringComparer.Ordinal);
            if (folders.Count == 0) return results;

            var listFile = Path.Combine(Path.GetTempPath(), $"mcp-oracle-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
            File.WriteAllLines(listFile, folders, new UTF8Encoding(false));
            try
            {
                var psi = new ProcessStartInfo(Python)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                    StandardOutputEncoding = Encoding.UTF8,
                    StandardErrorEncoding = Encoding.UTF8,
                    WorkingDirectory = RepoRoot,
                };
                psi.ArgumentList.Add(OracleScript);
                psi.ArgumentList.Add("--list");
                psi.ArgumentList.Add(listFile);
                psi.ArgumentList.Add("--jobs");
                psi.ArgumentList.Add(Math.Max(1, jobs).ToString(System.Globalization.CultureInfo.InvariantCulture));
                // The pyenv python on PATH must not leak its settings into Debian's python.
                psi.Environment.Remove("PYTHONPATH");
                psi.Environment.Remove("PYTHONHOME");
                psi.Environment["PYTHONIOENCODING"] = "utf-8";

                using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Cannot start {Python}.");
                var stderr = new StringBuilder();
                process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
                process.BeginErrorReadLine();
                var stdoutTask = process.StandardOutput.ReadToEndAsync();
                var limit = timeout ?? TimeSpan.FromMinutes(10);
                if (!process.WaitForExit((int)limit.TotalMilliseconds))
                {
                    try { process.Kill(true); } catch { /* already gone */ }
                    throw new TimeoutException($"The reclass oracle did not finish within {limit}.");
                }
                process.WaitForExit();
                var stdout = stdoutTask.GetAwaiter().GetResult();
                if (process.ExitCode != 0)
                {
                    var err = stderr.ToString();
                    var hint = err.Contains("No module named 'reclass'") || err.Contains("No module named 'yaml'") ? " " + InstallHint : "";
                    throw new InvalidOperationException($"The reclass oracle failed (exit {process.ExitCode}).{hint}\n{Tail(err, 4000)}");
                }
                Parse(JsonLite.Parse(stdout), results);
            }
            finally
            {
                try { File.Delete(listFile); } catch { /* temp file */ }
            }

            foreach (var f in folders)
                if (!results.ContainsKey(f))
                    throw new InvalidOperationException($"The reclass oracle printed nothing for '{f}'.");
            return results;
        }

        private static void Parse(JsonValue doc, Dictionary<string, OracleFolderResult> results)
        {
            if (doc.Kind != JsonKind.Object) throw new FormatException("Oracle output is not a JSON object.");
            foreach (var folder in doc.Members)
            {
                var r = new OracleFolderResult { Folder = folder.Key };
                var error = folder.Value["error"];
                if (error != null && !error.IsNull)
                {
                    r.ErrorType = error["type"]?.String;
                    r.ErrorMessage = error["message"]?.String;
                }
                var nodes = folder.Value["nodes"];
                if (nodes != null && nodes.Kind == JsonKind.Object)
                {
                    foreach (var node in nodes.Members)
                    {
                        var nr = new OracleNodeResult();
                        var ok = node.Value["ok"];
                        var err = node.Value["error"];
                        if (ok != null) nr.NodeInfo = ok;
                        else if (err != null)
                        {
                            nr.ErrorType = err["type"]?.String;
                            nr.ErrorMessage = err["message"]?.String;
                        }
                        var warnings = node.Value["warnings"];
                        if (warnings != null && warnings.Kind == JsonKind.Array)
                            nr.Warnings = warnings.Items.Select(w => w.String).ToList();
                        r.Nodes[node.Key] = nr;
                    }
                }
                results[folder.Key] = r;
            }
        }

        private static string Tail(string s, int max) => s.Length <= max ? s : "…" + s.Substring(s.Length - max);
    }
}
