using System.Collections.Generic;
using System.Linq;

namespace McpModule
{
    /// The list behind the list properties of the objects the cmdlets return (a node's classes,
    /// a run's nodes). It is a plain List&lt;T&gt;, so scripts index it, count it, -join it and
    /// ConvertTo-Json writes an array; its ToString joins the items with ", " so that
    /// Export-Csv and string conversions show "a, b, c" instead of a type name.
    public sealed class McpList<T> : List<T>
    {
        public McpList() { }
        public McpList(IEnumerable<T> items) : base(items ?? Enumerable.Empty<T>()) { }

        /// string[] has Length; scripts written against the arrays these lists replace keep working.
        public int Length => Count;

        public override string ToString() => string.Join(", ", this.Select(i => i?.ToString() ?? ""));
    }

    internal static class McpList
    {
        /// The items as an McpList (the same list when it is one already); empty for null.
        public static McpList<T> Of<T>(IEnumerable<T> items) => items as McpList<T> ?? new McpList<T>(items);
    }
}
