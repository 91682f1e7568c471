#nullable enable
using System.Collections.Generic;
using System.IO;

namespace McpModule.Templates
{
    /// A file the writer may not touch: it exists, differs, and the cluster does not own it
    /// (or -Force was not given).
    public sealed class McpModelConflictException : IOException
    {
        public McpModelConflictException(string message, IReadOnlyList<string> paths) : base(message) { Paths = paths; }
        public IReadOnlyList<string> Paths { get; }
    }
}
