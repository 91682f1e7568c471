using System.Management.Automation;
using McpModule.Model;

namespace McpModule.Cmdlets
{
    /// Checks a whole model: writes one error per problem and returns $true when there is none.
    [Cmdlet(VerbsDiagnostic.Test, "McpModel")]
    [OutputType(typeof(bool))]
    public sealed class TestMcpModelCommand : McpModelCmdlet
    {
        /// The model (inventory) path; the current location by default.
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Path { get; set; }

        protected override void ProcessRecord()
        {
            var path = ResolveSinglePath(Path);
            if (path == null)
            {
                WriteObject(false);
                return;
            }
            var entry = GetEntry(path);
            var problems = 0;
            try
            {
                foreach (var problem in Stoppable(() => entry.GetModel(Stopping).Validate(Stopping)))
                {
                    problems++;
                    WriteModelError(problem);
                }
            }
            catch (ModelException e)
            {
                problems++;
                WriteModelError(e, path);
                WriteObject(false);
                return;
            }
            // Plan checks for the clusters that carry a network plan (mcp:plan, see McpPlanPillar).
            try
            {
                foreach (var cluster in Stoppable(() => entry.GetClusters(Stopping)))
                {
                    var plan = GetMcpNetworkPlanCommand.PlanOf(cluster, NodesOf(cluster, out _));
                    if (plan == null) continue;
                    foreach (var problem in plan.Check())
                    {
                        problems++;
                        WriteError(new ErrorRecord(new System.IO.InvalidDataException($"Cluster '{cluster.Name}': {problem.Message}"),
                            "Mcp.Plan." + problem.Kind, ErrorCategory.InvalidData, problem.Target));
                    }
                }
            }
            catch (ModelException e)
            {
                // The model does not even open (no nodes/, bad reclass-config.yml ...).
                problems++;
                WriteModelError(e, path);
            }
            WriteVerbose($"{entry.Path}: {problems} problem(s).");
            WriteObject(problems == 0);
        }
    }
}
