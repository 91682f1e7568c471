using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using McpModule.Execution;

namespace McpModule.States
{
    /// What Invoke-McpState needs around a node's run: turning the executor's output and the
    /// transport's outcome into a McpNodeRun, and the model's git commit.
    internal static class StateRunSupport
    {
        /// The node's part of the run from its command result (results parsed, status decided).
        public static McpNodeRun NodeRun(Formulas.NodePlan plan, McpCommandResult command)
        {
            var results = NodeScript.Parse(plan, command.StdOut, out var complete);
            var log = Log(command);
            if (command.Error != null)
            {
                var status = command.Error.KindValue == McpTransportErrorKind.Cancelled ? McpRunStatus.Interrupted : McpRunStatus.Failed;
                // The state id it was at: the resource after the last one that reported.
                var at = results.Count < plan.Resources.Count ? $"at '{plan.Resources[results.Count].StateId}'" : "after its last resource";
                var where = results.Count == 0 ? "before any resource reported"
                    : $"{at}, after {results.Count} of {plan.Resources.Count} resources (last done: {results[results.Count - 1].StateId})";
                return new McpNodeRun(plan.Node, status, results, command.Error.Message + " — " + where, log);
            }
            var holder = NodeScript.Holder(command.StdOut);
            if (holder != null)
                return new McpNodeRun(plan.Node, McpRunStatus.Failed, results,
                    $"{plan.Node}: the node is held by {holder}; nothing was applied. One run at a time applies states to a node; run again when it has ended.", log);
            if (!complete)
            {
                var next = results.Count < plan.Resources.Count ? plan.Resources[results.Count].StateId : null;
                var why = $"{plan.Node}: the executor stopped after {results.Count} of {plan.Resources.Count} resources" +
                          (next == null ? "" : $" (at '{next}')") + $", exit code {command.ExitCode}: " + Tail(command.StdErr);
                return new McpNodeRun(plan.Node, McpRunStatus.Failed, results, why, log);
            }
            var failed = results.Any(r => r.ResultValue == McpResourceResult.Failed);
            return new McpNodeRun(plan.Node, failed ? McpRunStatus.Failed : McpRunStatus.Succeeded, results, null, log);
        }

        /// The overall status: interrupted when stopped, failed when any node failed.
        public static McpRunStatus RunStatus(IEnumerable<McpNodeRun> nodes, bool stopped)
        {
            if (stopped) return McpRunStatus.Interrupted;
            return nodes.Any(n => n.StatusValue != McpRunStatus.Succeeded) ? McpRunStatus.Failed : McpRunStatus.Succeeded;
        }

        /// HEAD of the model repository, or null when it is not a git repository (or git is missing).
        public static string ModelCommit(string modelPath)
        {
            try
            {
                var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                start.Arguments = "-C \"" + modelPath.Replace("\"", "") + "\" rev-parse HEAD";
                using (var p = Process.Start(start))
                {
                    var output = p.StandardOutput.ReadToEnd().Trim();
                    p.WaitForExit(10000);
                    return p.HasExited && p.ExitCode == 0 && output.Length >= 40 ? output : null;
                }
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException) { return null; }
        }

        private static string Log(McpCommandResult command)
        {
            var lines = (command.StdOut ?? "").Split('\n').Where(l => !NodeScript.IsProtocolLine(l) && l.Trim().Length > 0);
            var text = string.Join("\n", NodeScript.Notes(command.StdOut).Select(n => "note: " + n).Concat(lines));
            if (!string.IsNullOrEmpty(command.StdErr)) text += (text.Length > 0 ? "\n" : "") + command.StdErr.TrimEnd();
            return text.Length == 0 ? null : text;
        }

        private static string Tail(string text)
        {
            text = (text ?? "").Trim();
            return text.Length <= 600 ? text : "…" + text.Substring(text.Length - 600);
        }
    }
}
