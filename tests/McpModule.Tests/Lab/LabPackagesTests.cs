using System.Linq;
using McpModule.Lab;
using McpModule.States.Formulas;
using McpModule.Tests.Targeting;
using Xunit;

namespace McpModule.Tests.Lab
{
    public class LabPackagesTests
    {
        [Fact]
        public void The_packages_of_states_are_what_their_plans_install_on_the_nodes()
        {
            // the example lab model's nodes (linux:system:package, ntp's chrony, openssh's server)
            var planner = new StatePlanner(new FormulaLibrary(null));
            var plans = new[] { "ctl01", "cmp001" }.Select(n => planner.Plan(PlanInput.FromNode(LabNodes.Node(n), LabNodes.All), new[] { "linux", "ntp", "openssh" })).ToList();
            var packages = LabPackages.Of(plans);
            Assert.Contains("chrony", packages);
            Assert.Contains("openssh-server", packages);
            var declared = plans.SelectMany(p => p.Resources).Where(r => r.Function == "pkg.installed" || r.Function == "pkg.latest").Select(r => r.Name).Distinct().OrderBy(n => n, System.StringComparer.Ordinal);
            Assert.Equal(declared, packages);
            Assert.DoesNotContain(plans.SelectMany(p => p.Resources).Where(r => r.Function == "pkg.removed").Select(r => r.Name), packages.Contains);
        }
    }
}
