using System.Collections.Generic;
using McpModule.Model.Data;

namespace McpModule.Tests.Health
{
    /// Builds pillar values as the model reader gives them: OrderedMap, List<object>, string, long, double, bool.
    internal static class HealthPillar
    {
        internal static OrderedMap Map(params (string Key, object Value)[] entries)
        {
            var map = new OrderedMap();
            foreach (var (key, value) in entries) map.Add(key, value);
            return map;
        }

        internal static List<object> List(params object[] items) => new List<object>(items);

        internal const long Second = 1_000_000_000L;
    }
}
