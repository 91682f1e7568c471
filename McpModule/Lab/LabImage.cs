using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace McpModule.Lab
{
    /// Progress of a long lab step (image build, node boot) for Write-Progress.
    internal sealed class LabProgress
    {
        public LabProgress(string activity, string status, int percent) { Activity = activity; Status = status; Percent = percent; }
        public string Activity { get; }
        public string Status { get; }
        /// 0..100, or -1 when unknown.
        public int Percent { get; }
    }

    /// A Debian mirror entry of the host's APT sources.
    internal sealed class AptMirror
    {
        public AptMirror(string uri, string suite) { Uri = uri; Suite = suite; }
        public string Uri { get; }
        public string Suite { get; }
    }

    /// The base image of lab nodes: a debootstrapped Debian root, built once per
    /// (suite, mirror, package list) and cached under LabRegistry.ImageDirectory/&lt;key&gt;/rootfs.
    internal static class LabImage
    {
        /// The packages every node image holds (the cache key includes them).
        public static readonly IReadOnlyList<string> Packages = new[]
        {
            "openssh-server", "systemd", "systemd-sysv", "dbus", "iproute2", "python3", "iputils-ping",
        };

        /// The first plain Debian entry (not security, not updates) of the host's APT sources:
        /// one-line sources.list and deb822 *.sources both read.
        public static AptMirror FindMirror(IEnumerable<KeyValuePair<string, string>> files)
        {
            foreach (var file in files)
            {
                var text = file.Value;
                if (file.Key.EndsWith(".sources", StringComparison.Ordinal))
                {
                    foreach (var block in text.Replace("\r", "").Split(new[] { "\n\n" }, StringSplitOptions.RemoveEmptyEntries))
                    {
                        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        foreach (var line in block.Split('\n'))
                        {
                            if (line.TrimStart().StartsWith("#", StringComparison.Ordinal)) continue;
                            var i = line.IndexOf(':');
                            if (i > 0) fields[line.Substring(0, i).Trim()] = line.Substring(i + 1).Trim();
                        }
                        if (!fields.TryGetValue("Types", out var types) || !types.Split(' ').Contains("deb")) continue;
                        if (fields.TryGetValue("Enabled", out var en) && en.Equals("no", StringComparison.OrdinalIgnoreCase)) continue;
                        if (!fields.TryGetValue("URIs", out var uris) || !fields.TryGetValue("Suites", out var suites)) continue;
                        var m = Pick(uris.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries), suites.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
                        if (m != null) return m;
                    }
                }
                else
                {
                    foreach (var raw in text.Split('\n'))
                    {
                        var line = raw.Trim();
                        if (!line.StartsWith("deb ", StringComparison.Ordinal)) continue;
                        line = line.Substring(4).Trim();
                        if (line.StartsWith("[", StringComparison.Ordinal)) line = line.Substring(line.IndexOf(']') + 1).Trim();
                        var p = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                        if (p.Length < 2) continue;
                        var m = Pick(new[] { p[0] }, new[] { p[1] });
                        if (m != null) return m;
                    }
                }
            }
            return null;
        }

        private static AptMirror Pick(string[] uris, string[] suites)
        {
            var uri = uris.FirstOrDefault(u => (u.StartsWith("http://", StringComparison.Ordinal) || u.StartsWith("https://", StringComparison.Ordinal) || u.StartsWith("file:", StringComparison.Ordinal))
                                               && u.IndexOf("security", StringComparison.OrdinalIgnoreCase) < 0);
            var suite = suites.FirstOrDefault(s => s.IndexOf('-') < 0 && s.IndexOf('/') < 0);
            return uri == null || suite == null ? null : new AptMirror(uri, suite);
        }

        /// The host's mirror from /etc/apt/sources.list and /etc/apt/sources.list.d/*.{list,sources}.
        public static AptMirror HostMirror()
        {
            var files = new List<KeyValuePair<string, string>>();
            if (File.Exists("/etc/apt/sources.list")) files.Add(new KeyValuePair<string, string>("/etc/apt/sources.list", File.ReadAllText("/etc/apt/sources.list")));
            if (Directory.Exists("/etc/apt/sources.list.d"))
                foreach (var f in Directory.GetFiles("/etc/apt/sources.list.d").OrderBy(f => f, StringComparer.Ordinal))
                    if (f.EndsWith(".list", StringComparison.Ordinal) || f.EndsWith(".sources", StringComparison.Ordinal))
                        files.Add(new KeyValuePair<string, string>(f, File.ReadAllText(f)));
            return FindMirror(files) ?? throw new LabException("No Debian mirror in /etc/apt/sources.list or /etc/apt/sources.list.d: the lab's base image is built from the host's configured mirror.");
        }

        /// The cache key: suite, mirror, variant and the sorted package list.
        public static string CacheKey(AptMirror source, IEnumerable<string> packages)
        {
            var text = string.Join("\n", new[] { "minbase", source.Suite, source.Uri.TrimEnd('/') }.Concat(packages.OrderBy(p => p, StringComparer.Ordinal)));
            return source.Suite + "-" + Text.ShortHash.Of(text, 8);
        }

        /// The root folder of the cached image, built first when missing (progress while it builds).
        public static string Ensure(Action<LabProgress> progress)
        {
            var source = HostMirror();
            var key = CacheKey(source, Packages);
            var dir = Path.Combine(LabRegistry.ImageDirectory, key);
            var rootfs = Path.Combine(dir, "rootfs");
            var ready = Path.Combine(dir, "ready");
            if (File.Exists(ready)) return rootfs;
            Directory.CreateDirectory(LabRegistry.ImageDirectory);
            using (Lock(Path.Combine(LabRegistry.ImageDirectory, key + ".lock")))
            {
                if (File.Exists(ready)) return rootfs;
                if (Directory.Exists(dir)) LabHost.Check("rm", "-rf", "--one-file-system", dir);
                var build = Path.Combine(LabRegistry.ImageDirectory, key + ".build");
                if (Directory.Exists(build)) LabHost.Check("rm", "-rf", "--one-file-system", build);
                const string activity = "Building the lab's base image (debootstrap, once)";
                progress?.Invoke(new LabProgress(activity, $"{source.Suite} from {source.Uri}", 0));
                int retrieved = 0, unpacked = 0;
                var r = LabHost.Run("debootstrap", new[]
                {
                    "--variant=minbase", "--include=" + string.Join(",", Packages), source.Suite, build, source.Uri,
                }, line =>
                {
                    if (!line.StartsWith("I: ", StringComparison.Ordinal)) return;
                    int pct;
                    if (line.StartsWith("I: Retrieving", StringComparison.Ordinal)) pct = Math.Min(40, ++retrieved / 4);
                    else if (line.StartsWith("I: Validating", StringComparison.Ordinal)) pct = 40;
                    else if (line.StartsWith("I: Extracting", StringComparison.Ordinal)) pct = 45;
                    else if (line.StartsWith("I: Unpacking", StringComparison.Ordinal)) pct = Math.Min(75, 50 + ++unpacked / 6);
                    else if (line.StartsWith("I: Configuring", StringComparison.Ordinal)) pct = 85;
                    else if (line.StartsWith("I: Base system installed", StringComparison.Ordinal)) pct = 99;
                    else pct = -1;
                    progress?.Invoke(new LabProgress(activity, line.Substring(3), pct));
                });
                if (r.ExitCode != 0)
                {
                    var log = Path.Combine(build, "debootstrap/debootstrap.log");
                    var tail = File.Exists(log) ? string.Join("\n", File.ReadAllLines(log).Skip(Math.Max(0, File.ReadAllLines(log).Length - 5))) : r.StdErr;
                    throw new LabException($"debootstrap of {source.Suite} from {source.Uri} failed (exit {r.ExitCode}): {tail}");
                }
                // Each node gets its own machine-id and host keys.
                foreach (var f in Directory.GetFiles(Path.Combine(build, "etc/ssh"), "ssh_host_*")) File.Delete(f);
                File.WriteAllText(Path.Combine(build, "etc/machine-id"), "");
                Directory.CreateDirectory(dir);
                Directory.Move(build, rootfs);
                File.WriteAllText(ready, $"suite: {source.Suite}\nmirror: {source.Uri}\npackages: {string.Join(",", Packages)}\nbuilt: {DateTime.UtcNow:o}\n");
                progress?.Invoke(new LabProgress(activity, "done", 100));
                return rootfs;
            }
        }

        /// An exclusive lock file held while the returned object lives.
        internal static IDisposable Lock(string file)
        {
            for (var attempt = 0; ; attempt++)
            {
                try { return new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
                catch (IOException) when (attempt < 3000) { Thread.Sleep(100); }
            }
        }
    }
}
