using System;
using System.Collections.Generic;
using System.Linq;
using McpModule.States.Formulas;

namespace McpModule.Lab
{
    /// The packages states install, from their plans: what a lab's repository must serve for a run
    /// of those states (lab nodes reach no other mirror). pkg.installed and pkg.latest name one
    /// package each (the built-in formulas; a pkgs list is read too); pkg.removed needs none.
    internal static class LabPackages
    {
        public static IReadOnlyList<string> Of(IEnumerable<NodePlan> plans)
        {
            var packages = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var resource in plans.SelectMany(p => p.Resources))
            {
                if (resource.Function != "pkg.installed" && resource.Function != "pkg.latest") continue;
                if (resource.Arguments != null && resource.Arguments.TryGetValue("pkgs", out var list) && list is IEnumerable<object> names)
                    foreach (var n in names) { if (n is string s && s.Length > 0) packages.Add(s); }
                else if (!string.IsNullOrEmpty(resource.Name)) packages.Add(resource.Name);
            }
            return packages.ToList();
        }
    }
}
