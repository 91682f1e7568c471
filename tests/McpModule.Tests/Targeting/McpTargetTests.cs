using System;
using System.Linq;
using McpModule.Targeting;
using Xunit;

namespace McpModule.Tests.Targeting
{
    /// Targets over the nine nodes of examples/models/lab: cfg01, kvm01-03, ctl01-03 and cmp001-002.
    public sealed class McpTargetTests
    {
        [Theory]
        [InlineData("ctl*", "ctl01 ctl02 ctl03")]
        [InlineData("cmp00[1-3]*", "cmp001 cmp002")]
        [InlineData("*", "cfg01 cmp001 cmp002 ctl01 ctl02 ctl03 kvm01 kvm02 kvm03")]
        [InlineData("ctl01", "ctl01")]
        [InlineData("ctl01.lab.local", "ctl01")]
        [InlineData("*.lab.local", "cfg01 cmp001 cmp002 ctl01 ctl02 ctl03 kvm01 kvm02 kvm03")]
        [InlineData("kvm0?", "kvm01 kvm02 kvm03")]
        [InlineData("nothing*", "")]
        public void A_name_glob_selects_nodes_by_full_or_short_name(string expression, string expected) =>
            Assert.Equal(expected, LabNodes.Select(expression));

        [Theory]
        [InlineData("E@ctl0[12]", "ctl01 ctl02")]
        [InlineData("E@ctl", "ctl01 ctl02 ctl03")]
        [InlineData("E@lab", "")]
        [InlineData("E@.*lab", "cfg01 cmp001 cmp002 ctl01 ctl02 ctl03 kvm01 kvm02 kvm03")]
        [InlineData("E@(kvm|cmp)0+1$", "cmp001 kvm01")]
        [InlineData("E@CTL03", "ctl03")]
        public void A_regex_matches_from_the_start_of_the_name_as_salts_re_match(string expression, string expected) =>
            Assert.Equal(expected, LabNodes.Select(expression));

        [Theory]
        [InlineData("L@ctl01,cmp002", "cmp002 ctl01")]
        [InlineData("L@ctl01.lab.local,kvm03", "ctl01 kvm03")]
        [InlineData("L@ctl0*", "")]
        [InlineData("L@nosuch", "")]
        public void A_list_selects_exact_names(string expression, string expected) =>
            Assert.Equal(expected, LabNodes.Select(expression));

        [Theory]
        [InlineData("I@keepalived:cluster", "ctl01 ctl02 ctl03")]
        [InlineData("I@nova:compute", "cmp001 cmp002")]
        [InlineData("I@nova:*", "cmp001 cmp002 ctl01 ctl02 ctl03")]
        [InlineData("I@linux:system:name:ctl0[13]", "ctl01 ctl03")]
        [InlineData("I@_param:linux_system_hostname:kvm*", "kvm01 kvm02 kvm03")]
        [InlineData("I@reclass:storage", "cfg01")]
        [InlineData("I@ceph:osd", "")]
        public void A_pillar_match_selects_nodes_by_their_rendered_parameters(string expression, string expected) =>
            Assert.Equal(expected, LabNodes.Select(expression));

        [Theory]
        [InlineData("R@nova.compute", "cmp001 cmp002")]
        [InlineData("R@nova", "cmp001 cmp002 ctl01 ctl02 ctl03")]
        [InlineData("R@keepalived", "ctl01 ctl02 ctl03")]
        [InlineData("R@libvirt", "cmp001 cmp002 kvm01 kvm02 kvm03")]
        [InlineData("R@salt.master", "cfg01")]
        [InlineData("R@cluster.lab.infra.kvm", "kvm01 kvm02 kvm03")]
        [InlineData("R@ceph.osd", "")]
        public void A_role_selects_nodes_by_application_or_class(string expression, string expected) =>
            Assert.Equal(expected, LabNodes.Select(expression));

        [Theory]
        [InlineData("D@lab-dc1", "cfg01 cmp001 cmp002 ctl01 ctl02 ctl03 kvm01 kvm02 kvm03")]
        [InlineData("D@lab-*", "cfg01 cmp001 cmp002 ctl01 ctl02 ctl03 kvm01 kvm02 kvm03")]
        [InlineData("D@dc2", "")]
        public void A_site_selects_nodes_by_their_model_site(string expression, string expected) =>
            Assert.Equal(expected, LabNodes.Select(expression));

        [Theory]
        [InlineData("I@keepalived:cluster and ctl*", "ctl01 ctl02 ctl03")]
        [InlineData("ctl* and not ctl03", "ctl01 ctl02")]
        [InlineData("ctl* not ctl03", "ctl01 ctl02")]
        [InlineData("ctl01 or cmp* or kvm03", "cmp001 cmp002 ctl01 kvm03")]
        [InlineData("R@libvirt and not R@nova", "kvm01 kvm02 kvm03")]
        [InlineData("not R@nova and not cfg*", "kvm01 kvm02 kvm03")]
        [InlineData("( ctl* or cmp* ) and not E@.*0[13]$", "cmp002 ctl02")]
        [InlineData("(ctl* or cmp*) and not E@.*0[13]$", "cmp002 ctl02")]
        [InlineData("ctl01 or ctl02 and ctl03", "ctl01")]
        [InlineData("(ctl01 or ctl02) and ctl03", "")]
        [InlineData("not not ctl01", "ctl01")]
        [InlineData("D@lab-dc1 and I@nova:compute and L@cmp001,ctl01", "cmp001")]
        [InlineData("(E@(ctl|cmp)01) or kvm02", "ctl01 kvm02")]
        public void Compound_expressions_combine_matchers_with_salts_precedence(string expression, string expected) =>
            Assert.Equal(expected, LabNodes.Select(expression));

        [Fact]
        public void Select_keeps_the_order_of_the_nodes_given()
        {
            var reversed = LabNodes.All.Reverse().ToList();
            var selected = McpTarget.Parse("ctl*").Select(reversed).Select(n => n.ShortName);
            Assert.Equal(new[] { "ctl03", "ctl02", "ctl01" }, selected);
        }

        [Fact]
        public void IsMatch_tests_one_node()
        {
            var target = McpTarget.Parse("R@keepalived");
            Assert.True(target.IsMatch(LabNodes.Node("ctl02")));
            Assert.False(target.IsMatch(LabNodes.Node("kvm02")));
        }

        [Fact]
        public void The_expression_is_kept_as_given() =>
            Assert.Equal("ctl*  and cmp*", McpTarget.Parse("ctl*  and cmp*").ToString());

        [Fact]
        public void TryParse_returns_the_error_instead_of_throwing()
        {
            Assert.False(McpTarget.TryParse("ctl* and", out var target, out var error));
            Assert.Null(target);
            Assert.Equal(6, error.Position);
            Assert.True(McpTarget.TryParse("ctl*", out target, out error));
            Assert.NotNull(target);
            Assert.Null(error);
        }

        [Fact]
        public void Null_arguments_are_refused()
        {
            Assert.Throws<ArgumentNullException>(() => McpTarget.Parse(null));
            Assert.Throws<ArgumentNullException>(() => McpTarget.Parse("*").IsMatch(null));
            Assert.Throws<ArgumentNullException>(() => McpTarget.Parse("*").Select(null));
        }
    }
}
