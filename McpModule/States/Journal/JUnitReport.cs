using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using McpModule.FileSystem;

namespace McpModule.States.Journal
{
    /// A run as JUnit XML, the shape Jenkins' JUnit plugin and GitHub Actions' test reporters read:
    /// `testsuites` (the run) holds one `testsuite` per node (name, tests, failures, errors, skipped,
    /// time, timestamp, properties, the node's log as system-out), and one `testcase` per resource
    /// result (classname = node, name = `<stateId> <resource>`, time in seconds). Failed → `failure`
    /// with the comment and the changes, Skipped → `skipped` with the reason, Changed → the changes
    /// as system-out. A node that failed as a whole or was interrupted gets one more, failing, test
    /// case named `(node)` with its error and how far it got; a run that failed or was interrupted
    /// without any node saying so gets a failing `(run)` test case, so a report is never greener
    /// than its run.
    internal static class JUnitReport
    {
        /// The test case name of a node's (or the run's) own outcome.
        public const string NodeCaseName = "(node)";
        public const string RunCaseName = "(run)";

        /// The report as UTF-8 bytes.
        public static byte[] ToBytes(McpRun run)
        {
            if (run == null) throw new ArgumentNullException(nameof(run));
            // a run from anywhere (a script may build one) has its key-named values hidden here too
            run = SecretMasker.Default.Mask(run);
            var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" };
            using (var stream = new MemoryStream())
            {
                using (var w = XmlWriter.Create(stream, settings)) WriteRun(w, run);
                return stream.ToArray();
            }
        }

        /// The report as text.
        public static string ToXml(McpRun run) => new UTF8Encoding(false).GetString(ToBytes(run));

        /// Writes the report to a file atomically (temp file, flush, rename); its folder must exist.
        public static void Write(McpRun run, string path)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("A report path is required.", nameof(path));
            var bytes = ToBytes(run);
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"The folder of the report '{path}' does not exist.");
            AtomicFile.WriteAllBytes(path, bytes);
        }

        private sealed class Case
        {
            public string ClassName, Name, FailureType, FailureMessage, FailureText, SkippedMessage, SystemOut;
            public TimeSpan Time;
        }

        private static void WriteRun(XmlWriter w, McpRun run)
        {
            var suites = run.Nodes.Select(n => (Name: n.Node, Node: n, Cases: CasesOf(n))).ToList();
            if (run.StatusValue != McpRunStatus.Succeeded && run.Nodes.All(n => n.StatusValue == McpRunStatus.Succeeded))
            {
                var verb = run.StatusValue == McpRunStatus.Interrupted ? "was interrupted" : "failed";
                suites.Add((RunCaseName, null, new List<Case>
                {
                    new Case
                    {
                        ClassName = RunCaseName, Name = RunCaseName, FailureType = run.Status.ToString(),
                        FailureMessage = $"The run {verb} after {run.Nodes.Count} node(s) finished.",
                        FailureText = $"The run {verb}; no node records the cause.",
                    },
                }));
            }

            var all = suites.SelectMany(s => s.Cases).ToList();
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", Clean($"McpRun {run.RunId}{(run.WhatIf ? " (WhatIf)" : "")}"));
            WriteCounts(w, all, run.Elapsed);
            w.WriteAttributeString("timestamp", Timestamp(run.Started));

            foreach (var (name, node, cases) in suites)
            {
                w.WriteStartElement("testsuite");
                w.WriteAttributeString("name", Clean(name));
                WriteCounts(w, cases, node == null ? run.Elapsed : Sum(node.Results.Select(r => r.Elapsed)));
                w.WriteAttributeString("timestamp", Timestamp(run.Started));
                w.WriteAttributeString("hostname", Clean(node?.Node ?? "localhost"));

                w.WriteStartElement("properties");
                Property(w, "runId", run.RunId);
                Property(w, "runStatus", run.Status.ToString());
                if (node != null) Property(w, "nodeStatus", node.Status.ToString());
                Property(w, "whatIf", run.WhatIf ? "true" : "false");
                Property(w, "user", run.User);
                if (run.Host != null) Property(w, "host", run.Host);
                if (run.Command != null) Property(w, "command", run.Command);
                Property(w, "modelPath", run.ModelPath);
                Property(w, "modelCommit", run.ModelCommit);
                Property(w, "targets", string.Join(" ", run.Targets));
                Property(w, "states", string.Join(",", run.States));
                w.WriteEndElement();

                foreach (var c in cases)
                {
                    w.WriteStartElement("testcase");
                    w.WriteAttributeString("classname", Clean(c.ClassName));
                    w.WriteAttributeString("name", Clean(c.Name));
                    w.WriteAttributeString("time", Seconds(c.Time));
                    if (c.FailureType != null)
                    {
                        w.WriteStartElement("failure");
                        w.WriteAttributeString("message", Clean(c.FailureMessage ?? ""));
                        w.WriteAttributeString("type", c.FailureType);
                        w.WriteString(Clean(c.FailureText ?? ""));
                        w.WriteEndElement();
                    }
                    else if (c.SkippedMessage != null)
                    {
                        w.WriteStartElement("skipped");
                        w.WriteAttributeString("message", Clean(c.SkippedMessage));
                        w.WriteEndElement();
                    }
                    if (!string.IsNullOrEmpty(c.SystemOut)) w.WriteElementString("system-out", Clean(c.SystemOut));
                    w.WriteEndElement();
                }
                if (!string.IsNullOrEmpty(node?.Log)) w.WriteElementString("system-out", Clean(node.Log));
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        private static List<Case> CasesOf(McpNodeRun node)
        {
            var cases = new List<Case>();
            foreach (var r in node.Results)
            {
                var c = new Case { ClassName = node.Node, Name = $"{r.StateId} {r.Resource}".Trim(), Time = r.Elapsed };
                var comment = string.IsNullOrEmpty(r.Comment) ? null : r.Comment;
                switch (r.ResultValue)
                {
                    case McpResourceResult.Failed:
                        c.FailureType = "Failed";
                        c.FailureMessage = comment ?? "failed";
                        c.FailureText = string.IsNullOrEmpty(r.Changes) ? comment ?? "failed" : (comment ?? "failed") + "\n\nChanges:\n" + r.Changes;
                        break;
                    case McpResourceResult.Skipped:
                        c.SkippedMessage = comment ?? "skipped";
                        break;
                    case McpResourceResult.Changed:
                        c.SystemOut = string.IsNullOrEmpty(r.Changes) ? comment : r.Changes + (comment == null ? "" : "\n" + comment);
                        break;
                }
                cases.Add(c);
            }

            var failedResults = node.Results.Count(r => r.ResultValue == McpResourceResult.Failed);
            var interrupted = node.StatusValue == McpRunStatus.Interrupted;
            // An empty error (PowerShell passes $null to a string as "") is no error.
            var error = string.IsNullOrEmpty(node.Error) ? null : node.Error;
            if (interrupted || (node.StatusValue == McpRunStatus.Failed && (error != null || failedResults == 0)))
            {
                var message = interrupted
                    ? $"Interrupted after {node.Results.Count} result(s)" + (error != null ? ": " + error : ".")
                    : error ?? "The node failed.";
                cases.Add(new Case
                {
                    ClassName = node.Node, Name = NodeCaseName, FailureType = node.Status.ToString(), FailureMessage = message,
                    FailureText = message + (node.Results.Count > 0
                        ? "\nLast result: " + $"{node.Results[node.Results.Count - 1].StateId} {node.Results[node.Results.Count - 1].Resource} ({node.Results[node.Results.Count - 1].Result})"
                        : "\nNo result was recorded."),
                });
            }
            return cases;
        }

        private static void WriteCounts(XmlWriter w, IReadOnlyCollection<Case> cases, TimeSpan time)
        {
            w.WriteAttributeString("tests", cases.Count.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("failures", cases.Count(c => c.FailureType != null).ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("errors", "0");
            w.WriteAttributeString("skipped", cases.Count(c => c.FailureType == null && c.SkippedMessage != null).ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("time", Seconds(time));
        }

        private static void Property(XmlWriter w, string name, string value)
        {
            w.WriteStartElement("property");
            w.WriteAttributeString("name", name);
            w.WriteAttributeString("value", Clean(value ?? ""));
            w.WriteEndElement();
        }

        private static TimeSpan Sum(IEnumerable<TimeSpan> times) => TimeSpan.FromTicks(times.Sum(t => t.Ticks));
        private static string Seconds(TimeSpan t) => Math.Max(0, t.TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture);
        // JUnit timestamps carry no zone; UTC here.
        private static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

        /// Text XML 1.0 can carry: control characters (ANSI colours in logs, NUL) become `\xNN`,
        /// a lone surrogate U+FFFD, so a log can never make the report unreadable.
        internal static string Clean(string text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            StringBuilder sb = null;
            for (int i = 0; i < text.Length; i++)
            {
                var ch = text[i];
                if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    sb?.Append(ch).Append(text[i + 1]);
                    i++;
                    continue;
                }
                var ok = !char.IsSurrogate(ch) && XmlConvert.IsXmlChar(ch);
                if (ok) { sb?.Append(ch); continue; }
                if (sb == null) sb = new StringBuilder(text, 0, i, text.Length + 16);
                sb.Append(char.IsSurrogate(ch) ? "\uFFFD" : "\\x" + ((int)ch).ToString("X2", CultureInfo.InvariantCulture));
            }
            return sb?.ToString() ?? text;
        }
    }
}
