using System;
using System.Management.Automation;
using McpModule.Health.Definitions;

namespace McpModule.Cmdlets
{
    /// The error records of the health cmdlets, with stable ErrorIds.
    internal static class HealthErrorRecords
    {
        /// An alarm, trigger, cluster or policy the engine cannot use: the message names the file
        /// or node pillar and the key at fault.
        public static ErrorRecord InvalidDefinition(HealthModelException e, object target) =>
            new ErrorRecord(e, "Mcp.Health.InvalidDefinition", ErrorCategory.InvalidData, target);

        /// -FailOn: a status at or past the one named.
        public static ErrorRecord Failed(string message, object target) =>
            new ErrorRecord(new InvalidOperationException(message), "Mcp.Health.Failed", ErrorCategory.InvalidResult, target);

        /// A node that could not be collected from: a status (UNKW or DOWN by policy), and this record says why.
        public static ErrorRecord Unreachable(string node, string why) =>
            new ErrorRecord(new InvalidOperationException(node + ": " + why), "Mcp.Health.NodeUnreachable", ErrorCategory.ConnectionError, node);

        /// The exporter's address and port could not be listened on (in use, not this machine's).
        public static ErrorRecord ExporterFailed(Exception e, string endpoint) =>
            new ErrorRecord(new InvalidOperationException($"Cannot listen on {endpoint}: {e.Message}", e), "Mcp.Health.ExporterFailed", ErrorCategory.ResourceUnavailable, endpoint);

        /// A -MetricPath file that cannot be read or holds no metrics.
        public static ErrorRecord InvalidMetricFile(Exception e, string path) =>
            new ErrorRecord(e, e is System.IO.FileNotFoundException || e is System.IO.DirectoryNotFoundException ? "Mcp.Health.MetricFileNotFound" : "Mcp.Health.InvalidMetricFile",
                e is FormatException ? ErrorCategory.InvalidData : ErrorCategory.ReadError, path);

        /// An input object that is not health data (Export-McpHealth, Export-McpHealthReport).
        public static ErrorRecord NotHealthData(string message, object target) =>
            new ErrorRecord(new ArgumentException(message), "Mcp.Health.NotHealthData", ErrorCategory.InvalidArgument, target);

        /// Nothing to write a report of: no status came in.
        public static ErrorRecord NoHealthData(string message) =>
            new ErrorRecord(new ArgumentException(message), "Mcp.Health.NoHealthData", ErrorCategory.InvalidArgument, null);

        /// A file of health data that could not be written; the old file, if any, is left as it was.
        public static ErrorRecord ExportFailed(Exception e, string path) =>
            new ErrorRecord(e, "Mcp.Health.ExportFailed", ErrorCategory.WriteError, path);
    }
}
