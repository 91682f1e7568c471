using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using McpModule.FileSystem;

namespace McpModule.Lab
{
    /// One lab node's machine: its overlay root and identity, the supervisor that runs
    /// systemd-nspawn (and boots it again on reboot), readiness, and a clean stop.
    internal static class LabMachine
    {
        internal static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

        internal const string SupervisorScript = @"#!/bin/bash
# McpModule lab node supervisor: ROOT MACHINE HOSTNAME BRIDGE DISKS CGROUP...
# (DISKS: the node's loop devices, comma-separated, bound into it; - for none)
# Joins the node's own cgroups, runs systemd-nspawn, starts it again when the node reboots
# (exit 133); SIGTERM -> SIGTERM to nspawn -> clean poweroff of the node.
root=$1 machine=$2 host=$3 br=$4 disks=$5; shift 5
binds=(); if [ ""$disks"" != - ]; then IFS=, read -ra ds <<< ""$disks""; for d in ""${ds[@]}""; do binds+=(""--bind=$d""); done; fi
for c in ""$@""; do echo $$ > ""$c/cgroup.procs""; done
stop=0; child=
trap 'stop=1; [ -n ""$child"" ] && kill -TERM $child 2>/dev/null' TERM
while :; do
  systemd-nspawn -q -D ""$root"" -M ""$machine"" --hostname=""$host"" --boot --register=no --keep-unit \
    --network-bridge=""$br"" --console=passive --link-journal=no ""${binds[@]}"" & child=$!
  rc=0
  while kill -0 $child 2>/dev/null; do wait $child; rc=$?; done
  echo ""nspawn exit $rc""
  [ $stop = 0 ] && [ $rc = 133 ] || break
done
";

        /// The node's root: an overlay over the image, with its own hostname, /etc/hosts of the
        /// lab, machine-id, new host keys (recorded on node), the lab's key for root, its model
        /// address and the lab's APT repository.
        internal static void Prepare(McpLabInfo lab, McpLabNodeInfo node, string image, string gateway, List<Tuple<string, string, string>> hosts)
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

        internal static void Launch(McpLabInfo lab, McpLabNodeInfo node, string supervisor)
        {
            foreach (var c in node.Cgroups) { LabHost.RemoveCgroup(c); Directory.CreateDirectory(c); }
            var command = new List<string> { "/bin/bash", supervisor, Path.Combine(node.Directory, "root"), node.Machine, node.Name, lab.Bridge, LabDisks.BindArgument(node) };
            command.AddRange(node.Cgroups);
            var pid = LabHost.StartDetached(Path.Combine(node.Directory, "nspawn.log"), command.ToArray());
            long start = -1;
            for (var i = 0; i < 20 && start < 0; i++) { start = LabHost.StartTime(pid); if (start < 0) Thread.Sleep(10); }
            if (start < 0) throw new LabException($"Node '{node.Name}': its supervisor exited at once; see {node.Directory}/nspawn.log.", node.Name);
            node.SupervisorPid = pid; node.SupervisorStartTime = start;
        }

        /// Null when sshd answers, else why not.
        internal static string WaitReady(McpLabNodeInfo node, int port, TimeSpan timeout)
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
            if (!File.Exists(log)) return "no log";
            try
            {
                var lines = File.ReadAllLines(log);
                return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 4)));
            }
            catch (IOException) { return "log unreadable"; }
        }

        internal static bool IsRunning(McpLabNodeInfo n, int port) =>
            LabHost.IsAlive(n.SupervisorPid, n.SupervisorStartTime) && LabHost.SshBanner(n.Address, port, 1000);

        /// Stops a node's processes: SIGTERM to its supervisor (clean poweroff), SIGKILL to
        /// its process group after the grace time, then to whatever is left in its cgroups.
        internal static void StopProcesses(McpLabNodeInfo node)
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
                var left = node.Cgroups.Where(LabHost.IsLabCgroup).SelectMany(LabHost.CgroupProcesses).Distinct().ToList();
                if (left.Count == 0) break;
                foreach (var p in left) LabHost.Signal(p, LabHost.SIGKILL);
                Thread.Sleep(100);
            }
            node.SupervisorPid = 0; node.SupervisorStartTime = 0;
        }

        /// Stops the node and removes what it had: its root's mount, cgroups and folder. The state
        /// file says where those are and anyone who can write it could point them anywhere, so
        /// only a folder under the lab's own work folder and cgroups named mcplab-* are touched.
        internal static void Teardown(McpLabNodeInfo node, string workDirectory)
        {
            StopProcesses(node);
            var directory = node.Directory != null && RootedPath.IsInside(Path.Combine(workDirectory, "nodes"), node.Directory)
                ? Path.GetFullPath(node.Directory) : null;
            var root = Path.Combine(directory ?? "/nonexistent", "root");
            if (directory != null && LabHost.IsMounted(root))
            {
                var r = LabHost.Run("umount", root);
                if (r.ExitCode != 0) LabHost.Run("umount", "-l", root);
            }
            foreach (var c in node.Cgroups.Where(LabHost.IsLabCgroup)) LabHost.RemoveCgroup(c);
            if (directory != null) LabDisks.Detach(node, directory);
            if (directory != null && Directory.Exists(directory) && !LabHost.MountPoints().Any(m => m.StartsWith(directory + "/", StringComparison.Ordinal)))
                LabHost.Run("rm", "-rf", "--one-file-system", directory);
        }
    }
}
