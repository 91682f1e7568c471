#nullable enable
using System;
using System.Linq;
using McpModule.Health;
using McpModule.Health.Definitions;
using McpModule.Health.Evaluation;
using McpModule.Model.Data;
using McpModule.States.Formulas;
using Xunit;
using static McpModule.Tests.Health.HealthPillar;
using static McpModule.Tests.Health.Evaluation.HealthModels;

namespace McpModule.Tests.Health.Evaluation
{
    /// Alarms read once from a node's (or the cluster's) definitions and handed out as clones.
    public class AlarmTemplateTests
    {
        private static readonly string[] Builtin = { "linux", "ntp", "openssh" };

        private static ModelHealthDefinitions TwoAlike() =>
            Definitions(new PlanInput("a.lab.local", new OrderedMap(), Builtin), new PlanInput("b.lab.local", new OrderedMap(), Builtin));

        private static McpMetric Chrony(string node, double active, double secondsAgo = 0) =>
            Metric(node, "systemd_unit_active", active, secondsAgo, ("unit", "chrony.service"), ("service", "ntp"));

        private static McpHealthState Ntp(AlarmEvaluator evaluator) =>
            evaluator.Evaluate(Now).Single(r => r.Alarm.Name == "ntp_service").Status!.Value;

        [Fact]
        public void Each_set_of_alarms_is_new_and_shares_no_window_with_another()
        {
            var definitions = TwoAlike();
            var a = definitions.Nodes["a.lab.local"];
            var first = a.CreateEvaluator(DateTimeOffset.UnixEpoch);
            first.Add(Chrony("a.lab.local", 0));
            Assert.Equal(McpHealthState.Down, Ntp(first));

            // The same node again, and a node of the same definitions: neither saw chrony stop.
            var again = a.CreateEvaluator(DateTimeOffset.UnixEpoch);
            var other = definitions.Nodes["b.lab.local"].CreateEvaluator(DateTimeOffset.UnixEpoch);
            Assert.Equal(McpHealthState.Unknown, Ntp(again));
            Assert.Equal(McpHealthState.Unknown, Ntp(other));
            other.Add(Chrony("b.lab.local", 1));
            Assert.Equal(McpHealthState.Okay, Ntp(other));
            Assert.Equal(McpHealthState.Down, Ntp(first));
            Assert.Empty(a.CreateAlarms().Intersect(first.Alarms));
            Assert.Equal(first.Alarms.Select(x => x.Name), a.CreateAlarms().Select(x => x.Name));
        }

        [Fact]
        public void Nodes_of_the_same_formulas_share_what_was_read_and_a_node_with_its_own_pillar_definitions_does_not()
        {
            var off = Map(("ntp", Map(("metric_collector", Map(("alarm", Map(("ntp_service", Map(("enabled", false))))))))));
            var definitions = Definitions(new PlanInput("a.lab.local", new OrderedMap(), Builtin), new PlanInput("b.lab.local", new OrderedMap(), Builtin),
                new PlanInput("c.lab.local", off, Builtin));
            var a = definitions.Nodes["a.lab.local"].CreateAlarms();
            var b = definitions.Nodes["b.lab.local"].CreateAlarms();
            Assert.Equal(a.Select(x => x.Name), b.Select(x => x.Name));
            Assert.Empty(a.Intersect(b));
            Assert.Contains(a, x => x.Name == "ntp_service");
            Assert.DoesNotContain(definitions.Nodes["c.lab.local"].CreateAlarms(), x => x.Name == "ntp_service");
        }

        [Fact]
        public void One_evaluation_leaves_nothing_behind_for_the_next()
        {
            var evaluator = new HealthEvaluator(TwoAlike());
            var down = evaluator.Evaluate(Healthy("a.lab.local").Where(m => m.Name != "systemd_unit_active" || m.Dimensions["unit"] != "chrony.service")
                .Append(Chrony("a.lab.local", 0)).Concat(Healthy("b.lab.local")), Now);
            Assert.Equal(McpHealthState.Down, down.Nodes.Single(n => n.Entity == "a.lab.local").Status);
            var healthy = evaluator.Evaluate(Healthy("a.lab.local").Concat(Healthy("b.lab.local")), Now);
            Assert.All(healthy.Nodes, n => Assert.Equal(McpHealthState.Okay, n.Status));
            Assert.Equal(McpHealthState.Okay, healthy.Services.Single(s => s.Entity == "ntp").Status);
        }

        [Fact]
        public void A_definition_changed_after_it_was_read_is_read_again()
        {
            var definitions = TwoAlike();
            var a = definitions.Nodes["a.lab.local"];
            Assert.Contains(a.CreateAlarms(), x => x.Name == "ntp_service");
            a.Alarms.Add(new HealthBlock("pillar of a.lab.local", "ntp", Map(("metric_collector", Map(("alarm", Map(("ntp_service", Map(("enabled", false))))))))));
            Assert.DoesNotContain(a.CreateAlarms(), x => x.Name == "ntp_service");
        }

        [Fact]
        public void A_definition_that_cannot_be_read_fails_every_time_it_is_asked_for()
        {
            var definitions = TwoAlike();
            var a = definitions.Nodes["a.lab.local"];
            a.Alarms.Add(new HealthBlock("pillar of a.lab.local", "ntp", Map(("metric_collector", Map(("alarm", Map(("ntp_service", Map(("operator", "xor"))))))))));
            var first = Assert.Throws<HealthModelException>(() => a.CreateAlarms());
            var second = Assert.Throws<HealthModelException>(() => a.CreateEvaluator(DateTimeOffset.UnixEpoch));
            Assert.Equal(first.Message, second.Message);
            Assert.Contains("pillar of a.lab.local", first.Message, StringComparison.Ordinal);
        }
    }
}
