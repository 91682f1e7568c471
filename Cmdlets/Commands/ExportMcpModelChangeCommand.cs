using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using McpModule.Compare;
using McpModule.FileSystem;

namespace McpModule.Cmdlets
{
    /// Compare-McpModel's changes as text for reviewers and tools: Markdown for a pull-request
    /// comment (one row per kind and key, bounded in length) or JSON; to the pipeline or a file.
    [Cmdlet(VerbsData.Export, "McpModelChange", SupportsShouldProcess = true)]
    [OutputType(typeof(string))]
    public sealed class ExportMcpModelChangeCommand : PSCmdlet
    {
        private readonly List<McpModelChange> _changes = new List<McpModelChange>();

        /// The changes (Compare-McpModel's output).
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public object[] InputObject { get; set; }

        /// Markdown (a pull-request comment) or Json (every change, for tools).
        [Parameter(Position = 0)]
        [ValidateSet("Markdown", "Json")]
        public string Format { get; set; } = "Markdown";

        /// The file to write (replaced atomically); the text goes to the pipeline when none is given.
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// The longest Markdown to write, in characters; rows past it are counted in a last line.
        [Parameter]
        [ValidateRange(400, int.MaxValue)]
        public int MaxLength { get; set; } = ChangeMarkdown.DefaultMaxLength;

        protected override void ProcessRecord()
        {
            foreach (var item in InputObject ?? Array.Empty<object>())
            {
                var value = item is PSObject ps ? ps.BaseObject : item;
                if (value is McpModelChange change) _changes.Add(change);
                else if (value != null) WriteError(CompareErrorRecords.NotAChange(item));
            }
        }

        protected override void EndProcessing()
        {
            var text = Format == "Json" ? ChangeJson.Write(_changes) : ChangeMarkdown.Write(_changes, MaxLength);
            if (string.IsNullOrEmpty(Path))
            {
                WriteObject(text);
                return;
            }
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(path, $"Write {_changes.Count} model change(s) as {Format}")) return;
            try { AtomicFile.WriteAllText(path, text); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(CompareErrorRecords.ExportFailed(e, path));
            }
        }
    }
}
