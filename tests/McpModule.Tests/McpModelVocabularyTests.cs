using System;
using System.Linq;
using McpModule.Tests.Targeting;
using Xunit;

namespace McpModule.Tests
{
    /// The words of the nine nodes of examples/models/lab, as tab completion offers them.
    public sealed class McpModelVocabularyTests
    {
        [Fact]
        public void Applications_are_every_application_of_the_nodes_sorted_once_each()
        {
            Assert.Equal(new[] { "galera", "haproxy", "keepalived", "keystone", "libvirt", "linux", "nova", "ntp", "openssh", "rabbitmq", "reclass", "salt" },
                         McpModelVocabulary.Applications(LabNodes.All));
        }

        [Fact]
        public void Classes_include_those_a_node_reaches_through_other_classes()
        {
            var classes = McpModelVocabulary.Classes(LabNodes.All);
            Assert.Contains("cluster.lab.openstack.control", classes);
            Assert.Contains("service.keystone.server", classes);    // included by system.keystone.server.cluster
            Assert.Equal(classes.OrderBy(c => c, StringComparer.Ordinal), classes);
            Assert.Equal(classes.Distinct().Count(), classes.Count);
        }

        [Fact]
        public void Environments_and_sites_are_those_of_the_nodes()
        {
            Assert.Equal(new[] { "base" }, McpModelVocabulary.Environments(LabNodes.All));
            Assert.Equal(new[] { "lab-dc1" }, McpModelVocabulary.Sites(LabNodes.All));
        }

        [Fact]
        public void Roles_are_applications_classes_classes_without_their_layer_and_every_dotted_prefix()
        {
            var roles = McpModelVocabulary.Roles(LabNodes.All);
            foreach (var role in new[] { "nova", "nova.compute", "nova.compute.cluster", "service.nova.compute", "system", "cluster.lab", "salt.minion.ca" })
                Assert.Contains(role, roles);
            Assert.DoesNotContain("", roles);
        }

        [Fact]
        public void Every_role_offered_selects_a_node_with_R_at()
        {
            foreach (var role in McpModelVocabulary.Roles(LabNodes.All))
                Assert.NotEqual("", LabNodes.Select("R@" + role));
        }

        [Theory]
        [InlineData("keystone:ser", "keystone:server")]
        [InlineData("keystone:server:database:h", "keystone:server:database:host")]
        [InlineData("KEYSTONE:SERVER:database:H", "KEYSTONE:SERVER:database:host")]
        [InlineData("nova:", "nova:compute nova:controller")]
        [InlineData("nova:compute:reserved_host_memory_mb:", "")]
        [InlineData("nosuch:", "")]
        [InlineData("keepalived:cluster:instance:VIP:pri", "keepalived:cluster:instance:VIP:priority")]
        public void Pillar_keys_continue_what_is_typed_one_level_at_a_time(string typed, string expected) =>
            Assert.Equal(expected, string.Join(" ", McpModelVocabulary.PillarKeys(LabNodes.All, typed)));

        [Fact]
        public void Pillar_keys_are_those_of_the_nodes_given()
        {
            Assert.Equal(new[] { "nova:compute" }, McpModelVocabulary.PillarKeys(new[] { LabNodes.Node("cmp001") }, "nova:"));
            var top = McpModelVocabulary.PillarKeys(new[] { LabNodes.Node("kvm01") }, "");
            Assert.Contains("linux", top);
            Assert.DoesNotContain("keystone", top);
        }

        [Fact]
        public void No_nodes_have_no_words()
        {
            Assert.Empty(McpModelVocabulary.Applications(null));
            Assert.Empty(McpModelVocabulary.Roles(Array.Empty<McpNode>()));
            Assert.Empty(McpModelVocabulary.PillarKeys(new McpNode[] { null }, "a:"));
        }
    }
}
