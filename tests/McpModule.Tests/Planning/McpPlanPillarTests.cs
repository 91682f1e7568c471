using System.Collections.Generic;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Planning;
using Xunit;

namespace McpModule.Tests.Planning
{
    public sealed class McpPlanPillarTests
    {
        [Fact]
        public void A_plan_written_to_the_pillar_reads_back_the_same()
        {
            var plan = McpNetworkPlanTests.GoodPlan();
            var cluster = new OrderedMap { ["mcp"] = new OrderedMap { ["plan"] = McpPlanPillar.ToClusterPillar(plan) } };
            var nodes = plan.Nodes.Select(n =>
            {
                var addresses = new OrderedMap();
                foreach (var a in plan.Addresses.Where(a => a.Node == n)) addresses[a.Network] = a.Address;
                var p = new OrderedMap { ["mcp"] = new OrderedMap { ["node"] = new OrderedMap { ["addresses"] = addresses } } };
                if (n == "ctl01") ((OrderedMap)p["mcp"])["plan"] = ((OrderedMap)cluster["mcp"])["plan"];
                return new KeyValuePair<string, OrderedMap>(n + ".lab.local", p);
            }).ToList();

            var back = McpPlanPillar.FromNodes("lab", "lab.local", nodes);

            Assert.NotNull(back);
            Assert.Equal(plan.Networks.Select(n => n.ToString()), back.Networks.Select(n => n.ToString()));
            Assert.Equal(plan.Addresses.Select(a => a.ToString()).OrderBy(s => s), back.Addresses.Select(a => a.ToString()).OrderBy(s => s));
            Assert.Equal(plan.Vips.Select(v => v.ToString() + string.Join(",", v.Members)), back.Vips.Select(v => v.ToString() + string.Join(",", v.Members)));
            Assert.Equal(plan.QuorumGroups.Select(q => q.ToString()), back.QuorumGroups.Select(q => q.ToString()));
            Assert.Equal(plan.VcpInstances.Select(v => v.ToString()), back.VcpInstances.Select(v => v.ToString()));
            Assert.Null(back.Network("deploy").VlanId);
            Assert.Equal(11, back.Network("control").VlanId);
        }

        [Fact]
        public void A_model_without_mcp_plan_has_no_plan()
        {
            var nodes = new[] { new KeyValuePair<string, OrderedMap>("ctl01.lab.local", new OrderedMap { ["linux"] = new OrderedMap() }) };
            Assert.Null(McpPlanPillar.FromNodes("lab", "lab.local", nodes));
        }
    }
}
