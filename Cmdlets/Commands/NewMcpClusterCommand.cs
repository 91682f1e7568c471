using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using McpModule.FileSystem;
using McpModule.Generator;
using McpModule.Model;
using McpModule.Templates;

namespace McpModule.Cmdlets
{
    /// Writes a cluster model after the reference architecture and returns the cluster.
    [Cmdlet(VerbsCommon.New, "McpCluster", SupportsShouldProcess = true)]
    [OutputType(typeof(McpCluster))]
    public sealed class NewMcpClusterCommand : McpModelCmdlet
    {
        [Parameter(Position = 0)] public string Name { get; set; }
        [Parameter] public string Domain { get; set; }
        /// The model repository to write into; created when missing; the current location by default.
        [Parameter] public string Path { get; set; }
        [Parameter]
        [ValidateSet(McpTemplateNames.Infrastructure, McpTemplateNames.OpenstackOvs, McpTemplateNames.OpenstackContrail, McpTemplateNames.Kubernetes)]
        public string Template { get; set; }
        [Parameter] public McpNeutronMode NeutronMode { get; set; }
        [Parameter] public McpCalicoBgp CalicoBgp { get; set; }
        [Parameter] public string Site { get; set; }
        [Parameter] public SwitchParameter Ceph { get; set; }
        [Parameter] public SwitchParameter StackLight { get; set; }
        [Parameter] public SwitchParameter DriveTrain { get; set; }
        [Parameter][ValidateRange(1, 99)] public int ComputeCount { get; set; }
        /// A cookiecutter context file (default_context: mapping).
        [Parameter] public string Context { get; set; }
        [Parameter] public SwitchParameter Force { get; set; }

        protected override void EndProcessing()
        {
            var spec = new McpClusterSpec();
            if (Context != null)
            {
                var contextPath = ResolveSinglePath(Context);
                if (contextPath == null) return;
                try
                {
                    var ignored = McpCookiecutterContext.Apply(contextPath, spec);
                    if (ignored.Count > 0)
                        WriteWarning($"The context '{Context}' has {ignored.Count} key(s) New-McpCluster does not use: {string.Join(", ", ignored)}.");
                }
                catch (Exception e) when (e is IOException || e is McpTemplateException || e is UnauthorizedAccessException)
                {
                    ThrowTerminatingError(new ErrorRecord(e, "Mcp.InvalidContext", ErrorCategory.InvalidData, Context));
                }
            }
            var bound = MyInvocation.BoundParameters;
            if (Name != null) spec.Name = Name;
            if (Domain != null) spec.Domain = Domain;
            if (Template != null) spec.Template = Template;
            if (bound.ContainsKey(nameof(NeutronMode))) spec.NeutronMode = NeutronMode;
            if (bound.ContainsKey(nameof(CalicoBgp))) spec.CalicoBgp = CalicoBgp;
            if (Site != null) spec.Site = Site;
            if (bound.ContainsKey(nameof(Ceph))) spec.Ceph = Ceph;
            if (bound.ContainsKey(nameof(StackLight))) spec.StackLight = StackLight;
            if (bound.ContainsKey(nameof(DriveTrain))) spec.DriveTrain = DriveTrain;
            if (bound.ContainsKey(nameof(ComputeCount))) spec.ComputeCount = ComputeCount;
            if (spec.Name == null || spec.Domain == null)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give -Name and -Domain (or a -Context file with cluster_name and cluster_domain)."),
                    "Mcp.InvalidClusterSpec", ErrorCategory.InvalidArgument, spec.Name == null ? "Name" : "Domain"));

            string root;
            if (string.IsNullOrEmpty(Path)) root = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            else root = GetUnresolvedProviderPathFromPSPath(Path);

            McpClusterDesign design = null;
            McpGeneratedModel model = null;
            try
            {
                design = Stoppable(() => McpClusterDesigner.Design(spec, Stopping));
                model = Stoppable(() => McpModelGenerator.Generate(design, Stopping));
            }
            catch (McpTemplateException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "Mcp.InvalidClusterSpec", ErrorCategory.InvalidArgument, e.ParamName));
            }
            // The model is rendered before anything is written: one that does not render stops the
            // command and writes nothing. A network plan problem (real contexts have some: an
            // address two roles share) is a warning, as Test-McpModel reports it afterwards.
            var problems = McpModelCheck.Check(model, design);
            var fatal = problems.Where(p => !p.FromPlan).ToList();
            if (fatal.Count > 0)
                ThrowTerminatingError(new ErrorRecord(new InvalidDataException(
                    (Context != null ? $"The context '{Context}' gives a model that does not render" : "The generated model does not render") +
                    $"; nothing was written. {fatal.Count} problem(s): " + string.Join(" | ", fatal.Select(p => p.ToString()))),
                    Context != null ? "Mcp.InvalidContext" : "Mcp.InvalidClusterSpec", ErrorCategory.InvalidData, (object)Context ?? spec.Name));
            foreach (var adaptation in spec.Adaptations.Concat(design.Adaptations)) WriteWarning(adaptation);
            foreach (var problem in problems.Where(p => p.FromPlan))
                WriteWarning($"Network plan: {problem}");
            var unsized = McpVcpSizes.WithoutFigures(design);
            if (unsized.Count > 0)
                WriteWarning("VCP sizes without figures: " + string.Join(", ", unsized.Select(u => $"{u.Key} ({string.Join(", ", u.Value)})")) +
                    $". The compact cloud table of the reference architecture has none for them, so salt:control:size does not define them: add them to classes/cluster/{spec.Name}/infra/kvm.yml.");

            System.Collections.Generic.IReadOnlyList<McpFileChange> changes = null;
            try
            {
                changes = McpModelWriter.Plan(model, root, Force);
            }
            catch (McpModelConflictException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "Mcp.ModelExists", ErrorCategory.ResourceExists, e.Paths.Count > 0 ? e.Paths[0] : null));
            }
            catch (PathOutsideRootException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "Mcp.PathOutsideRoot", ErrorCategory.SecurityError, e.PathGiven));
            }

            if (bound.ContainsKey("WhatIf"))
            {
                foreach (var change in changes.Where(c => c.Action != McpFileAction.Unchanged))
                    ShouldProcess(change.FullPath, change.Action.ToString());
                return;
            }
            var writes = changes.Count(c => c.Action != McpFileAction.Unchanged);
            if (!ShouldProcess(root, $"Write cluster '{spec.Name}' ({spec.Template}, {design.Nodes.Count} nodes): {writes} file(s)")) return;
            try
            {
                McpModelWriter.Write(model, root, Force);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(e, "Mcp.WriteFailed", ErrorCategory.WriteError, root));
            }
            foreach (var change in changes) WriteVerbose($"{change.Action} {change.Path}");
            try
            {
                var entry = ModelCache.Get(InventoryRoot(root));
                WriteObject(ClustersOf(entry).FirstOrDefault(c => c.Name == spec.Name));
            }
            catch (ModelException e)
            {
                ThrowModelError(e, root);
            }
        }
    }
}
