#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Health;
using McpModule.Health.Definitions;
using McpModule.States.Formulas;

namespace McpModule.Tests.Health.Evaluation
{
    /// The example models' health definitions (built-in formula metadata over their real pillars),
    /// and metrics to evaluate them with.
    internal static class HealthModels
    {
        private static readonly Lazy<IReadOnlyList<McpNode>> CephNodes = new Lazy<IReadOnlyList<McpNode>>(() => Load("ceph"));

        internal static string ModelPath(string name)
        {
            for (var dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
            {
                var candidate = Path.Combine(dir, "examples", "models", name);
                if (Directory.Exists(Path.Combine(candidate, "nodes"))) return candidate;
            }
            throw new DirectoryNotFoundException("examples/models/" + name + " not found above " + AppContext.BaseDirectory);
        }

        internal static IReadOnlyList<McpNode> LabModel => McpModule.Tests.Targeting.LabNodes.All;
        internal static IReadOnlyList<McpNode> CephModel => CephNodes.Value;

        internal static ModelHealthDefinitions Definitions(IReadOnlyList<McpNode> nodes, string? modelPath = null) =>
            ModelHealthDefinitions.Load(nodes.Select(n => PlanInput.FromNode(n, nodes)), new FormulaLibrary(modelPath));

        internal static ModelHealthDefinitions Definitions(params PlanInput[] nodes) =>
            ModelHealthDefinitions.Load(nodes, new FormulaLibrary(null));

        private static IReadOnlyList<McpNode> Load(string name)
        {
            var nodes = new List<McpNode>();
            foreach (var cluster in McpClusterCatalog.Discover(ModelPath(name)))
            {
                nodes.AddRange(McpClusterCatalog.GetNodes(cluster, out var errors));
                if (errors.Count > 0) throw errors[0];
            }
            return nodes;
        }

        internal static readonly DateTimeOffset Now = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

        internal static McpMetric Metric(string node, string name, double value, double secondsAgo = 0, params (string Key, string Value)[] dims)
        {
            var m = new McpMetric { Node = node, Name = name, Value = value, Timestamp = Now.AddSeconds(-secondsAgo) };
            foreach (var (k, v) in dims) m.Dimensions[k] = v;
            return m;
        }

        /// What a healthy node's collection gives the built-in linux, ntp and openssh alarms.
        internal static IEnumerable<McpMetric> Healthy(string node, double secondsAgo = 0)
        {
            yield return Metric(node, "ssh_check", 1, secondsAgo);
            yield return Metric(node, "cpu_wait", 1, secondsAgo);
            yield return Metric(node, "cpu_idle", 90, secondsAgo);
            yield return Metric(node, "memory_percent_available", 60, secondsAgo);
            yield return Metric(node, "fs_space_percent_free", 70, secondsAgo, ("fs", "/"), ("type", "ext4"));
            yield return Metric(node, "fs_inodes_percent_free", 90, secondsAgo, ("fs", "/"), ("type", "ext4"));
            foreach (var unit in new[] { "chrony.service", "ssh.service" })
            {
                var service = unit == "ssh.service" ? "openssh" : "ntp";
                yield return Metric(node, "systemd_unit_active", 1, secondsAgo, ("unit", unit), ("service", service));
                yield return Metric(node, "log_errors", 0, secondsAgo, ("unit", unit), ("service", service));
            }
        }
    }
}
