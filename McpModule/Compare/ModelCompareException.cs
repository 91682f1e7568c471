#nullable enable
using System;

namespace McpModule.Compare
{
    /// A comparison that cannot start: a path outside any git repository, a revision that does not
    /// exist, a model folder the revision does not have, git missing. Names the parameter at fault.
    public sealed class ModelCompareException : Exception
    {
        internal ModelCompareException(string errorId, string parameterName, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            ParameterName = parameterName;
        }

        /// The error record's ErrorId ("Mcp.Compare.RevisionNotFound").
        public string ErrorId { get; }
        /// The parameter whose value is at fault ("Reference", "Difference", "Path").
        public string ParameterName { get; }
    }
}
