using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using McpModule.Model.Data;

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
            var t = FromPillar(node.Name, node.Pillar);
            return new SshTarget(t.Name, t.Address, t.User, t.Port, t.AddressSource, node.Cluster);
        }

        /// A target from a plain name or address the user typed: the name is also the address.
        public static SshTarget FromName(string name) => new SshTarget(name, name, addressSource: "name");

        /// A target from a node's rendered parameters (pillar): its management address
        /// (McpModule.ManagementAddress, the rule the lab uses too), else the node's name.
        /// User from _param:ssh_user, port from _param:ssh_port or openssh:server:port.
        public static SshTarget FromPillar(string name, IDictionary<string, object> parameters)
        {
            var address = ManagementAddress.Of(parameters, out var source);
            if (address == null) { address = name; source = "name"; }
            var user = PillarKey.Text(PillarKey.Get(parameters, "_param", "ssh_user"));
            var portText = PillarKey.Text(PillarKey.Get(parameters, "_param", "ssh_port")) ?? PillarKey.Text(PillarKey.Get(parameters, "openssh", "server", "port"));
            int? port = null;
            if (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 && p < 65536) port = p;
            return new SshTarget(name, address, string.IsNullOrEmpty(user) ? null : user, port, source);
        }

        public override string ToString() => Name;
    }
}
