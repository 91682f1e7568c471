using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace McpModule.Lab
{
    public enum McpLabNodeState { Running, Starting, Stopped }

    /// A node of a running lab as cmdlets return it.
    public sealed class McpLabNode
    {
        public string Cluster { get; internal set; }
        public string Name { get; internal set; }
        public string FullName { get; internal set; }
        public string Address { get; internal set; }
        public McpLabNodeState State { get; internal set; }
        /// The node's init (systemd) as a host PID; 0 when stopped.
        public int Pid { get; internal set; }
        /// Memory in use by the node's cgroup (less inactive file cache), MB.
        public double? MemoryMB { get; internal set; }
        public override string ToString() => Name;
    }

    /// A model node to start in a lab: names and rendered parameters.
    public sealed class McpLabNodeRequest
    {
        public McpLabNodeRequest(string name, string fullName, McpModule.Model.OrderedMap parameters)
        {
            Name = name; FullName = fullName; Parameters = parameters;
        }
        public string Name { get; }
        public string FullName { get; }
        public McpModule.Model.OrderedMap Parameters { get; }
    }

    /// The lab: one systemd-nspawn machine per model node on a bridge of its own.
    /// Callbacks run on the calling thread (cmdlets write progress and errors from them).
    public static class McpLab
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
        private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

        private const string SupervisorScript = @"#!/bin/bash
# McpModule lab node supervisor: ROOT MACHINE HOSTNAME BRIDGE CGROUP...
# Joins the node's own cgroups, runs systemd-nspawn, starts it again when the node reboots
# (exit 133); SIGTERM -> SIGTERM to nspawn -> clean poweroff of the node.
root=$1 machine=$2 host=$3 br=$4; shift 4
for c in ""$@""; do echo $$ > ""$c/cgroup.procs""; done
stop=0; child=
trap 'stop=1; [ -n ""$child"" ] && kill -TERM $child 2>/dev/null' TERM
while :; do
  systemd-nspawn -q -D ""$root"" -M ""$machine"" --hostname=""$host"" --boot --register=no --keep-unit \
    --network-bridge=""$br"" --console=passive --link-journal=no & child=$!
  rc=0
  while kill -0 $child 2>/dev/null; do wait $child; rc=$?; done
  echo ""nspawn exit $rc""
  [ $stop = 0 ] && [ $rc = 133 ] || break
done
";

        /// Starts the given nodes of a cluster's lab (the ones already running are left as
        /// they are); returns every node of the lab. A node that fails is reported through
        /// onError and cleaned up; a lab left with no node is removed entirely. The lab's APT
        /// repository serves the given packages (added to those it already serves) and their
        /// dependencies the image lacks.
        public static IReadOnlyList<McpLabNode> Start(string cluster, string modelPath, IReadOnlyList<McpLabNodeRequest> nodes,
            TimeSpan timeout, Action<LabProgress> progress, Action<LabException> onError, IEnumerable<string> packages = null)
        {
            LabRegistry.ValidateName(cluster, "cluster");
            var asked = LabRepository.Normalize(packages);
            CheckHost();
            Directory.CreateDirectory(LabRegistry.StateDirectory);
            try { return StartLocked(cluster, modelPath, nodes, timeout, progress, onError, asked); }
            finally { RemoveLockIfGone(cluster); }
        }

        private static IReadOnlyList<McpLabNode> StartLocked(string cluster, string modelPath, IReadOnlyList<McpLabNodeRequest> nodes,
            TimeSpan timeout, Action<LabProgress> progress, Action<LabException> onError, IReadOnlyList<string> asked)
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
                        if (!IsRunning(n, lab.Port))
                        {
                            TeardownNode(n);                       // half-started or dead: cleaned up, started anew
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
                    File.WriteAllText(supervisor, SupervisorScript);

                    // Bridge: the host side holds one gateway address per subnet.
                    var all = lab.Nodes.Select(n => new LabNodeAddress(n.Address, n.PrefixLength, n.AddressSource)).Concat(wanted.Select(w => w.Item2)).ToList();
                    var gateways = LabAddressing.Gateways(all,
                        lab.Gateways.Select(g => g.Split('/')[0]).Concat(wanted.SelectMany(w => LabAddressing.GatewayHints(w.Item1.Parameters))),
                        wanted.SelectMany(w => LabAddressing.ReservedAddresses(w.Item1.Parameters)));
                    SetUpBridge(lab, gateways);
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
                            PrepareNode(lab, node, image, gw, hosts);
                            Launch(lab, node, supervisor);
                            LabRegistry.Write(lab);
                            started.Add(node);
                        }
                        catch (Exception e) when (e is LabException || e is IOException || e is UnauthorizedAccessException)
                        {
                            onError(new LabException($"Node '{node.Name}' did not start: {e.Message}", node.Name, e));
                            TeardownNode(node);
                            lab.Nodes.Remove(node);
                            LabRegistry.Write(lab);
                        }
                    }
                    WriteKnownHosts(lab);

                    // Readiness: sshd answers on every new node.
                    var deadline = Stopwatch.StartNew();
                    var waits = started.ToDictionary(n => n, n => Task.Run(() => WaitReady(n, lab.Port, timeout)));
                    while (!Task.WaitAll(waits.Values.ToArray(), 250))
                    {
                        var ready = waits.Values.Count(t => t.IsCompleted);
                        progress?.Invoke(new LabProgress(activity, $"{ready} of {waits.Count} nodes ready ({deadline.Elapsed.TotalSeconds:0.0} s)", 50 + 50 * ready / Math.Max(1, waits.Count)));
                    }
                    foreach (var kv in waits)
                        if (kv.Value.Result != null)
                        {
                            onError(new LabException($"Node '{kv.Key.Name}' ({kv.Key.Address}) did not come up: {kv.Value.Result}", kv.Key.Name));
                            TeardownNode(kv.Key);
                            lab.Nodes.Remove(kv.Key);
                        }
                    progress?.Invoke(new LabProgress(activity, "done", 100));
                }
                catch (Exception e) when (e is LabException || e is IOException || e is UnauthorizedAccessException || e is InvalidOperationException)
                {
                    // Nothing half-made stays behind.
                    if (lab.Nodes.All(n => !IsRunning(n, lab.Port))) Teardown(lab);
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
                    Cluster = lab.Cluster, Name = n.Name, FullName = n.FullName, Address = n.Address, State = state,
                    Pid = alive ? LabHost.InitPid(n.SupervisorPid) : 0,
                    MemoryMB = alive ? LabHost.MemoryMB(n.Cgroups) : null,
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
                StopProcesses(node);
                if (!LabHost.IsMounted(Path.Combine(node.Directory, "root")))
                    throw new LabException($"Node '{node.Name}': its root is not mounted; start the lab again.", node.Name);
                Launch(lab, node, Path.Combine(lab.WorkDirectory, "supervisor.sh"));
                LabRegistry.Write(lab);
                var failure = WaitReady(node, lab.Port, timeout);
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

        private static void SetUpBridge(McpLabInfo lab, IReadOnlyList<string> gateways)
        {
            var subnets = gateways.Select(g => Planning.Ipv4Subnet.Parse(g)).Select(s => new Planning.Ipv4Subnet(s.Network & s.Netmask, s.PrefixLength)).ToList();
            foreach (var kv in LabHost.InterfaceAddresses())
            {
                if (kv.Key == lab.Bridge) continue;
                if (!Planning.Ipv4Subnet.TryParse(kv.Value, out var s)) continue;
                var own = new Planning.Ipv4Subnet(s.Network & s.Netmask, s.PrefixLength);
                if (subnets.Any(x => x.Overlaps(own)))
                    throw new LabException($"The lab's subnet {subnets.First(x => x.Overlaps(own))} overlaps {kv.Value} on the host's interface {kv.Key}; the lab would cut the host off that network.");
            }
            if (!LabHost.LinkExists(lab.Bridge))
            {
                LabHost.Check("ip", "link", "add", lab.Bridge, "type", "bridge");
                // Nothing received on the bridge is forwarded: nodes reach the host and each other only.
                File.WriteAllText($"/proc/sys/net/ipv4/conf/{lab.Bridge}/forwarding", "0");
                if (File.Exists($"/proc/sys/net/ipv6/conf/{lab.Bridge}/disable_ipv6")) File.WriteAllText($"/proc/sys/net/ipv6/conf/{lab.Bridge}/disable_ipv6", "1");
            }
            foreach (var g in gateways) LabHost.Check("ip", "addr", "replace", g, "dev", lab.Bridge);
            LabHost.Check("ip", "link", "set", lab.Bridge, "up");
        }

        private static void PrepareNode(McpLabInfo lab, McpLabNodeInfo node, string image, string gateway, List<Tuple<string, string, string>> hosts)
        {
            var d = node.Directory;
            var root = Path.Combine(d, "root");
            foreach (var sub in new[] { "upper", "work", "root" }) Directory.CreateDirectory(Path.Combine(d, sub));
            if (!LabHost.IsMounted(root))
                LabHost.Check("mount", "-t", "overlay", "overlay", "-o", $"lowerdir={image},upperdir={d}/upper,workdir={d}/work", root);

            File.WriteAllText(Path.Combine(root, "etc/hostname"), node.Name + "\n");
            var h = new StringBuilder("127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n");
            foreach (var x in hosts) h.Append(x.Item1).Append(' ').Append(x.Item3 != null && x.Item3 != x.Item2 ? x.Item3 + " " : "").Append(x.Item2).Append('\n');
            File.WriteAllText(Path.Combine(root, "etc/hosts"), h.ToString());
            File.WriteAllText(Path.Combine(root, "etc/machine-id"), Guid.NewGuid().ToString("N") + "\n");
            foreach (var f in Directory.GetFiles(Path.Combine(root, "etc/ssh"), "ssh_host_*")) File.Delete(f);
            LabHost.Check("ssh-keygen", "-q", "-A", "-f", root);
            node.HostKeys = Directory.GetFiles(Path.Combine(root, "etc/ssh"), "ssh_host_*_key.pub").OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => string.Join(" ", File.ReadAllText(f).Trim().Split(' ').Take(2))).ToList();
            LabHost.Check("install", "-d", "-m", "700", Path.Combine(root, "root/.ssh"));
            LabHost.Check("install", "-m", "600", lab.IdentityFile + ".pub", Path.Combine(root, "root/.ssh/authorized_keys"));
            File.WriteAllText(Path.Combine(root, "etc/systemd/network/10-host0.network"),
                $"# McpModule lab: the node's model address; the host side of the lab bridge is its only gateway.\n" +
                $"[Match]\nName=host0\n\n[Network]\nAddress={node.Address}/{node.PrefixLength}\nGateway={gateway}\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n");
            var wants = Path.Combine(root, "etc/systemd/system/multi-user.target.wants/systemd-networkd.service");
            if (!File.Exists(wants)) LabHost.Check("ln", "-sfn", "/lib/systemd/system/systemd-networkd.service", wants);
            LabRepository.ConfigureNode(root, lab.Repository.Url);
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

        private static void Launch(McpLabInfo lab, McpLabNodeInfo node, string supervisor)
        {
            foreach (var c in node.Cgroups) { LabHost.RemoveCgroup(c); Directory.CreateDirectory(c); }
            var command = new List<string> { "/bin/bash", supervisor, Path.Combine(node.Directory, "root"), node.Machine, node.Name, lab.Bridge };
            command.AddRange(node.Cgroups);
            var pid = LabHost.StartDetached(Path.Combine(node.Directory, "nspawn.log"), command.ToArray());
            long start = -1;
            for (var i = 0; i < 20 && start < 0; i++) { start = LabHost.StartTime(pid); if (start < 0) Thread.Sleep(10); }
            if (start < 0) throw new LabException($"Node '{node.Name}': its supervisor exited at once; see {node.Directory}/nspawn.log.", node.Name);
            node.SupervisorPid = pid; node.SupervisorStartTime = start;
        }

        /// Null when sshd answers, else why not.
        private static string WaitReady(McpLabNodeInfo node, int port, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < timeout)
            {
                if (!LabHost.IsAlive(node.SupervisorPid, node.SupervisorStartTime))
                    return "systemd-nspawn exited: " + LogTail(node);
                if (LabHost.SshBanner(node.Address, port, 500)) return null;
                Thread.Sleep(100);
            }
            return $"sshd did not answer within {timeout.TotalSeconds:0} s; " + LogTail(node);
        }

        private static string LogTail(McpLabNodeInfo node)
        {
            var log = Path.Combine(node.Directory, "nspawn.log");
            try { return File.Exists(log) ? string.Join(" | ", File.ReadAllLines(log).Skip(Math.Max(0, File.ReadAllLines(log).Length - 4))) : "no log"; }
            catch (IOException) { return "log unreadable"; }
        }

        private static bool IsRunning(McpLabNodeInfo n, int port) =>
            LabHost.IsAlive(n.SupervisorPid, n.SupervisorStartTime) && LabHost.SshBanner(n.Address, port, 1000);

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

        /// Stops a node's processes: SIGTERM to its supervisor (clean poweroff), SIGKILL to
        /// its process group after the grace time, then to whatever is left in its cgroups.
        private static void StopProcesses(McpLabNodeInfo node)
        {
            if (LabHost.IsAlive(node.SupervisorPid, node.SupervisorStartTime))
            {
                LabHost.Signal(node.SupervisorPid, LabHost.SIGTERM);
                if (!LabHost.WaitExit(node.SupervisorPid, node.SupervisorStartTime, StopGrace))
                {
                    LabHost.Signal(-node.SupervisorPid, LabHost.SIGKILL);   // setsid: pgid == supervisor pid
                    LabHost.WaitExit(node.SupervisorPid, node.SupervisorStartTime, TimeSpan.FromSeconds(5));
                }
            }
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var left = node.Cgroups.SelectMany(LabHost.CgroupProcesses).Distinct().ToList();
                if (left.Count == 0) break;
                foreach (var p in left) LabHost.Signal(p, LabHost.SIGKILL);
                Thread.Sleep(100);
            }
            node.SupervisorPid = 0; node.SupervisorStartTime = 0;
        }

        private static void TeardownNode(McpLabNodeInfo node)
        {
            StopProcesses(node);
            var root = Path.Combine(node.Directory ?? "/nonexistent", "root");
            if (node.Directory != null && LabHost.IsMounted(root))
            {
                var r = LabHost.Run("umount", root);
                if (r.ExitCode != 0) LabHost.Run("umount", "-l", root);
            }
            foreach (var c in node.Cgroups) LabHost.RemoveCgroup(c);
            if (node.Directory != null && Directory.Exists(node.Directory) && !LabHost.MountPoints().Any(m => m.StartsWith(node.Directory + "/", StringComparison.Ordinal)))
                LabHost.Run("rm", "-rf", "--one-file-system", node.Directory);
        }

        private static void Teardown(McpLabInfo lab)
        {
            // Poweroff of all nodes at once, then the rest one by one.
            foreach (var n in lab.Nodes)
                if (LabHost.IsAlive(n.SupervisorPid, n.SupervisorStartTime)) LabHost.Signal(n.SupervisorPid, LabHost.SIGTERM);
            Task.WaitAll(lab.Nodes.Select(n => Task.Run(() => LabHost.WaitExit(n.SupervisorPid, n.SupervisorStartTime, StopGrace))).ToArray());
            foreach (var n in lab.Nodes) TeardownNode(n);
            LabRepository.StopServer(lab.Repository);
            if (!string.IsNullOrEmpty(lab.Bridge) && lab.Bridge.StartsWith("mcplab", StringComparison.Ordinal) && LabHost.LinkExists(lab.Bridge))
                LabHost.Run("ip", "link", "del", lab.Bridge);
            var work = lab.WorkDirectory;
            if (!string.IsNullOrEmpty(work) && Directory.Exists(work) && !LabHost.MountPoints().Any(m => m.StartsWith(work + "/", StringComparison.Ordinal)))
                LabHost.Run("rm", "-rf", "--one-file-system", work);
            LabRegistry.Delete(lab.Cluster);
        }
    }
}
