using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace McpModule.Generator
{
    /// Real contexts give a key the value of another as a reclass reference, the whole value
    /// `${_param:other_key}` (openstack_database_node01_hostname: ${_param:openstack_control_node01_hostname}
    /// puts the databases on the controllers; infra_kvm01_hostname: ${_param:cicd_control_node01_hostname}
    /// makes the CI/CD nodes the kvm nodes). Cookiecutter copies them into the model, where reclass
    /// resolves them. The generator needs the values themselves (a host name, an address), so a reference
    /// in a key of the network plan to another key of the context takes that key's value; one to no key of
    /// the context (a parameter of the system classes, or a typo) counts as not given.
    /// An empty value ('') is what cookiecutter contexts give for "none" (deploy_network_gateway: ''): it
    /// counts as not given too. References inside longer text (http://${_param:x}:5000) are left as they are.
    internal static class McpContextReferences
    {
        // The keys the network plan is made of (the rest reach the model as the context gives them).
        private static readonly string[] PlanSuffixes = { "_address", "_hostname", "_address_ranges", "_subnet", "_network", "_gateway", "_netmask", "_vlan", "_count" };

        private static readonly Regex WholeReference = new Regex(@"^\$\{_param:(?<key>[A-Za-z0-9_]+)\}\z", RegexOptions.CultureInvariant);

        /// Replaces whole-value references by the referenced key's value (following chains, no cycles).
        /// An unresolvable reference stays as it is (reclass resolves it from the system classes, or the
        /// model does not render and says so), except in a key of the network plan (an address, a host name,
        /// a subnet...), whose value the generator must read: there it becomes empty, not given.
        /// Returns the keys resolved (key → the key whose value it took) and the plan keys emptied.
        public static (Dictionary<string, string> Resolved, List<string> Unresolved) Resolve(Dictionary<string, string> ctx)
        {
            var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
            var unresolved = new List<string>();
            foreach (var key in ctx.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList())
            {
                var value = ctx[key];
                if (!WholeReference.IsMatch(value) || !PlanSuffixes.Any(x => key.EndsWith(x, StringComparison.Ordinal))) continue;
                var seen = new HashSet<string>(StringComparer.Ordinal) { key };
                string target = null;
                while (value != null && WholeReference.Match(value) is Match m && m.Success)
                {
                    var next = m.Groups["key"].Value;
                    if (!seen.Add(next) || !ctx.TryGetValue(next, out value) || string.IsNullOrWhiteSpace(value)) { value = null; break; }
                    target = next;
                }
                if (value == null) unresolved.Add(key);
                else { resolved[key] = target; ctx[key] = value; }
            }
            foreach (var key in unresolved) ctx[key] = "";
            return (resolved, unresolved);
        }
    }
}
