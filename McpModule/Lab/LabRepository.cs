using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace McpModule.Lab
{
    /// The lab's local APT repository as the state file records it.
    internal sealed class McpLabRepositoryInfo
    {
        /// The URL nodes fetch from: http://&lt;bridge host address&gt;:&lt;port&gt;/ (a flat repository).
        public string Url { get; set; }
        /// The host address on the lab bridge the server is bound to (and only that one).
        public string Address { get; set; }
        public int Port { get; set; }
        /// PID of the HTTP server (python3 -m http.server), 0 when stopped.
        public int Pid { get; set; }
        /// The server's start time (/proc/PID/stat field 22) to tell it from a reused PID.
        public long StartTime { get; set; }
        /// The cached repository folder served (.deb files, Packages, Packages.gz).
        public string Directory { get; set; }
        /// The packages asked for (their dependencies not in the image are in the repository too).
        public List<string> Packages { get; set; } = new List<string>();
    }

    /// The lab's local APT repository: the packages asked for and their dependencies that the
    /// node image lacks, downloaded on the host with apt-get (against the image's dpkg status, from
    /// the host's configured mirror), indexed with dpkg-scanpackages, cached per (image, package
    /// set) under LabRegistry.RepositoryDirectory/&lt;key&gt;, served over HTTP on the lab bridge's
    /// host address only. Nodes get /etc/apt/sources.list.d/mcplab.list and no other source.
    internal static class LabRepository
    {
        public const string SourcesFile = "etc/apt/sources.list.d/mcplab.list";

        private static readonly Regex PackageName = new Regex(@"^[a-z0-9][a-z0-9+.-]+\z", RegexOptions.CultureInvariant);

        /// The sorted, distinct package names; a name Debian does not allow is an error naming it.
        public static List<string> Normalize(IEnumerable<string> packages)
        {
            var list = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var raw in packages ?? Array.Empty<string>())
            {
                var p = (raw ?? "").Trim();
                if (!PackageName.IsMatch(p))
                    throw new LabException($"Package '{raw}': not a Debian package name (lower-case letters, digits, '+', '-', '.'; at least two characters).") { Package = raw };
                list.Add(p);
            }
            return list.ToList();
        }

        /// The cache key: the image (its own key names suite, mirror and packages) and the package set.
        public static string CacheKey(string imageKey, IEnumerable<string> packages)
        {
            var text = imageKey + "\n" + string.Join("\n", Normalize(packages));
            return imageKey + "-" + Text.ShortHash.Of(text, 8);
        }

        /// The nodes' only APT source: the lab's flat repository, trusted (unsigned, on the lab bridge).
        public static string SourcesList(string url) =>
            "# McpModule lab: the lab's local APT repository on the lab bridge; nodes have no other source.\n" +
            $"deb [trusted=yes] {url.TrimEnd('/')}/ ./\n";

        public static string Url(string address, int port) => $"http://{address}:{port.ToString(CultureInfo.InvariantCulture)}/";

        /// The port of python3 -m http.server from its first line ("Serving HTTP on A port N (...) ..."), or 0.
        public static int ParseServingPort(string log)
        {
            var m = Regex.Match(log ?? "", @"^Serving HTTP on \S+ port (\d+)", RegexOptions.Multiline | RegexOptions.CultureInvariant);
            return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        }

        /// The package apt-get's errors are about, or null: "Unable to locate package X",
        /// "Package 'X' has no installation candidate", " X : Depends: ..." (unmet dependencies).
        public static string PackageAtFault(string aptOutput)
        {
            foreach (var pattern in new[]
            {
                @"^E: Unable to locate package (\S+)",
                @"^E: Package '([^']+)' has no installation candidate",
                @"^E: Couldn't find any package by (?:glob|regex) '([^']+)'",
                @"^\s+(\S+) : (?:Pre)?Depends: ",
                @"^\s+(\S+) : (?:Breaks|Conflicts): ",
            })
            {
                var m = Regex.Match(aptOutput ?? "", pattern, RegexOptions.Multiline | RegexOptions.CultureInvariant);
                if (m.Success) return m.Groups[1].Value;
            }
            return null;
        }

        /// The repository folder for these packages over this image, built first when missing.
        public static string Ensure(string image, IReadOnlyList<string> packages, Action<LabProgress> progress)
        {
            var imageKey = Path.GetFileName(Path.GetDirectoryName(image.TrimEnd('/')));
            var key = CacheKey(imageKey, packages);
            var root = LabRegistry.RepositoryDirectory;
            var dir = Path.Combine(root, key);
            var ready = Path.Combine(root, key + ".ready");
            if (File.Exists(ready) && File.Exists(Path.Combine(dir, "Packages"))) return dir;
            System.IO.Directory.CreateDirectory(root);
            using (LabImage.Lock(Path.Combine(root, key + ".lock")))
            {
                if (File.Exists(ready) && File.Exists(Path.Combine(dir, "Packages"))) return dir;
                const string activity = "Filling the lab's APT repository (once per package set)";
                var build = Path.Combine(root, key + ".build");
                foreach (var d in new[] { dir, build })
                    if (System.IO.Directory.Exists(d)) LabHost.Check("rm", "-rf", "--one-file-system", d);
                System.IO.Directory.CreateDirectory(Path.Combine(build, "partial"));
                if (packages.Count > 0)
                {
                    progress?.Invoke(new LabProgress(activity, "apt-get: " + string.Join(" ", packages), 10));
                    if (!HostHasPackageLists())
                    {
                        progress?.Invoke(new LabProgress(activity, "apt-get update (the host has no package lists)", 5));
                        var u = LabHost.Run("apt-get", "update", "-qq");
                        if (u.ExitCode != 0) throw new LabException(u.Describe("apt-get update on the host"));
                    }
                    // apt resolves against the image's dpkg status: only what a node lacks is fetched.
                    var args = new List<string>
                    {
                        "install", "--download-only", "-y", "-q",
                        "-o", "Dir::State::status=" + Path.Combine(image, "var/lib/dpkg/status"),
                        "-o", "Dir::Cache::Archives=" + build,
                        "-o", "APT::Install-Recommends=true",
                        "-o", "APT::Sandbox::User=root",
                    };
                    args.AddRange(packages);
                    var r = LabHost.Run("apt-get", args.ToArray());
                    if (r.ExitCode != 0)
                    {
                        var text = r.StdErr + "\n" + r.StdOut;
                        var at = PackageAtFault(text);
                        var why = string.Join(" | ", text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("E: ", StringComparison.Ordinal) || l.Contains(" : ")).Take(6));
                        LabHost.Run("rm", "-rf", "--one-file-system", build);
                        throw new LabException((at != null ? $"Package '{at}': " : "") +
                            $"apt-get could not fetch {string.Join(", ", packages)} for the lab's repository (exit {r.ExitCode}): {(why.Length > 0 ? why : r.StdErr.Trim())}")
                        { Package = at };
                    }
                }
                LabHost.Check("rm", "-rf", Path.Combine(build, "partial"), Path.Combine(build, "lock"));
                progress?.Invoke(new LabProgress(activity, "dpkg-scanpackages", 80));
                var index = LabHost.Check("/bin/sh", "-c", "cd \"$1\" && dpkg-scanpackages --multiversion . /dev/null 2>/dev/null", "sh", build);
                WriteIndex(build, index);
                System.IO.Directory.Move(build, dir);
                File.WriteAllText(ready, $"image: {imageKey}\npackages: {string.Join(",", packages)}\n" +
                    $"files: {System.IO.Directory.GetFiles(dir, "*.deb").Length}\nbuilt: {DateTime.UtcNow:o}\n");
                progress?.Invoke(new LabProgress(activity, "done", 100));
                return dir;
            }
        }

        private static bool HostHasPackageLists()
        {
            const string lists = "/var/lib/apt/lists";
            return System.IO.Directory.Exists(lists) && System.IO.Directory.EnumerateFiles(lists, "*_Packages*").Any();
        }

        /// Packages and Packages.gz (apt then asks for nothing it would not find).
        private static void WriteIndex(string dir, string packages)
        {
            var bytes = new UTF8Encoding(false).GetBytes(packages);
            File.WriteAllBytes(Path.Combine(dir, "Packages"), bytes);
            using (var f = File.Create(Path.Combine(dir, "Packages.gz")))
            using (var gz = new GZipStream(f, CompressionLevel.Optimal))
                gz.Write(bytes, 0, bytes.Length);
        }

        private static string Python() => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

        /// The port the server takes when it is free: a fixed one, so that a model can name the lab's
        /// repository as an APT source (the lab overlay, LabOverlay, names the one it runs:
        /// http://&lt;bridge host address&gt;:8278/). When another program holds it, the server takes any free port.
        public const int PreferredPort = 8278;

        /// Starts the HTTP server on address (PreferredPort, else a free port), serving dir; returns once it answers.
        public static McpLabRepositoryInfo StartServer(string dir, string address, string log, IReadOnlyList<string> packages)
        {
            try { return StartServer(dir, address, log, packages, PreferredPort); }
            catch (LabException e) when (e.Message.Contains("Address already in use")) { return StartServer(dir, address, log, packages, 0); }
        }

        private static McpLabRepositoryInfo StartServer(string dir, string address, string log, IReadOnlyList<string> packages, int port)
        {
            if (File.Exists(log)) File.Delete(log);
            var pid = LabHost.StartDetached(log, Python(), "-u", "-m", "http.server", "--bind", address, "--directory", dir, port.ToString(CultureInfo.InvariantCulture));
            long start = -1;
            for (var i = 0; i < 20 && start < 0; i++) { start = LabHost.StartTime(pid); if (start < 0) Thread.Sleep(10); }
            var info = new McpLabRepositoryInfo { Address = address, Pid = pid, StartTime = start, Directory = dir, Packages = packages.ToList() };
            for (var i = 0; i < 100; i++)
            {
                string text;
                try { text = File.Exists(log) ? File.ReadAllText(log) : ""; } catch (IOException) { text = ""; }
                var serving = ParseServingPort(text);
                if (serving > 0 && Answers(address, serving))
                {
                    info.Port = serving;
                    info.Url = Url(address, serving);
                    return info;
                }
                if (!LabHost.IsAlive(pid, start))
                    throw new LabException($"The lab's APT repository server on {address} exited: {text.Trim()}");
                Thread.Sleep(50);
            }
            StopServer(info);
            throw new LabException($"The lab's APT repository server on {address} did not answer within 5 s; see {log}.");
        }

        /// Stops the server by its PID (checked against its start time); true when it is gone.
        public static bool StopServer(McpLabRepositoryInfo repo)
        {
            if (repo == null || repo.Pid <= 0) return true;
            if (LabHost.IsAlive(repo.Pid, repo.StartTime))
            {
                LabHost.Signal(repo.Pid, LabHost.SIGTERM);
                if (!LabHost.WaitExit(repo.Pid, repo.StartTime, TimeSpan.FromSeconds(5)))
                {
                    LabHost.Signal(repo.Pid, LabHost.SIGKILL);
                    if (!LabHost.WaitExit(repo.Pid, repo.StartTime, TimeSpan.FromSeconds(5))) return false;
                }
            }
            repo.Pid = 0; repo.StartTime = 0;
            return true;
        }

        public static bool IsServing(McpLabRepositoryInfo repo) =>
            repo != null && LabHost.IsAlive(repo.Pid, repo.StartTime) && repo.Port > 0 && Answers(repo.Address, repo.Port);

        private static bool Answers(string address, int port)
        {
            try
            {
                using (var client = new TcpClient())
                    return client.ConnectAsync(address, port).Wait(500) && client.Connected;
            }
            catch (Exception e) when (e is SocketException || e is AggregateException || e is ObjectDisposedException) { return false; }
        }

        /// Points a node's APT at the lab repository only: mcplab.list written, every other source removed.
        public static void ConfigureNode(string nodeRoot, string url)
        {
            var apt = Path.Combine(nodeRoot, "etc/apt");
            var parts = Path.Combine(apt, "sources.list.d");
            System.IO.Directory.CreateDirectory(parts);
            var main = Path.Combine(apt, "sources.list");
            if (File.Exists(main)) File.Delete(main);
            foreach (var f in System.IO.Directory.GetFiles(parts))
                if ((f.EndsWith(".list", StringComparison.Ordinal) || f.EndsWith(".sources", StringComparison.Ordinal)) &&
                    Path.GetFileName(f) != "mcplab.list")
                    File.Delete(f);
            File.WriteAllText(Path.Combine(nodeRoot, SourcesFile), SourcesList(url));
        }
    }
}
