#nullable enable
using System.Collections.Generic;
using System.Linq;
using McpModule.Health;
using McpModule.Health.Evaluation;
using static McpModule.Tests.Health.Evaluation.HealthModels;

namespace McpModule.Tests.Health.Report
{
    /// Statuses to draw: hand-made ones for the edges, and real evaluations of the lab model's
    /// controllers as Get-McpHealth returns them (Node, Service, Cluster).
    internal static class ReportStatuses
    {
        internal static readonly string[] Controllers = { "ctl01.lab.local", "ctl02.lab.local", "ctl03.lab.local" };

        /// The controllers' statuses at the default levels of Get-McpHealth, with the faults given.
        internal static List<McpHealthStatus> Evaluated(params McpMetric[] faults)
        {
            var nodes = LabModel.Where(n => Controllers.Contains(n.Name)).ToList();
            var metrics = Controllers.SelectMany(n => Healthy(n))
                .Where(m => !faults.Any(f => f.Node == m.Node && f.Name == m.Name && f.Dimensions.SequenceEqual(m.Dimensions))).Concat(faults);
            var report = new HealthEvaluator(Definitions(nodes)).Evaluate(metrics, Now);
            var statuses = report.Select(new[] { McpHealthLevel.Node, McpHealthLevel.Service, McpHealthLevel.Cluster }).ToList();
            foreach (var s in statuses) s.ModelPath = "/models/lab";
            return statuses;
        }

        internal static McpMetric Chrony(string node, double active) =>
            Metric(node, "systemd_unit_active", active, 0, ("unit", "chrony.service"), ("service", "ntp"));

        internal static McpHealthStatus Alarm(string node, string name, McpHealthState status, params McpHealthReason[] reasons) =>
            new McpHealthStatus { Level = McpHealthLevel.Alarm, Node = node, Entity = name, Status = status, Reasons = reasons.ToList(), Timestamp = Now };

        internal static McpHealthStatus Service(string name, McpHealthState status, params McpHealthStatus[] alarms) =>
            new McpHealthStatus { Level = McpHealthLevel.Service, Entity = name, Status = status, Policy = "availability_of_members", Members = alarms.ToList(), Timestamp = Now };

        internal static McpHealthReason Reason(string node, string alarm, McpHealthState severity, string message = "") =>
            new McpHealthReason
            {
                Node = node, Alarm = alarm, Trigger = alarm, Severity = severity, Metric = "systemd_unit_active", Function = "last",
                Operator = "<", Threshold = 1, Value = 0, Window = 60, Periods = 1, Message = message,
            };
    }
}
