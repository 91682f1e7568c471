using McpModule.Health.Export;
using McpModule.States.Formulas;
using Xunit;
using static McpModule.Tests.Health.HealthPillar;

namespace McpModule.Tests.Health.Export
{
    public class PrometheusRulesTests
    {
        [Fact]
        public void Rules_join_by_their_operator_words_become_operators_and_diff_is_left_out_with_a_reason()
        {
            var busy = Map(("metric", "cpu_wait"), ("function", "max"), ("relational_operator", "gte"), ("threshold", 10L), ("window", 30L), ("periods", 2L));
            var full = Map(("metric", "fs_space_percent_free"), ("field", Map(("fs", "*"))), ("function", "min"), ("relational_operator", "lt"), ("threshold", 5L));
            var both = Map(("severity", "warning"), ("logical_operator", "and"), ("rules", List(busy, full)));
            var growth = Map(("severity", "critical"), ("rules", List(Map(("metric", "log_errors"), ("function", "diff"), ("relational_operator", ">"), ("threshold", 1L)))));
            var collector = Map(
                ("trigger", Map(("busy_and_full", both), ("errors_growing", growth))),
                ("alarm", Map(("box", Map(("triggers", List("busy_and_full", "errors_growing")), ("dimension", Map(("service", "box"))))))));
            var pillar = Map(("heka", Map(("metric_collector", collector))));
            var definitions = McpModule.Health.Definitions.ModelHealthDefinitions.Load(new[] { new PlanInput("n1.x", pillar) }, new FormulaLibrary(null));
            var text = PrometheusRules.Write(definitions);
            Assert.Contains("expr: \"(max_over_time(mcp_cpu_wait{node=~\\\"n1\\\\\\\\.x\\\"}[60s]) >= 10) and on(node) (min_over_time(mcp_fs_space_percent_free{node=~\\\"n1\\\\\\\\.x\\\",fs=~\\\".+\\\"}[10s]) < 5)\"", text);
            Assert.Contains("      service: \"box\"", text);
            Assert.Contains("# not exported: errors_growing: function diff has no PromQL form here", text);
            Assert.DoesNotContain("alert: \"errors_growing\"", text);
        }
    }
}
