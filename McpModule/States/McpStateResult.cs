using System;

namespace McpModule.States
{
    /// What a resource did on a node in a state run.
    public enum McpResourceResult { Unchanged, Changed, Failed, Skipped }

    /// One resource of one state on one node: what was checked, what changed.
    public sealed class McpStateResult
    {
        public McpStateResult(string node, string stateId, string resource, McpResourceResult result,
                              string changes = null, string comment = null, TimeSpan duration = default)
        {
            Node = node; StateId = stateId; Resource = resource; ResultValue = result;
            Changes = changes; Comment = comment; Elapsed = duration;
        }

        public string Node { get; }
        /// The state id as the formula names it ("nginx_config").
        public string StateId { get; }
        /// Resource type and name ("file:/etc/nginx/nginx.conf", "pkg:nginx").
        public string Resource { get; }
        /// Unchanged, Changed, Failed or Skipped: an McpResourceResult by name, so that it exports as one.
        public string Result => ResultValue.ToString();
        internal McpResourceResult ResultValue { get; }
        /// Before/after as a unified diff or "old -> new"; null when nothing changed.
        public string Changes { get; }
        /// Why: the failure message, the skip reason, what was done.
        public string Comment { get; }
        /// TimeSpan text ("00:00:01.5000000"; [timespan] reads it back).
        public string Duration => Durations.Text(Elapsed);
        public double DurationSeconds => Durations.Seconds(Elapsed);
        internal TimeSpan Elapsed { get; }

        /// "ctl01.lab.local ntp_config Changed (file:/etc/chrony/chrony.conf)".
        public override string ToString() => $"{Node} {StateId} {Result} ({Resource})";
    }
}
