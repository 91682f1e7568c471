using System.Linq;
using McpModule.Model;
using Xunit;

namespace McpModule.Tests.Model
{
    public sealed class ModelProblemsTests
    {
        private static readonly string[] Nodes = { "ctl01.lab.local", "ctl02.lab.local", "cmp001.lab.local" };

        private static ModelException Missing(string node, string file = "/m/classes/a.yml", int line = 3) =>
            new ModelException(ModelErrorKind.ClassNotFound, $"Class 'x' not found; it is asked for by node '{node}' -> class 'a'.", node, file, line, 1);

        [Fact]
        public void The_same_problem_met_by_several_nodes_is_one_error_naming_them_all()
        {
            var grouped = ModelProblems.Group(Nodes.Select(n => Missing(n)), Nodes);
            var e = Assert.Single(grouped);
            Assert.Equal(Nodes, e.Nodes);
            Assert.Equal("ctl01.lab.local", e.Node);
            Assert.EndsWith("(the same problem for 2 more node(s): ctl02.lab.local, cmp001.lab.local)", e.Message);
        }

        [Fact]
        public void Problems_at_other_places_or_of_other_kinds_stay_apart()
        {
            var errors = new[]
            {
                Missing("ctl01.lab.local"), Missing("ctl02.lab.local", line: 4), Missing("cmp001.lab.local", file: "/m/classes/b.yml"),
                new ModelException(ModelErrorKind.MissingReference, "Cannot resolve ${x}", "ctl01.lab.local", "/m/classes/a.yml", 3, 1),
            };
            var grouped = ModelProblems.Group(errors, Nodes);
            Assert.Equal(4, grouped.Count);
            Assert.All(grouped, g => Assert.Single(g.Nodes));
            Assert.DoesNotContain("the same problem", grouped[0].Message);
        }
    }
}
