using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace McpModule.Execution
{
    /// A node to connect to: its name, the address to reach it at, and optionally its own
    /// user and port (from the model); null user/port take the run's defaults.
    public sealed class SshTarget
    {
        public SshTarget(string name, string address, string user = null, int? port = null, string addressSource = null,
                         string cluster = null, string knownHostsFile = null, IReadOnlyList<string> keyFiles = null, string origin = null)
        {
            Name = name; Address = address; User = user; Port = port; AddressSource = addressSource;
            Cluster = cluster; KnownHostsFile = knownHostsFile; KeyFiles = keyFiles; Origin = origin;
        }

        public string Name { get; }
        public string Address { get; }
        public string User { get; }
        public int? Port { get; }
        /// Where the address came from (for messages and -Verbose).
        public string AddressSource { get; }
        /// The cluster the node belongs to (finds a running lab); null for a plain name or address.
        public string Cluster { get; }
        /// This node's known_hosts file; null: the run's (SshOptions.KnownHostsFile).
        public string KnownHostsFile { get; }
        /// The private key files offered to this node; null: the run's keys.
        public IReadOnlyList<string> KeyFiles { get; }
        /// Where user, port, key and known_hosts came from, for -Verbose (SshConnectionPlan); null before planning.
        public string Origin { get; }

        /// A target from a model node: its address, user and port from its pillar, and its cluster.
        public static SshTarget FromNode(McpNode node)
        {
            if (node == null) throw new ArgumentNullException(nameof(node));
            var t = FromPillar(node.Name, node.Parameters);
            return new SshTarget(t.Name, t.Address, t.User, t.Port, t.AddressSource, node.Cluster);
        }

        /// A target from a plain name or address the user typed: the name is also the address.
        public static SshTarget FromName(string name) => new SshTarget(name, name, addressSource: "name");

        /// A target from a node's rendered parameters (pillar), first of:
        ///   _param:single_address, mcp:node:addresses (control, then management/mgmt, then the
        ///   first), the first linux:network:interface with an address, the node's name.
        /// User from _param:ssh_user, port from _param:ssh_port or openssh:server:port.
        public static SshTarget FromPillar(string name, IDictionary<string, object> parameters)
        {
            string address = null, source = null;
            var single = Text(Get(parameters, "_param", "single_address"));
            if (IsUsable(single)) { address = StripPrefix(single); source = "_param:single_address"; }
            var addresses = Entries(Get(parameters, "mcp", "node", "addresses"));
            if (address == null && addresses != null)
            {
                foreach (var key in new[] { "control", "management", "mgmt" })
                {
                    var a = Text(Get(Get(parameters, "mcp", "node", "addresses"), key));
                    if (IsUsable(a)) { address = StripPrefix(a); source = "mcp:node:addresses:" + key; break; }
                }
                if (address == null)
                {
                    foreach (var e in addresses)
                    {
                        var a = Text(e.Value);
                        if (IsUsable(a)) { address = StripPrefix(a); source = "mcp:node:addresses:" + e.Key; break; }
                    }
                }
            }
            var interfaces = Entries(Get(parameters, "linux", "network", "interface"));
            if (address == null && interfaces != null)
            {
                foreach (var e in interfaces)
                {
                    var a = Text(Get(e.Value, "address"));
                    if (IsUsable(a)) { address = StripPrefix(a); source = "linux:network:interface:" + e.Key + ":address"; break; }
                }
            }
            if (address == null) { address = name; source = "name"; }
            var user = Text(Get(parameters, "_param", "ssh_user"));
            var portText = Text(Get(parameters, "_param", "ssh_port")) ?? Text(Get(parameters, "openssh", "server", "port"));
            int? port = null;
            if (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 && p < 65536) port = p;
            return new SshTarget(name, address, string.IsNullOrEmpty(user) ? null : user, port, source);
        }

        private static object Get(object map, params string[] path)
        {
            var current = map;
            foreach (var key in path)
            {
                if (current is IDictionary<string, object> g) { if (!g.TryGetValue(key, out current)) return null; }
                else if (current is IDictionary d) { if (!d.Contains(key)) return null; current = d[key]; }
                else return null;
            }
            return current;
        }

        private static List<KeyValuePair<string, object>> Entries(object map)
        {
            if (map is IDictionary<string, object> g) return new List<KeyValuePair<string, object>>(g);
            if (map is IDictionary d)
            {
                var list = new List<KeyValuePair<string, object>>();
                foreach (DictionaryEntry e in d) list.Add(new KeyValuePair<string, object>(Convert.ToString(e.Key, CultureInfo.InvariantCulture), e.Value));
                return list;
            }
            return null;
        }

        private static string Text(object value) => value == null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);

        // An unresolved reference or an empty value is no address.
        private static bool IsUsable(string value) => !string.IsNullOrWhiteSpace(value) && value.IndexOf("${", StringComparison.Ordinal) < 0;

        // 10.0.0.5/24 → 10.0.0.5
        private static string StripPrefix(string value)
        {
            var slash = value.IndexOf('/');
            return (slash > 0 ? value.Substring(0, slash) : value).Trim();
        }

        public override string ToString() => Name;
    }
}
