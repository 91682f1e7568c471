using System;
using System.Management.Automation;
using McpModule.Lab;

namespace McpModule.Cmdlets
{
    /// Error records of the lab cmdlets: the node (or the cluster) is the target object.
    internal static class LabErrorRecords
    {
        public static ErrorRecord Create(LabException e, string cluster) =>
            new ErrorRecord(e, e.Node != null ? "Mcp.LabNodeFailed" : e.Package != null ? "Mcp.LabPackageFailed" : "Mcp.LabFailed",
                e.Message.Contains("needs root") ? ErrorCategory.PermissionDenied :
                e.Message.Contains("needs ") || e.Message.Contains("Linux only") ? ErrorCategory.NotInstalled :
                e.Message.Contains("no control address") || e.Message.Contains("has the address") || e.Message.Contains("not valid") ? ErrorCategory.InvalidData :
                e.Message.Contains("did not come") || e.Message.Contains("did not answer") ? ErrorCategory.OperationTimeout :
                e.Message.Contains("not a Debian package name") ? ErrorCategory.InvalidArgument :
                e.Package != null ? ErrorCategory.ObjectNotFound :
                ErrorCategory.NotSpecified, (object)e.Node ?? e.Package ?? cluster);

        public static ErrorRecord NotFound(string cluster) =>
            new ErrorRecord(new ArgumentException($"There is no lab of cluster '{cluster}' (state files in {LabRegistry.StateDirectory})."),
                "Mcp.LabNotFound", ErrorCategory.ObjectNotFound, cluster);

        public static ProgressRecord Progress(int id, LabProgress p) =>
            new ProgressRecord(id, p.Activity, string.IsNullOrEmpty(p.Status) ? "…" : p.Status)
            {
                PercentComplete = Math.Max(-1, Math.Min(100, p.Percent)),
                RecordType = p.Percent >= 100 ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
    }
}
