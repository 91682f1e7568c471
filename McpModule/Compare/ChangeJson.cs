#nullable enable
using System.Collections.Generic;
using System.Linq;
using McpModule.Model.Data;

namespace McpModule.Compare
{
    /// Changes as JSON for tools: the two sides and every change, values masked as in the objects.
    internal static class ChangeJson
    {
        public static string Write(IReadOnlyList<McpModelChange> changes)
        {
            var list = new List<object>(changes.Count);
            foreach (var c in changes)
                list.Add(new OrderedMap
                {
                    ["node"] = c.Node,
                    ["kind"] = c.Kind.ToString(),
                    ["key"] = c.Key,
                    ["before"] = c.BeforeValue,
                    ["after"] = c.AfterValue,
                });
            var document = new OrderedMap
            {
                ["reference"] = changes.Count > 0 ? changes[0].Reference : null,
                ["difference"] = changes.Count > 0 ? changes[0].Difference : null,
                ["nodes"] = (long)changes.Select(c => c.Node).Distinct().Count(),
                ["changes"] = list,
            };
            return ModelJson.Serialize(document, indented: true) + "\n";
        }
    }
}
