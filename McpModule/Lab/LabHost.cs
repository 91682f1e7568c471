using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace McpModule.Lab
{
    /// The result of a host command.
    internal sealed class CommandResult
    {
        public int ExitCode; public string StdOut; public string StdErr;
        public string Describe(string what) => $"{what} failed (exit {ExitCode}): {(StdErr + " " + StdOut).Trim()}";
    }

    /// Host operations of the lab: commands, signals by PID, /proc, mounts, cgroups, sockets.
    internal static class LabHost
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int SysKill(int pid, int signal);
        [DllImport("libc", EntryPoint = "geteuid")]
        private static extern uint GetEuid();

        public const int SIGTERM = 15, SIGKILL = 9;

        public static bool IsRoot => GetEuid() == 0;

        /// Quotes arguments for ProcessStartInfo.Arguments (the rules .NET parses on Unix).
        public static string Quote(IEnumerable<string> args) => string.Join(" ", args.Select(a =>
        {
            if (a.Length > 0 && a.All(c => !char.IsWhiteSpace(c) && c != '"' && c != '\\' && c != '\'')) return a;
            var sb = new StringBuilder("\"");
            int slashes = 0;
            foreach (var c in a)
            {
                if (c == '\\') { slashes++; continue; }
                if (c == '"') { sb.Append('\\', slashes * 2 + 1); sb.Append('"'); }
                else { sb.Append('\\', slashes); sb.Append(c); }
                slashes = 0;
            }
            sb.Append('\\', slashes * 2).Append('"');
            return sb.ToString();
        }));

        public static CommandResult Run(string file, params string[] args) => Run(file, args, null);

        /// Runs a command to its end; each stdout line goes to onLine on the calling thread.
        public static CommandResult Run(string file, string[] args, Action<string> onLine)
        {
            var psi = new ProcessStartInfo(file, Quote(args))
            {
                UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
                RedirectStandardInput = true, CreateNoWindow = true,
            };
            psi.Environment["LC_ALL"] = "C";
            using (var p = Process.Start(psi))
            {
                p.StandardInput.Close();
                var err = p.StandardError.ReadToEndAsync();
                var outText = new StringBuilder();
                string line;
                while ((line = p.StandardOutput.ReadLine()) != null)
                {
                    outText.AppendLine(line);
                    onLine?.Invoke(line);
                }
                p.WaitForExit();
                return new CommandResult { ExitCode = p.ExitCode, StdOut = outText.ToString(), StdErr = err.Result };
            }
        }

        public static string Check(string file, params string[] args)
        {
            var r = Run(file, args);
            if (r.ExitCode != 0) throw new LabException(r.Describe(file + " " + string.Join(" ", args)));
            return r.StdOut;
        }

        /// Starts a detached process (own session, output to log, stdin /dev/null, no other
        /// descriptor of ours); its PID. Inherited descriptors are closed first: a lab started
        /// under `flock /tmp/mcp-lab.lock` would otherwise keep the lock in its nodes and HTTP
        /// server for as long as it runs, and every other lab user waits for it.
        public static int StartDetached(string log, params string[] command)
        {
            var args = new List<string>
            {
                "-c",
                "log=$1; shift; ( for fd in /proc/$BASHPID/fd/*; do fd=${fd##*/}; [ \"$fd\" -gt 2 ] && eval \"exec $fd>&-\"; done; exec setsid \"$@\" ) >\"$log\" 2>&1 </dev/null & echo $!",
                "bash", log,
            };
            args.AddRange(command);
            var text = Check("/bin/bash", args.ToArray()).Trim();
            return int.Parse(text, CultureInfo.InvariantCulture);
        }

        /// /proc/PID/stat field 22 (start time in clock ticks), or -1 when the process is gone.
        public static long StartTime(int pid)
        {
            if (pid <= 0) return -1;
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var rest = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                if (rest[0] == "Z" || rest[0] == "X") return -1;
                return long.Parse(rest[19], CultureInfo.InvariantCulture);
            }
            catch (IOException) { return -1; }
            catch (UnauthorizedAccessException) { return -1; }
        }

        /// True when PID is still the process that had this start time.
        public static bool IsAlive(int pid, long startTime) => pid > 0 && StartTime(pid) == startTime;

        public static bool Signal(int pid, int signal) => pid > 0 && SysKill(pid, signal) == 0;

        public static bool WaitExit(int pid, long startTime, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (IsAlive(pid, startTime))
            {
                if (sw.Elapsed > timeout) return false;
                Thread.Sleep(50);
            }
            return true;
        }

        /// PID → parent PID of every process.
        public static Dictionary<int, int> ParentMap()
        {
            var map = new Dictionary<int, int>();
            foreach (var dir in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                try
                {
                    var stat = File.ReadAllText(dir + "/stat");
                    var rest = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                    map[pid] = int.Parse(rest[1], CultureInfo.InvariantCulture);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            return map;
        }

        /// A symbolic link's target, or null when it cannot be read.
        public static string ReadLink(string path) => McpModule.FileSystem.NativePath.ReadLink(path);

        public static string PidNamespace(int pid) => ReadLink($"/proc/{pid}/ns/pid");

        /// The node's init (PID 1 inside) seen from the host: the first descendant of the
        /// supervisor that lives in another PID namespace.
        public static int InitPid(int supervisorPid)
        {
            if (supervisorPid <= 0) return 0;
            var parents = ParentMap();
            var children = parents.GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).OrderBy(p => p).ToList());
            var own = PidNamespace(supervisorPid);
            var queue = new Queue<int>(new[] { supervisorPid });
            while (queue.Count > 0)
            {
                var p = queue.Dequeue();
                if (!children.TryGetValue(p, out var kids)) continue;
                foreach (var k in kids)
                {
                    var ns = PidNamespace(k);
                    if (ns != null && own != null && ns != own) return k;
                    queue.Enqueue(k);
                }
            }
            return 0;
        }

        /// Mount points of the host (decoded from /proc/self/mountinfo).
        public static HashSet<string> MountPoints()
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in File.ReadAllLines("/proc/self/mountinfo"))
            {
                var parts = line.Split(' ');
                if (parts.Length > 4) set.Add(Decode(parts[4]));
            }
            return set;
        }

        private static string Decode(string s)
        {
            if (s.IndexOf('\\') < 0) return s;
            var sb = new StringBuilder();
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] == '\\' && i + 3 < s.Length) { sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 3), 8)); i += 3; }
                else sb.Append(s[i]);
            }
            return sb.ToString();
        }

        public static bool IsMounted(string path) => MountPoints().Contains(path.TrimEnd('/'));

        /// The cgroup folders to make for one node: name=systemd and unified (nspawn needs its
        /// own cgroup there, else all nodes share one payload cgroup), and memory (to measure).
        public static List<string> CgroupsFor(string labId, string node)
        {
            const string root = "/sys/fs/cgroup";
            var list = new List<string>();
            if (File.Exists(root + "/cgroup.controllers"))
            {
                list.Add($"{root}/mcplab-{labId}/{node}");   // pure cgroup2
                return list;
            }
            if (Directory.Exists(root + "/systemd")) list.Add($"{root}/systemd/mcplab-{labId}/{node}");
            if (Directory.Exists(root + "/unified")) list.Add($"{root}/unified/mcplab-{labId}/{node}");
            if (Directory.Exists(root + "/memory"))
            {
                var own = File.ReadAllLines("/proc/self/cgroup").Select(l => l.Split(new[] { ':' }, 3))
                    .FirstOrDefault(p => p.Length == 3 && p[1].Split(',').Contains("memory"));
                var rel = own == null ? "" : own[2].TrimEnd('/');
                list.Add($"{root}/memory{rel}/mcplab-{labId}-{node}");
            }
            return list;
        }

        /// Removes a cgroup and the ones nested in it (deepest first); its parent too when empty
        /// and named mcplab-*.
        public static void RemoveCgroup(string path)
        {
            if (!IsLabCgroup(path)) return;
            if (Directory.Exists(path))
            {
                var dirs = new List<string>();
                Collect(path, dirs);
                foreach (var d in dirs.OrderByDescending(d => d.Length))
                    for (int attempt = 0; attempt < 20; attempt++)
                    {
                        try { Directory.Delete(d); break; }
                        catch (IOException) { Thread.Sleep(50); }
                        catch (UnauthorizedAccessException) { Thread.Sleep(50); }
                    }
            }
            var parent = Path.GetDirectoryName(path);
            if (Path.GetFileName(parent).StartsWith("mcplab-", StringComparison.Ordinal) && Directory.Exists(parent))
                try { if (!Directory.EnumerateDirectories(parent).Any()) Directory.Delete(parent); } catch (IOException) { }
        }

        private static void Collect(string dir, List<string> into)
        {
            into.Add(dir);
            foreach (var d in Directory.GetDirectories(dir)) Collect(d, into);
        }

        /// A cgroup a lab made (CgroupsFor): under /sys/fs/cgroup, a folder named mcplab-* on the way.
        public static bool IsLabCgroup(string path) =>
            !string.IsNullOrEmpty(path) && path.StartsWith("/sys/fs/cgroup/", StringComparison.Ordinal) &&
            !path.Split('/').Contains("..") && path.Split('/').Any(p => p.StartsWith("mcplab-", StringComparison.Ordinal));

        /// PIDs in a cgroup and the ones nested in it.
        public static List<int> CgroupProcesses(string path)
        {
            var pids = new List<int>();
            if (!Directory.Exists(path)) return pids;
            var dirs = new List<string>();
            Collect(path, dirs);
            foreach (var d in dirs)
                try
                {
                    foreach (var l in File.ReadAllLines(Path.Combine(d, "cgroup.procs")))
                        if (int.TryParse(l, out var p)) pids.Add(p);
                }
                catch (IOException) { }
            return pids;
        }

        /// Memory in use by a node's cgroup, MB (usage less inactive file cache); null when unknown.
        public static double? MemoryMB(IEnumerable<string> cgroups)
        {
            foreach (var c in cgroups)
            {
                try
                {
                    long usage; string inactiveKey;
                    if (File.Exists(c + "/memory.current")) { usage = long.Parse(File.ReadAllText(c + "/memory.current").Trim(), CultureInfo.InvariantCulture); inactiveKey = "inactive_file"; }
                    else if (File.Exists(c + "/memory.usage_in_bytes")) { usage = long.Parse(File.ReadAllText(c + "/memory.usage_in_bytes").Trim(), CultureInfo.InvariantCulture); inactiveKey = "total_inactive_file"; }
                    else continue;
                    long inactive = 0;
                    foreach (var l in File.ReadAllLines(c + "/memory.stat"))
                    {
                        var p = l.Split(' ');
                        if (p.Length == 2 && p[0] == inactiveKey) inactive = long.Parse(p[1], CultureInfo.InvariantCulture);
                    }
                    return Math.Round(Math.Max(0, usage - inactive) / 1048576.0, 1);
                }
                catch (IOException) { }
                catch (FormatException) { }
            }
            return null;
        }

        /// True when the address answers on the port with an SSH banner.
        public static bool SshBanner(string address, int port, int timeoutMs)
        {
            try
            {
                using (var client = new TcpClient())
                {
                    var connect = client.ConnectAsync(address, port);
                    if (!connect.Wait(timeoutMs) || !client.Connected) return false;
                    client.ReceiveTimeout = timeoutMs;
                    var buffer = new byte[4];
                    var stream = client.GetStream();
                    int read = 0;
                    while (read < 4)
                    {
                        var n = stream.Read(buffer, read, 4 - read);
                        if (n <= 0) return false;
                        read += n;
                    }
                    return Encoding.ASCII.GetString(buffer) == "SSH-";
                }
            }
            catch (Exception e) when (e is SocketException || e is IOException || e is AggregateException || e is ObjectDisposedException) { return false; }
        }

        /// IPv4 addresses of the host's interfaces: (interface, "a.b.c.d/p").
        public static List<KeyValuePair<string, string>> InterfaceAddresses()
        {
            var list = new List<KeyValuePair<string, string>>();
            foreach (var line in Check("ip", "-o", "-4", "addr", "show").Split('\n'))
            {
                var p = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                var i = Array.IndexOf(p, "inet");
                if (i > 1 && i + 1 < p.Length) list.Add(new KeyValuePair<string, string>(p[1], p[i + 1]));
            }
            return list;
        }

        public static bool LinkExists(string name) => Run("ip", "link", "show", "dev", name).ExitCode == 0;
    }

    /// A lab operation that failed on the host.
    public sealed class LabException : Exception
    {
        public LabException(string message, string node = null, Exception inner = null) : base(message, inner) { Node = node; }
        /// The node the failure is about, or null for the lab as a whole.
        public string Node { get; }
        /// The package the failure is about (the lab's APT repository), or null.
        public string Package { get; internal set; }
    }
}
