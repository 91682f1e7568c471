using System;
using System.IO;
using System.Management.Automation;
using McpModule.Compare;

namespace McpModule.Cmdlets
{
    /// ErrorRecords of Compare-McpModel and Export-McpModelChange; the ErrorId comes from the
    /// engine's exception, the target is the value of the parameter at fault.
    internal static class CompareErrorRecords
    {
        public static ErrorRecord Create(ModelCompareException exception, object target)
        {
            ErrorCategory category;
            switch (exception.ErrorId)
            {
                case "Mcp.Compare.RevisionNotFound":
                case "Mcp.Compare.ModelNotInRevision":
                case "Mcp.Compare.GitNotFound":
                    category = ErrorCategory.ObjectNotFound; break;
                case "Mcp.Compare.NotARepository": category = ErrorCategory.InvalidArgument; break;
                case "Mcp.Compare.ModelDoesNotLoad": category = ErrorCategory.InvalidData; break;
                default: category = ErrorCategory.ReadError; break;
            }
            return new ErrorRecord(exception, exception.ErrorId, category, target);
        }

        public static ErrorRecord NotAChange(object item) =>
            new ErrorRecord(new ArgumentException($"Export-McpModelChange takes McpModelChange objects (Compare-McpModel), not {item.GetType().Name}."),
                "Mcp.Compare.NotAChange", ErrorCategory.InvalidType, item);

        public static ErrorRecord ExportFailed(Exception e, string path) =>
            new ErrorRecord(new IOException($"Cannot write '{path}': {e.Message}", e), "Mcp.Compare.ExportFailed", ErrorCategory.WriteError, path);
    }
}
