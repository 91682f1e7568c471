using System;
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Lab
{
    /// One node of a lab as the state file records it.
    internal sealed class McpLabNodeInfo
    {
        /// The node's short name (cfg01); also its hostname.
        public string Name { get; set; }
        /// The node's full model name (cfg01.lab.local).
        public string FullName { get; set; }
        /// The node's address on the lab bridge: the address to SSH to.
        public string Address { get; set; }
        public int PrefixLength { get; set; }
        /// Which pillar value gave the address (see LabAddressing).
        public string AddressSource { get; set; }
        /// systemd-nspawn machine name (also names the host-side veth, vb-&lt;machine&gt;).
        public string Machine { get; set; }
        /// PID of the supervisor (bash loop around systemd-nspawn), 0 when stopped.
        public int SupervisorPid { get; set; }
        /// The supervisor's start time (/proc/PID/stat field 22) to tell it from a reused PID.
        public long SupervisorStartTime { get; set; }
        /// The node's folder: upper/, work/, root/ (the overlay mount), nspawn.log.
        public string Directory { get; set; }
        /// The cgroups made for the node (removed on stop).
        public List<string> Cgroups { get; set; } = new List<string>();
        /// Host keys of the node as "type base64" (the known_hosts file holds them too).
        public List<string> HostKeys { get; set; } = new List<string>();
        /// The node's disks: host loop devices (/dev/loop3) bound into the node under the same path.
        public List<string> Disks { get; set; } = new List<string>();
    }

    /// A lab as its state file records it: what the SSH transport reads.
    internal sealed class McpLabInfo
    {
        public int Version { get; set; } = 1;
        public string Cluster { get; set; }
        /// The model repository the lab was started from.
        public string ModelPath { get; set; }
        /// Folder of the lab: key, known_hosts, nodes/.
        public string WorkDirectory { get; set; }
        /// The base image (read-only lower layer of every node).
        public string Image { get; set; }
        public string Bridge { get; set; }
        /// Host addresses on the bridge ("10.11.0.1/24"): the nodes' gateway.
        public List<string> Gateways { get; set; } = new List<string>();
        public string User { get; set; } = "root";
        public int Port { get; set; } = 22;
        /// Private key (OpenSSH format, ed25519, no passphrase) authorised for root on every node.
        public string IdentityFile { get; set; }
        /// OpenSSH known_hosts pre-filled with every node's host keys (address,name,fqdn).
        public string KnownHostsFile { get; set; }
        public string Created { get; set; }
        /// The lab's local APT repository (its HTTP server on the bridge); null before the bridge exists.
        public McpLabRepositoryInfo Repository { get; set; }
        public List<McpLabNodeInfo> Nodes { get; set; } = new List<McpLabNodeInfo>();

        /// A node by short or full name (case-insensitive), or null.
        public McpLabNodeInfo FindNode(string name) =>
            Nodes.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase) ||
                                      string.Equals(n.FullName, name, StringComparison.OrdinalIgnoreCase));
    }
}
