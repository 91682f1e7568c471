using System.Collections.Generic;
using System.Linq;
using McpModule.Model.Data;

namespace McpModule.Generator
{
    /// Short builders for the pillar the generator writes: M(key, value, ...) a mapping in order,
    /// L(...) a list, P("x") the reference ${_param:x}.
    internal static class McpPillar
    {
        public static OrderedMap M(params object[] kv)
        {
            var m = new OrderedMap();
            for (var i = 0; i < kv.Length; i += 2) m[(string)kv[i]] = kv[i + 1];
            return m;
        }

        public static List<object> L(params object[] items) => items.ToList();
        public static List<object> L(IEnumerable<object> items) => items.ToList();
        public static string P(string param) => "${_param:" + param + "}";
    }
}
