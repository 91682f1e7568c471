using System;
using System.Linq;
using System.Management.Automation;
using McpModule.Compare;
using McpModule.Model;

namespace McpModule.Cmdlets
{
    /// What a change to a model does to every node: the model as a git revision has it against the
    /// working tree (or another revision), both rendered, every node's classes, applications and
    /// pillar compared. Revisions are read with git ls-tree and cat-file into memory:
    /// nothing in the repository or working tree changes.
    [Cmdlet(VerbsData.Compare, "McpModel")]
    [OutputType(typeof(McpModelChange), typeof(McpModelChangeSummary))]
    public sealed class CompareMcpModelCommand : McpModelCmdlet
    {
        private const string WorkingTree = "working tree";

        /// The revision before the change: a branch, tag, commit or any git revision ("main", "HEAD~1").
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(RevisionCompleter))]
        [ValidateNotNullOrEmpty]
        public string Reference { get; set; }

        /// The revision after the change; the working tree (with its uncommitted edits) by default.
        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(RevisionCompleter))]
        [ValidateNotNullOrEmpty]
        public string Difference { get; set; }

        /// The model folder in a git working tree (any folder of the repository); the current location by default.
        [Parameter]
        public string Path { get; set; }

        /// Only the nodes a Salt-style target expression selects on either side (as Get-McpNode -Target).
        [Parameter]
        [ArgumentCompleter(typeof(TargetCompleter))]
        [ValidateNotNullOrEmpty]
        public string Target { get; set; }

        /// One object per kind and key with the nodes it reaches, instead of one per node and key.
        [Parameter]
        public SwitchParameter Summary { get; set; }

        protected override void EndProcessing()
        {
            McpModule.Targeting.McpTarget target = null;
            if (Target != null)
            {
                try { target = McpModule.Targeting.McpTarget.Parse(Target); }
                catch (McpModule.Targeting.McpTargetException e) { ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, ErrorCategory.InvalidArgument, Target)); }
            }
            var path = ResolveSinglePath(Path);
            var entry = GetEntry(path);
            ReclassModel working = null;
            if (Difference == null)
            {
                try { working = ModelOf(entry); }
                catch (ModelException e) { ThrowModelError(e, path); }
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            ModelComparison.Result result = null;
            try
            {
                result = Stoppable(() => ModelComparison.Run(
                    c => ModelSide.FromRevision(entry.Path, Reference, nameof(Reference), c),
                    c => working != null ? new ModelSide(WorkingTree, working) : ModelSide.FromRevision(entry.Path, Difference, nameof(Difference), c),
                    target, Stopping));
            }
            catch (ModelCompareException e)
            {
                ThrowTerminatingError(CompareErrorRecords.Create(e, e.ParameterName == nameof(Difference) ? Difference : e.ParameterName == nameof(Path) ? (object)entry.Path : Reference));
            }
            WriteVerbose($"{result.Compared} node(s) of {entry.Path} compared, {Reference} against {Difference ?? WorkingTree}: {result.Changes.Count} change(s) in {clock.ElapsedMilliseconds} ms ({result.Timing})");

            foreach (var warning in result.Warnings) WriteWarning(warning);
            if (result.BrokenOnBoth.Count > 0)
                WriteWarning($"{result.BrokenOnBoth.Count} node(s) fail to render the same way on both sides, so the change cannot show what it does to them: " +
                             string.Join("; ", result.BrokenOnBoth.Take(5).Select(b => b.Node + ": " + b.Error)) + (result.BrokenOnBoth.Count > 5 ? "; ..." : ""));
            if (!result.TargetMatched)
                WriteError(new ErrorRecord(new ItemNotFoundException($"The target '{Target}' matches no node of the model at '{entry.Path}' on either side."),
                    "Mcp.TargetNoMatch", ErrorCategory.ObjectNotFound, Target));
            if (Summary) WriteObject(ChangeSummaries.Group(result.Changes), enumerateCollection: true);
            else WriteObject(result.Changes, enumerateCollection: true);
        }
    }
}
