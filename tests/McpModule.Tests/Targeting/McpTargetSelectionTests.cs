using System;
using System.Linq;
using McpModule.Execution;
using McpModule.Targeting;
using Xunit;

namespace McpModule.Tests.Targeting
{
    public sealed class McpTargetSelectionTests
    {
        private static McpTargetSelection Select(string text) => McpTargetSelection.Select(text, LabNodes.All, NodeName.IsValidAddress);

        [Fact]
        public void An_expression_selects_the_model_nodes()
        {
            var s = Select("ctl* or cmp*");
            Assert.Null(s.Error);
            Assert.Null(s.Problem);
            Assert.Null(s.Address);
            Assert.Equal(new[] { "cmp001", "cmp002", "ctl01", "ctl02", "ctl03" }, s.Nodes.Select(n => n.ShortName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.All(s.Nodes, n => Assert.Equal("lab", n.Cluster));
        }

        [Theory]
        [InlineData("10.0.0.5")]
        [InlineData("ctl09")]
        [InlineData("mirror.example.org")]
        public void A_name_or_address_that_names_no_node_comes_back_as_an_address_not_as_a_node(string text)
        {
            var s = Select(text);
            Assert.Empty(s.Nodes);
            Assert.Equal(text, s.Address);
            Assert.Null(s.Problem);
            Assert.Null(s.Error);
        }

        [Fact]
        public void A_short_name_selects_its_node_and_no_address()
        {
            var s = Select("cfg01");
            Assert.Equal("cfg01.lab.local", Assert.Single(s.Nodes).Name);
            Assert.Null(s.Address);
        }

        [Fact]
        public void An_expression_that_selects_nothing_is_a_problem_not_an_address()
        {
            var s = Select("nosuch* and R@nova.compute");
            Assert.Empty(s.Nodes);
            Assert.Null(s.Address);
            Assert.Contains("matches no node", s.Problem);
        }

        [Fact]
        public void An_expression_that_does_not_parse_is_its_error()
        {
            var s = Select("ctl* and (");
            Assert.Empty(s.Nodes);
            Assert.NotNull(s.Error);
            Assert.Equal("Mcp.TargetInvalid", s.Error.ErrorId);
        }

        [Fact]
        public void Control_characters_in_a_target_are_shown_escaped_in_the_problem()
        {
            var s = Select("I@a:b\u001b[31m");
            Assert.False((s.Problem ?? s.Error?.Message ?? "").Contains('\u001b'));
        }
    }
}
