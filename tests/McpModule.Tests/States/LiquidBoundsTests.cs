using System;
using System.IO;
using System.Linq;
using McpModule.States.Formulas;
using Xunit;

namespace McpModule.Tests.States
{
    /// Each hostile template here overflows the stack inside Fluid without LiquidBounds, which
    /// ends the test host rather than failing one test.
    public sealed class LiquidBoundsTests : IDisposable
    {
        private const string State = "a:\n  pkg.installed:\n    name: x\n";
        private readonly string _model = Path.Combine(Path.GetTempPath(), "mcp-liquid-" + Guid.NewGuid().ToString("N"));

        public LiquidBoundsTests() => Directory.CreateDirectory(Path.Combine(_model, "formulas", "web"));
        public void Dispose() => Directory.Delete(_model, true);

        private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

        private NodePlan Plan(string template)
        {
            File.WriteAllText(Path.Combine(_model, "formulas", "web", "init.yml"), template);
            return new StatePlanner(new FormulaLibrary(_model)).Plan(new PlanInput("web01.lab.local", null), new[] { "web" });
        }

        private FormulaException Fails(string template)
        {
            var e = Assert.Throws<FormulaException>(() => Plan(template));
            Assert.Equal("Mcp.State.TemplateError", e.ErrorId);
            return e;
        }

        [Fact]
        public void Blocks_nest_a_hundred_deep_and_deeper_is_an_error_at_the_tag()
        {
            Assert.Single(Plan(Repeat("{% if true %}", 100) + State + Repeat("{% endif %}", 100)).Resources);
            var e = Fails("# x\n" + Repeat("{% for i in (1..1) %}\n", 50) + Repeat("{%- unless false -%}\n", 51) + State);
            Assert.True(e.Message.Contains("nest deeper than 100 levels", StringComparison.Ordinal), e.Message);
            Assert.Equal((102, 1), (e.Line, e.Column));
            Fails(Repeat("{% if true %}", 20000) + State + Repeat("{% endif %}", 20000));
            Fails(Repeat("{% capture c %}", 20000) + Repeat("{% endcapture %}", 20000) + State);
        }

        [Fact]
        public void Closed_blocks_do_not_add_up()
        {
            Assert.Single(Plan(Repeat("{% if true %}{% endif %}{% for i in (1..2) %}{% endfor %}", 5000) + State).Resources);
        }

        [Fact]
        public void The_liquid_tag_counts_a_statement_a_line_as_a_tag()
        {
            // counted before Fluid reads the tag (which, in this version, refuses blocks in it)
            Assert.Contains("nest deeper than 100 levels", Fails("{% liquid\n" + Repeat("if true\n", 20000) + Repeat("endif\n", 20000) + "%}\n" + State).Message);
        }

        [Fact]
        public void Raw_and_comment_bodies_are_text_and_their_end_tags_close_nothing()
        {
            Assert.Single(Plan("{% comment %}" + Repeat("{% if x %}", 20000) + "{%- endcomment -%}\n# {% raw %}" + Repeat("{% if true %}", 20000) + "{% endraw %}\n" + State).Resources,
                r => r.StateId == "a");
            // an endif inside raw text is no end of the if around it
            Fails(Repeat("{% if true %}{% raw %}{% endif %}{% endraw %}", 20000) + State + Repeat("{% endif %}", 20000));
        }

        [Fact]
        public void Conditions_and_brackets_have_bounds_of_their_own()
        {
            Assert.Single(Plan("{% if " + string.Join(" or ", Enumerable.Repeat("false", 100)) + " or true %}" + State + "{% endif %}").Resources);
            Assert.Contains("'and'/'or'", Fails("{% if " + string.Join(" or ", Enumerable.Repeat("false", 20000)) + " %}" + State + "{% endif %}").Message);
            Assert.Contains("brackets nest", Fails("{{ a" + Repeat("[a", 20000) + Repeat("]", 20000) + " }}\n" + State).Message);
            // brackets in quoted strings are text: they neither open nor close
            Assert.Contains("brackets nest", Fails("{{ a" + Repeat("[a[\"]]\"", 10000) + Repeat("]", 20000) + " }}\n" + State).Message);
            Assert.Single(Plan("# {{ \"[[[\" | append: '(((' }}\n" + State).Resources);
        }
    }
}
