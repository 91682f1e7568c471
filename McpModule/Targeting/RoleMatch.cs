#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Targeting
{
    /// The role matcher (`R@`). Salt has no role matcher (its own `R@` is the rarely used
    /// SECO range lookup); in McpModule a role is what a node's model makes it: its reclass
    /// applications and classes. `R@pattern` matches a node when the glob matches
    ///   - an application, or a dotted prefix of one (`R@ceph` matches `ceph.osd`);
    ///   - a class, or a dotted prefix of one (`R@cluster.lab.openstack` matches
    ///     `cluster.lab.openstack.control`);
    ///   - a `service.` or `system.` class without that first word, or a dotted prefix of it
    ///     (`R@nova.compute` matches `service.nova.compute` and `system.nova.compute.cluster`).
    internal static class RoleMatch
    {
        private static readonly string[] LayerPrefixes = { "service.", "system." };

        public static bool IsMatch(GlobPattern role, IEnumerable<string> applications, IEnumerable<string> classes)
        {
            if (role == null) throw new ArgumentNullException(nameof(role));
            if (applications != null)
                foreach (var application in applications)
                    if (MatchesPrefix(role, application)) return true;
            if (classes != null)
            {
                foreach (var name in classes)
                {
                    if (MatchesPrefix(role, name)) return true;
                    foreach (var prefix in LayerPrefixes)
                    {
                        if (name != null && name.StartsWith(prefix, StringComparison.Ordinal) &&
                            MatchesPrefix(role, name.Substring(prefix.Length)))
                            return true;
                    }
                }
            }
            return false;
        }

        // The glob against the name and each of its dotted prefixes: a.b.c, a.b, a.
        private static bool MatchesPrefix(GlobPattern role, string name)
        {
            if (string.IsNullOrEmpty(name)) return false;
            for (var end = name.Length; end > 0; end = name.LastIndexOf('.', end - 1))
            {
                if (role.IsMatch(name.Substring(0, end))) return true;
                if (end == 0) break;
            }
            return false;
        }
    }
}
