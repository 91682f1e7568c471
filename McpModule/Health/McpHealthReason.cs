#nullable enable
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace McpModule.Health
{
    /// Why a status is not okay: the alarm and trigger that fired, on which node, the rule
    /// (function of a metric over a window, compared with a threshold) and the value it computed.
    public sealed class McpHealthReason
    {
        /// The node whose metrics fired it; empty for a cluster-wide alarm (Ceph's health, HTTP endpoints).
        public string Node { get; set; } = "";
        public string Alarm { get; set; } = "";
        public string Trigger { get; set; } = "";
        /// The trigger's severity.
        public McpHealthState Severity { get; set; }
        public string Metric { get; set; } = "";
        /// last, min, max, avg, sum, sd, variance, diff or roc.
        public string Function { get; set; } = "";
        public string Operator { get; set; } = "";
        public double Threshold { get; set; }
        /// The value the function computed; null when the rule had no data (no_data_policy decided).
        public double? Value { get; set; }
        /// Seconds.
        public double Window { get; set; }
        public double Periods { get; set; }
        /// The fields of the series (fs = /var, unit = chrony.service).
        public Dictionary<string, string> Fields { get; set; } = new Dictionary<string, string>();
        /// The trigger's description, or what was missing.
        public string Message { get; set; } = "";
        /// The cluster it was reported from when a cluster that is not okay shows the reasons of a
        /// cluster it depends on (`dependencies`, StackLight's hints); empty otherwise.
        public string Dependency { get; set; } = "";

        /// ctl01: ntp_service_down last(systemd_unit_active{unit=chrony.service}) = 0 < 1 (down)
        public override string ToString()
        {
            var fields = Fields.Count == 0 ? "" : "{" + string.Join(",", Fields.Select(f => f.Key + "=" + f.Value)) + "}";
            var value = Value.HasValue ? Value.Value.ToString("0.###", CultureInfo.InvariantCulture) : "no data";
            var where = Node.Length == 0 ? "" : Node + ": ";
            return string.Format(CultureInfo.InvariantCulture, "{0}{1} {2}({3}{4}) = {5} {6} {7} ({8})",
                where, Trigger, Function, Metric, fields, value, Operator, Threshold, HealthStatuses.Label(Severity));
        }
    }
}
