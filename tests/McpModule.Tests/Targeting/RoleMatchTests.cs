using McpModule.Targeting;
using Xunit;

namespace McpModule.Tests.Targeting
{
    public sealed class RoleMatchTests
    {
        private static bool Match(string role, string[] applications, string[] classes) =>
            RoleMatch.IsMatch(GlobPattern.Parse(role), applications, classes);

        private static readonly string[] None = System.Array.Empty<string>();

        [Theory]
        [InlineData("ceph.osd", true)]
        [InlineData("ceph", true)]
        [InlineData("ceph.mon", false)]
        [InlineData("ceph.*", true)]
        [InlineData("cep", false)]
        public void An_application_or_a_dotted_prefix_of_one_matches(string role, bool expected) =>
            Assert.Equal(expected, Match(role, new[] { "linux", "ceph.osd" }, None));

        [Theory]
        [InlineData("nova.compute", true)]
        [InlineData("nova", true)]
        [InlineData("service.nova.compute", true)]
        [InlineData("system.nova.compute.cluster", true)]
        [InlineData("nova.compute.cluster", true)]
        [InlineData("nova.controller", false)]
        [InlineData("compute", false)]
        public void A_service_or_system_class_matches_with_or_without_its_first_word(string role, bool expected) =>
            Assert.Equal(expected, Match(role, None, new[] { "service.nova.compute", "system.nova.compute.cluster" }));

        [Theory]
        [InlineData("cluster.lab.openstack.control", true)]
        [InlineData("cluster.lab.openstack", true)]
        [InlineData("lab.openstack", false)]
        public void A_cluster_class_matches_by_its_full_name_or_a_dotted_prefix(string role, bool expected) =>
            Assert.Equal(expected, Match(role, None, new[] { "cluster.lab.openstack.control" }));

        [Fact]
        public void No_applications_and_no_classes_match_nothing() =>
            Assert.False(Match("*", null, null));

        [Fact]
        public void The_lab_computes_have_the_nova_compute_role_and_the_controllers_do_not()
        {
            var compute = LabNodes.Node("cmp001");
            var controller = LabNodes.Node("ctl01");
            var role = GlobPattern.Parse("nova.compute");
            Assert.True(RoleMatch.IsMatch(role, compute.Applications, compute.Classes));
            Assert.False(RoleMatch.IsMatch(role, controller.Applications, controller.Classes));
        }
    }
}
