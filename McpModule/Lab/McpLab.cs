using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace McpModule.Lab
{
    /// The lab: one systemd-nspawn machine per model node on a bridge of its own.
    /// Callbacks run on the calling thread (cmdlets write progress and errors from them).
    internal static class McpLab
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
        /// Starts the given nodes of a cluster's lab (the ones already running are left as
        /// they are); returns every node of the lab. A node that fails is reported through
        /// onError and cleaned up; a lab left with no node is removed entirely. The lab's APT
        /// repository serves the given packages (added to those it already serves) and their
        /// dependencies the image lacks.
        public static IReadOnlyList<McpLabNode> Start(string cluster, string modelPath, IReadOnlyList<McpLabNodeRequest> nodes,
            TimeSpan timeout, Action<LabProgress> progress, Action<LabException> onError, IEnumerable<string> packages = null, LabDiskRequest disks = null,
            Action<string> onWarning = null)
        {
            LabRegistry.ValidateName(cluster, "cluster");
            var asked = LabRepository.Normalize(packages);
            CheckHost();
            Directory.CreateDirectory(LabRegistry.StateDirectory);
            try { return StartLocked(cluster, modelPath, nodes, timeout, progress, onError, asked, disks ?? LabDiskRequest.None, onWarning); }
            finally { RemoveLockIfGone(cluster); }
        }

        private static IReadOnlyList<McpLabNode> StartLocked(string cluster, string modelPath, IReadOnlyList<McpLabNodeRequest> nodes,
            TimeSpan timeout, Action<LabProgress> progress, Action<LabException> onError, IReadOnlyList<string> asked, LabDiskRequest disks,
            Action<string> onWarning)
        {
            using (LabImage.Lock(LabRegistry.StateFile(cluster) + ".lock"))
            {
                var labId = LabRegistry.LabId(cluster);
                LabRegistry.TryGet(cluster, out var lab);
                if (lab != null && !LabHost.LinkExists(lab.Bridge))
                {
                    // The bridge is gone (host rebooted, someone removed it): a stale lab.
                    Teardown(lab);
                    lab = null;
                }
                if (lab != null)
                {
                    foreach (var n in lab.Nodes.ToList())
                        if (!LabMachine.IsRunning(n, lab.Port))
                        {
                            LabMachine.Teardown(n, LabRegistry.WorkDirectory(cluster));   // half-started or dead: cleaned up, started anew
                            lab.Nodes.Remove(n);
                        }
                    LabRegistry.Write(lab);
                }

                // Addresses of the nodes to start.
                var wanted = new List<Tuple<McpLabNodeRequest, LabNodeAddress>>();
                foreach (var r in nodes)
                {
                    if (!LabRegistry.IsValidName(r.Name)) { onError(new LabException($"Node '{r.Name}': the name is not valid for a lab machine.", r.Name)); continue; }
                    if (lab?.FindNode(r.Name) != null) continue;   // running: nothing to do
                    var a = LabAddressing.Select(r.Parameters);
                    if (a == null)
                    {
                        onError(new LabException($"Node '{r.Name}' has no control address in its pillar (mcp:node:addresses:control, _param:single_address, _param:control_address or a static linux:network interface).", r.Name));
                        continue;
                    }
                    var clash = lab?.Nodes.FirstOrDefault(n => n.Address == a.Address) ??
                                (wanted.Where(w => w.Item2.Address == a.Address).Select(w => new McpLabNodeInfo { Name = w.Item1.Name }).FirstOrDefault());
                    if (clash != null) { onError(new LabException($"Node '{r.Name}' has the address {a.Address} of node '{clash.Name}'.", r.Name)); continue; }
                    wanted.Add(Tuple.Create(r, a));
                }
                if (wanted.Count > 0 && LabCapacity.CheckInotify(wanted.Count, LabCapacity.InotifyInUse(), LabCapacity.InotifyLimit()) is string tooMany)
                    throw new LabException(tooMany);
                var packages = LabRepository.Normalize((lab?.Repository?.Packages ?? new List<string>()).Concat(asked));
                var repositoryCurrent = lab?.Repository != null && lab.Repository.Packages.SequenceEqual(packages) && LabRepository.IsServing(lab.Repository);
                if (wanted.Count == 0 && (lab == null || repositoryCurrent))
                    return lab == null ? (IReadOnlyList<McpLabNode>)Array.Empty<McpLabNode>() : Describe(lab);

                var image = LabImage.Ensure(progress);
                // Before anything is made: a package apt cannot fetch leaves the machine as it was.
                var repositoryDirectory = LabRepository.Ensure(image, packages, progress);
                const string activity = "Starting the lab";
                var workDir = LabRegistry.WorkDirectory(cluster);
                if (lab == null)
                {
                    lab = new McpLabInfo
                    {
                        Cluster = cluster, ModelPath = modelPath, WorkDirectory = workDir, Image = image,
                        Bridge = "mcplab" + labId, IdentityFile = Path.Combine(workDir, "id_ed25519"),
                        KnownHostsFile = Path.Combine(workDir, "known_hosts"), Created = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
                    };
                }
                try
                {
                    Directory.CreateDirectory(Path.Combine(workDir, "nodes"));
                    if (!File.Exists(lab.IdentityFile))
                        LabHost.Check("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "mcplab-" + cluster, "-f", lab.IdentityFile);
                    var supervisor = Path.Combine(workDir, "supervisor.sh");
                    File.WriteAllText(supervisor, LabMachine.SupervisorScript);

                    // Bridge: the host side holds one gateway address per subnet.
                    var all = lab.Nodes.Select(n => new LabNodeAddress(n.Address, n.PrefixLength, n.AddressSource)).Concat(wanted.Select(w => w.Item2)).ToList();
                    var gateways = LabAddressing.Gateways(all,
                        lab.Gateways.Select(g => g.Split('/')[0]).Concat(wanted.SelectMany(w => LabAddressing.GatewayHints(w.Item1.Parameters))),
                        wanted.SelectMany(w => LabAddressing.ReservedAddresses(w.Item1.Parameters)));
                    SetUpBridge(lab, gateways, onWarning);
                    lab.Gateways = gateways.ToList();
                    LabRegistry.Write(lab);
                    EnsureRepositoryServer(lab, repositoryDirectory, packages);

                    // Nodes: overlay, identity, network, then the supervisor.
                    var index = lab.Nodes.Count == 0 ? 0 : lab.Nodes.Max(n => int.Parse(n.Machine.Substring(n.Machine.LastIndexOf('-') + 1), CultureInfo.InvariantCulture));
                    var started = new List<McpLabNodeInfo>();
                    var hosts = lab.Nodes.Select(n => Tuple.Create(n.Address, n.Name, n.FullName)).Concat(wanted.Select(w => Tuple.Create(w.Item2.Address, w.Item1.Name, w.Item1.FullName))).ToList();
                    var i = 0;
                    foreach (var w in wanted)
                    {
                        progress?.Invoke(new LabProgress(activity, $"node {w.Item1.Name} ({w.Item2.Address})", 100 * i++ / (wanted.Count * 2)));
                        var node = new McpLabNodeInfo
                        {
                            Name = w.Item1.Name, FullName = w.Item1.FullName, Address = w.Item2.Address, PrefixLength = w.Item2.PrefixLength,
                            AddressSource = w.Item2.Source, Machine = labId + "-" + (++index).ToString("00", CultureInfo.InvariantCulture),
                            Directory = Path.Combine(workDir, "nodes", w.Item1.Name),
                        };
                        node.Cgroups = LabHost.CgroupsFor(labId, node.Name);
                        lab.Nodes.Add(node);
                        LabRegistry.Write(lab);          // recorded before anything exists, so Stop finds it
                        try
                        {
                            var gw = lab.Gateways.Select(g => g.Split('/')[0]).First(g => w.Item2.Subnet.Contains(Planning.Ipv4.Parse(g)));
                            LabMachine.Prepare(lab, node, image, gw, hosts);
                            LabDisks.Attach(node, disks.Count, disks.Size);
                            LabRegistry.Write(lab);
                            LabMachine.Launch(lab, node, supervisor);
                            LabRegistry.Write(lab);
                            started.Add(node);
                        }
                        catch (Exception e) when (e is LabException || e is IOException || e is UnauthorizedAccessException)
                        {
                            onError(new LabException($"Node '{node.Name}' did not start: {e.Message}", node.Name, e));
                            LabMachine.Teardown(node, LabRegistry.WorkDirectory(lab.Cluster));
                            lab.Nodes.Remove(node);
                            LabRegistry.Write(lab);
                        }
                    }
                    WriteKnownHosts(lab);

                    // Readiness: sshd answers on every new node.
                    var deadline = Stopwatch.StartNew();
                    var waits = started.ToDictionary(n => n, n => Task.Run(() => LabMachine.WaitReady(n, lab.Port, timeout)));
                    while (!Task.WaitAll(waits.Values.ToArray(), 250))
                    {
                        var ready = waits.Values.Count(t => t.IsCompleted);
                        progress?.Invoke(new LabProgress(activity, $"{ready} of {waits.Count} nodes ready ({deadline.Elapsed.TotalSeconds:0.0} s)", 50 + 50 * ready / Math.Max(1, waits.Count)));
                    }
                    foreach (var kv in waits)
                        if (kv.Value.Result != null)
                        {
                            onError(new LabException($"Node '{kv.Key.Name}' ({kv.Key.Address}) did not come up: {kv.Value.Result}", kv.Key.Name));
                            LabMachine.Teardown(kv.Key, LabRegistry.WorkDirectory(lab.Cluster));
                            lab.Nodes.Remove(kv.Key);
                        }
                    progress?.Invoke(new LabProgress(activity, "done", 100));
                }
                catch (Exception e) when (e is LabException || e is IOException || e is UnauthorizedAccessException || e is InvalidOperationException)
                {
                    // Nothing half-made stays behind.
                    if (lab.Nodes.All(n => !LabMachine.IsRunning(n, lab.Port))) Teardown(lab);
                    throw e as LabException ?? new LabException(e.Message, null, e);
                }
                if (lab.Nodes.Count == 0) { Teardown(lab); return Array.Empty<McpLabNode>(); }
                WriteKnownHosts(lab);
                LabRegistry.Write(lab);
                return Describe(lab);
            }
        }

        /// The nodes of a lab with their live state.
        public static IReadOnlyList<McpLabNode> Describe(McpLabInfo lab)
        {
            var tasks = lab.Nodes.Select(n => Task.Run(() =>
            {
                var alive = LabHost.IsAlive(n.SupervisorPid, n.SupervisorStartTime);
                var state = !alive ? McpLabNodeState.Stopped : LabHost.SshBanner(n.Address, lab.Port, 500) ? McpLabNodeState.Running : McpLabNodeState.Starting;
                return new McpLabNode
                {
                    Cluster = lab.Cluster, Name = n.Name, FullName = n.FullName, Address = n.Address, State = state.ToString(),
                    Pid = alive ? LabHost.InitPid(n.SupervisorPid) : 0,
                    MemoryMB = alive ? LabHost.MemoryMB(n.Cgroups) : null,
                    Disks = McpList.Of(n.Disks),
                };
            })).ToArray();
            Task.WaitAll(tasks);
            return tasks.Select(t => t.Result).ToList();
        }

        /// Stops a lab: clean poweroff of every node, then unmounts, removes cgroups, the
        /// bridge, the work folder and the state file. False when there is no such lab.
        public static bool Stop(string cluster, Action<LabProgress> progress)
        {
            LabRegistry.ValidateName(cluster, "cluster");
            if (!LabRegistry.TryGet(cluster, out var lab)) return false;
            CheckHost();
            try
            {
                using (LabImage.Lock(LabRegistry.StateFile(cluster) + ".lock"))
                {
                    if (!LabRegistry.TryGet(cluster, out lab)) return false;
                    progress?.Invoke(new LabProgress("Stopping the lab", $"{lab.Nodes.Count} nodes: poweroff", 10));
                    Teardown(lab);
                    progress?.Invoke(new LabProgress("Stopping the lab", "done", 100));
                    return true;
                }
            }
            finally { RemoveLockIfGone(cluster); }
        }

        /// The lock file goes with the lab's state file.
        private static void RemoveLockIfGone(string cluster)
        {
            var state = LabRegistry.StateFile(cluster);
            try { if (!File.Exists(state) && File.Exists(state + ".lock")) File.Delete(state + ".lock"); }
            catch (IOException) { }
        }

        /// Restarts one node (poweroff, boot on the same disk) and waits until sshd answers.
        public static McpLabNode RestartNode(string cluster, string name, TimeSpan timeout)
        {
            CheckHost();
            if (!LabRegistry.TryGet(cluster, out var lab)) throw new LabException($"There is no lab of cluster '{cluster}'.", name);
            using (LabImage.Lock(LabRegistry.StateFile(cluster) + ".lock"))
            {
                LabRegistry.TryGet(cluster, out lab);
                var node = lab.FindNode(name) ?? throw new LabException($"The lab of cluster '{cluster}' has no node '{name}'.", name);
                LabMachine.StopProcesses(node);
                if (!LabHost.IsMounted(Path.Combine(node.Directory, "root")))
                    throw new LabException($"Node '{node.Name}': its root is not mounted; start the lab again.", node.Name);
                LabMachine.Launch(lab, node, Path.Combine(lab.WorkDirectory, "supervisor.sh"));
                LabRegistry.Write(lab);
                var failure = LabMachine.WaitReady(node, lab.Port, timeout);
                if (failure != null) throw new LabException($"Node '{node.Name}' ({node.Address}) did not come back: {failure}", node.Name);
                return Describe(new McpLabInfo { Cluster = lab.Cluster, Port = lab.Port, Nodes = new List<McpLabNodeInfo> { node } })[0];
            }
        }

        private static void CheckHost()
        {
            if (Environment.OSVersion.Platform != PlatformID.Unix || !File.Exists("/proc/self/mountinfo"))
                throw new LabException("The lab runs on Linux only (systemd-nspawn machines).");
            if (!LabHost.IsRoot) throw new LabException("The lab needs root (mounts, bridges, cgroups, systemd-nspawn).");
            var missing = new[] { "systemd-nspawn", "debootstrap", "ssh-keygen", "ip", "mount", "umount", "setsid", "apt-get", "dpkg-scanpackages", "python3" }
                .Where(c => LabHost.Run("/bin/sh", "-c", "command -v \"$1\"", "sh", c).ExitCode != 0).ToList();
            if (missing.Count > 0)
                throw new LabException($"The lab needs {string.Join(", ", missing)} (Debian: systemd-container, debootstrap, openssh-client, iproute2, mount, util-linux, apt, dpkg-dev, python3).");
        }

        private static void SetUpBridge(McpLabInfo lab, IReadOnlyList<string> gateways, Action<string> onWarning)
        {
            var subnets = gateways.Select(g => Planning.Ipv4Subnet.Parse(g)).Select(s => new Planning.Ipv4Subnet(s.Network & s.Netmask, s.PrefixLength)).ToList();
            var removed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var kv in LabHost.InterfaceAddresses())
            {
                if (kv.Key == lab.Bridge || removed.Contains(kv.Key)) continue;
                if (!Planning.Ipv4Subnet.TryParse(kv.Value, out var s)) continue;
                var own = new Planning.Ipv4Subnet(s.Network & s.Netmask, s.PrefixLength);
                if (!subnets.Any(x => x.Overlaps(own))) continue;
                if (AbandonedLabBridge.Remove(kv.Key, kv.Value) is string warning)
                {
                    removed.Add(kv.Key);
                    onWarning?.Invoke(warning);
                    continue;
                }
                throw new LabException($"The lab's subnet {subnets.First(x => x.Overlaps(own))} overlaps {kv.Value} on the host's interface {kv.Key}; the lab would cut the host off that network.");
            }
            if (!LabHost.LinkExists(lab.Bridge))
            {
                LabHost.Check("ip", "link", "add", lab.Bridge, "address", LabAddressing.BridgeMac(lab.Bridge), "type", "bridge");
                // Nothing received on the bridge is forwarded: nodes reach the host and each other only.
                File.WriteAllText($"/proc/sys/net/ipv4/conf/{lab.Bridge}/forwarding", "0");
                if (File.Exists($"/proc/sys/net/ipv6/conf/{lab.Bridge}/disable_ipv6")) File.WriteAllText($"/proc/sys/net/ipv6/conf/{lab.Bridge}/disable_ipv6", "1");
            }
            foreach (var g in gateways) LabHost.Check("ip", "addr", "replace", g, "dev", lab.Bridge);
            LabHost.Check("ip", "link", "set", lab.Bridge, "up");
        }

        /// The lab's APT repository server: kept when it serves this folder, else (re)started on the
        /// bridge's first host address, and every running node pointed at its URL.
        private static void EnsureRepositoryServer(McpLabInfo lab, string directory, IReadOnlyList<string> packages)
        {
            var address = lab.Gateways.Select(g => g.Split('/')[0]).First();
            var repo = lab.Repository;
            if (repo != null && repo.Directory == directory && repo.Address == address && LabRepository.IsServing(repo))
            {
                repo.Packages = packages.ToList();
                return;
            }
            if (repo != null && !LabRepository.StopServer(repo))
                throw new LabException($"The lab's APT repository server (PID {repo.Pid}) did not stop.");
            lab.Repository = LabRepository.StartServer(directory, address, Path.Combine(lab.WorkDirectory, "repository.log"), packages);
            LabRegistry.Write(lab);
            foreach (var n in lab.Nodes)
            {
                var root = Path.Combine(n.Directory, "root");
                if (LabHost.IsMounted(root)) LabRepository.ConfigureNode(root, lab.Repository.Url);
            }
        }

        private static void WriteKnownHosts(McpLabInfo lab)
        {
            var sb = new StringBuilder();
            foreach (var n in lab.Nodes)
            {
                var names = string.Join(",", new[] { n.Address, n.Name, n.FullName }.Where(x => !string.IsNullOrEmpty(x)).Distinct());
                foreach (var k in n.HostKeys) sb.Append(names).Append(' ').Append(k).Append('\n');
            }
            File.WriteAllText(lab.KnownHostsFile, sb.ToString());
        }

        private static void Teardown(McpLabInfo lab)
        {
            // Poweroff of all nodes at once, then the rest one by one.
            foreach (var n in lab.Nodes)
                if (LabHost.IsAlive(n.SupervisorPid, n.SupervisorStartTime)) LabHost.Signal(n.SupervisorPid, LabHost.SIGTERM);
            Task.WaitAll(lab.Nodes.Select(n => Task.Run(() => LabHost.WaitExit(n.SupervisorPid, n.SupervisorStartTime, LabMachine.StopGrace))).ToArray());
            // The work folder is the cluster's (LabRegistry), never what the state file says it is.
            var work = LabRegistry.WorkDirectory(lab.Cluster);
            foreach (var n in lab.Nodes) LabMachine.Teardown(n, work);
            LabRepository.StopServer(lab.Repository);
            if (!string.IsNullOrEmpty(lab.Bridge) && lab.Bridge.StartsWith("mcplab", StringComparison.Ordinal) && LabHost.LinkExists(lab.Bridge))
                LabHost.Run("ip", "link", "del", lab.Bridge);
            if (Directory.Exists(work) && !LabHost.MountPoints().Any(m => m.StartsWith(work + "/", StringComparison.Ordinal)))
                LabHost.Run("rm", "-rf", "--one-file-system", work);
            LabRegistry.Delete(lab.Cluster);
        }
    }
}
