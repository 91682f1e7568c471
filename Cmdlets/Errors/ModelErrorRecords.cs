using System;
using System.Management.Automation;
using McpModule.Model;

namespace McpModule.Cmdlets
{
    /// Turns the engine's errors into PowerShell ErrorRecords with stable ErrorIds.
    internal static class ModelErrorRecords
    {
        /// ErrorId "Mcp.&lt;Kind&gt;"; category from the kind; message = the exception's message
        /// (which already names node, file, line and class chain); target = node, else file.
        public static ErrorRecord Create(ModelException exception, object target = null)
        {
            var category = exception.Kind == ModelErrorKind.UnreadableFolder && exception.InnerException is UnauthorizedAccessException
                ? ErrorCategory.PermissionDenied : CategoryOf(exception.Kind);
            var record = new ErrorRecord(exception, "Mcp." + exception.Kind, category,
                                         target ?? (object)exception.Node ?? exception.File);
            return record;
        }

        public static ErrorCategory CategoryOf(ModelErrorKind kind)
        {
            switch (kind)
            {
                case ModelErrorKind.YamlSyntax:
                case ModelErrorKind.ReferenceSyntax:
                case ModelErrorKind.QuerySyntax:
                    return ErrorCategory.ParserError;
                case ModelErrorKind.ClassNotFound:
                case ModelErrorKind.MissingReference:
                case ModelErrorKind.NodeNotFound:
                case ModelErrorKind.InventoryNotFound:
                    return ErrorCategory.ObjectNotFound;
                case ModelErrorKind.LimitExceeded:
                    return ErrorCategory.LimitsExceeded;
                case ModelErrorKind.UnreadableFolder:
                    return ErrorCategory.ReadError;
                default:
                    return ErrorCategory.InvalidData;
            }
        }

        /// A node named on the command line that the model does not have.
        public static ErrorRecord NodeNotFound(string node, string modelPath)
        {
            var exception = new ItemNotFoundException($"Node '{node}' was not found in the model at '{modelPath}'.");
            return new ErrorRecord(exception, "Mcp.NodeNotFound", ErrorCategory.ObjectNotFound, node);
        }

        /// A -Key path that the node's pillar does not have.
        public static ErrorRecord KeyNotFound(string node, string key, string missingAt)
        {
            var where = missingAt == key ? "" : $" (no '{missingAt}')";
            var exception = new ItemNotFoundException($"Node '{node}' has no pillar key '{key}'{where}.");
            return new ErrorRecord(exception, "Mcp.KeyNotFound", ErrorCategory.ObjectNotFound, node);
        }

        /// A path that is not a folder (or file) on the file system.
        public static ErrorRecord NotAModel(string path) =>
            new ErrorRecord(new ItemNotFoundException($"'{path}' is not a model: neither it nor a folder above it has classes/ and nodes/ (or a reclass-config.yml)."),
                "Mcp.InventoryNotFound", ErrorCategory.ObjectNotFound, path);

        public static ErrorRecord PathNotFound(string path, Exception inner = null)
        {
            var exception = new ItemNotFoundException($"Cannot find the model path '{path}'.", inner);
            return new ErrorRecord(exception, "Mcp.PathNotFound", ErrorCategory.ObjectNotFound, path);
        }
    }
}
