using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Generator;
using McpModule.Templates;
using Xunit;

namespace McpModule.Tests.Differential
{
    /// Every template (each Neutron mode, every switch) written to a folder: both engines
    /// must render every node the same, and no node may fail.
    public sealed class GeneratedModels : IDisposable
    {
        public string Root { get; } = Path.Combine(Path.GetTempPath(), "mcp-templates-" + Guid.NewGuid().ToString("N"));
        private readonly Lazy<Dictionary<string, OracleFolderResult>> _oracle;

        internal static IEnumerable<(string Case, McpClusterSpec Spec)> Cases()
        {
            McpClusterSpec S(string template, Action<McpClusterSpec> change = null)
            {
                var s = new McpClusterSpec { Name = "lab", Domain = "lab.local", Template = template, Site = "dc1" };
                change?.Invoke(s);
                return s;
            }
            yield return ("infrastructure", S(McpTemplateNames.Infrastructure));
            foreach (McpNeutronMode mode in Enum.GetValues<McpNeutronMode>())
                yield return ("ovs-" + mode, S(McpTemplateNames.OpenstackOvs, s => s.NeutronMode = mode));
            yield return ("ovs-all-components", S(McpTemplateNames.OpenstackOvs, s => { s.Ceph = s.StackLight = s.DriveTrain = true; }));
            yield return ("ovs-vlan-ceph", S(McpTemplateNames.OpenstackOvs, s => { s.NeutronMode = McpNeutronMode.VlanDvrSnat; s.Ceph = true; }));
            yield return ("contrail", S(McpTemplateNames.OpenstackContrail, s => { s.StackLight = true; }));
            yield return ("kubernetes", S(McpTemplateNames.Kubernetes));
            McpClusterSpec FromContext(string file)
            {
                var spec = new McpClusterSpec();
                McpCookiecutterContext.Apply(file, spec);
                return spec;
            }
            var contexts = Path.Combine(OracleRunner.RepoRoot, "tests", "contexts");
            foreach (var ctx in new[] { "cookied-cicd-pike-dvr-ceph", "cookied-cicd-k8s-calico-sl", "cookied-bm-oc40-queens", "per-role-nics" })
                yield return ("context-" + ctx, FromContext(Path.Combine(contexts, ctx + ".yaml")));
            foreach (var shape in new[] { "deploy-dhcp", "range-networks", "odd-names", "contrail-routers", "references", "kubernetes-contrail", "ceph-storage-ranges" })
                yield return ("context-shapes-" + shape, FromContext(Path.Combine(contexts, "shapes", shape + ".yaml")));
            // MCP_EXTRA_CONTEXTS: a folder of more contexts (*.yaml) to check the same way, for contexts that
            // cannot be kept in the repository (other projects' files).
            if (Environment.GetEnvironmentVariable("MCP_EXTRA_CONTEXTS") is string extra && Directory.Exists(extra))
                foreach (var file in Directory.GetFiles(extra, "*.yaml").OrderBy(f => f, StringComparer.Ordinal))
                    yield return ("extra-" + Path.GetFileNameWithoutExtension(file), FromContext(file));
            yield return ("kubernetes-tor-all", S(McpTemplateNames.Kubernetes, s => { s.CalicoBgp = McpCalicoBgp.TorPeering; s.Ceph = s.StackLight = s.DriveTrain = true; }));
        }

        public GeneratedModels()
        {
            foreach (var (name, spec) in Cases())
                McpModelWriter.Write(McpModelGenerator.Generate(McpClusterDesigner.Design(spec)), Folder(name), force: false);
            _oracle = new Lazy<Dictionary<string, OracleFolderResult>>(
                () => OracleRunner.Run(Cases().Select(c => Folder(c.Case)).ToList(), jobs: 2));
        }

        public string Folder(string name) => Path.Combine(Root, name);
        public OracleFolderResult Oracle(string name) => _oracle.Value[Folder(name)];

        public void Dispose()
        {
            try { Directory.Delete(Root, true); } catch (IOException) { /* temp */ }
        }
    }

    /// Compares with Debian\'s reclass 1.7 (the oracle): filter with Category!=Oracle where it is not installed.
    [Trait("Category", "Oracle")]
    public sealed class TemplateDifferentialTests : IClassFixture<GeneratedModels>
    {
        private readonly GeneratedModels _models;
        public TemplateDifferentialTests(GeneratedModels models) => _models = models;

        public static IEnumerable<object[]> CaseNames() => GeneratedModels.Cases().Select(c => new object[] { c.Case });

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void Every_template_renders_like_reclass_with_no_failing_node(string name)
        {
            var expected = _models.Oracle(name);
            Assert.True(expected.ErrorType == null, $"reclass fails the whole {name} model: {expected.ErrorType} {expected.ErrorMessage}");
            var failing = expected.Nodes.Where(n => !n.Value.Ok).Select(n => $"{n.Key}: {n.Value.ErrorType} {n.Value.ErrorMessage}").ToList();
            Assert.True(failing.Count == 0, $"reclass fails nodes of {name}:\n" + string.Join("\n", failing));
            Assert.NotEmpty(expected.Nodes);
            var problems = DifferentialCheck.Check(_models.Folder(name), expected);
            Assert.True(problems.Count == 0, $"{name} ({_models.Folder(name)}) differs from reclass 1.7:\n  " + string.Join("\n  ", problems));
        }
    }
}
