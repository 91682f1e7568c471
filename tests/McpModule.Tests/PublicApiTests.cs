using System;
using System.IO;
using System.Linq;
using McpModule.Tests.Differential;
using Xunit;

namespace McpModule.Tests
{
    /// The engine's public types are what users can see: the loader registers each as a type
    /// accelerator, so each full name is a contract. Everything else is internal (visible to the
    /// cmdlets, these tests and the benchmark). docs/design/engine-api.md says why each is public;
    /// a type added here is added there.
    public class PublicApiTests
    {
        private static readonly string[] Expected =
        {
            // output objects, their property types, and the enums whose names their string properties hold
            "McpModule.McpCluster", "McpModule.McpNode", "McpModule.McpPillar", "McpModule.McpList`1",
            "McpModule.Execution.McpCommandResult", "McpModule.Execution.McpTransportError", "McpModule.Execution.McpTransportErrorKind",
            "McpModule.Execution.McpHostKey", "McpModule.Execution.HostKeyStatus",
            "McpModule.Lab.McpLabNode", "McpModule.Lab.McpLabNodeState",
            "McpModule.Planning.McpNetworkPlan", "McpModule.Planning.McpNetwork", "McpModule.Planning.McpNodeAddress",
            "McpModule.Planning.McpVip", "McpModule.Planning.McpDevice", "McpModule.Planning.McpQuorumGroup", "McpModule.Planning.McpVcpInstance",
            "McpModule.Planning.McpPlanProblem", "McpModule.Planning.McpPlanProblemKind",
            "McpModule.Planning.McpComputeSizing", "McpModule.Planning.McpComputeDemand",
            "McpModule.Planning.McpVcpRoleSize", "McpModule.Planning.McpVcpHostLoad", "McpModule.Planning.McpVcpDemand",
            "McpModule.Planning.McpVcpComponent",
            "McpModule.Settings.McpSetting", "McpModule.Settings.McpSettingSourceKind", "McpModule.Settings.McpSettings",
            "McpModule.States.McpRun", "McpModule.States.McpNodeRun", "McpModule.States.McpRunStatus", "McpModule.States.McpShard",
            "McpModule.States.McpStateResult", "McpModule.States.McpResourceResult",
            "McpModule.States.Journal.RunJournal", "McpModule.States.Journal.SecretMasker",
            "McpModule.Execution.SshTarget",
            "McpModule.Ceph.McpCephDevice", "McpModule.Ceph.McpCephOsd", "McpModule.Ceph.McpCephDeviceSelection",
            "McpModule.Health.McpHealthState", "McpModule.Health.McpHealthStatus", "McpModule.Health.McpHealthLevel", "McpModule.Health.McpHealthReason",
            "McpModule.Health.McpMetric", "McpModule.Health.Exporter.McpHealthExporter",
            "McpModule.Health.McpCapacity", "McpModule.Health.McpCapacityResource", "McpModule.Health.McpCapacityScope", "McpModule.Health.McpCapacityState",
            "McpModule.Compare.McpModelChange", "McpModule.Compare.McpModelChangeKind", "McpModule.Compare.McpModelChangeSummary",
            // Select-McpCephDevice -Spec takes an OsdSpec (and its property types)
            "McpModule.Ceph.DriveGroups.OsdSpec", "McpModule.Ceph.DriveGroups.DeviceFilter", "McpModule.Ceph.DriveGroups.OsdSpecPath",
            // cmdlet parameter types
            "McpModule.Templates.McpNeutronMode", "McpModule.Templates.McpCalicoBgp",
            // McpCluster's public constructor names it; its members are internal
            "McpModule.Model.ReclassModel",
            // exceptions of error records
            "McpModule.Model.ModelException", "McpModule.Model.ModelErrorKind",
            "McpModule.Targeting.McpTargetException", "McpModule.Settings.McpSettingsException",
            "McpModule.Lab.LabException", "McpModule.States.Journal.RunJournalException", "McpModule.States.Formulas.FormulaException",
            "McpModule.Execution.SshKeyFileException", "McpModule.Execution.Agent.SshAgentException",
            "McpModule.Execution.Agent.SshAgentRefusedException", "McpModule.Execution.Agent.SshAgentProblem",
            "McpModule.FileSystem.PathOutsideRootException", "McpModule.Ceph.DriveGroups.OsdSpecException",
            "McpModule.Templates.McpTemplateException", "McpModule.Templates.McpModelConflictException",
            "McpModule.Compare.ModelCompareException",
        };

        [Fact]
        public void The_engine_exports_exactly_the_types_users_see()
        {
            var exported = typeof(McpCluster).Assembly.GetExportedTypes().Select(t => t.FullName).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(Expected.OrderBy(n => n, StringComparer.Ordinal), exported);
        }

        [Fact]
        public void Each_engine_file_has_the_namespace_its_folder_names()
        {
            var engine = Path.Combine(OracleRunner.RepoRoot, "McpModule");
            var files = Directory.GetFiles(engine, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && Path.GetFileName(f) != "GlobalSuppressions.cs")
                .ToList();
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var folder = Path.GetRelativePath(engine, Path.GetDirectoryName(file)!);
                var expected = folder == "." ? "McpModule" : "McpModule." + folder.Replace(Path.DirectorySeparatorChar, '.');
                var declared = File.ReadLines(file).Where(l => l.StartsWith("namespace ", StringComparison.Ordinal)).Select(l => l.Substring(10).Trim()).ToList();
                Assert.True(declared.Count == 1 && declared[0] == expected,
                    $"McpModule/{Path.GetRelativePath(engine, file)} declares {string.Join(", ", declared)}; its folder says {expected}");
            }
        }
    }
}
