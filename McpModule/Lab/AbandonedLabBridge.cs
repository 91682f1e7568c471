using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace McpModule.Lab
{
    /// The bridge of a lab whose run was killed before Stop-McpLab (a CI job cancelled, a session
    /// ended): it keeps the gateway address of the lab's subnet, so every later lab on that subnet
    /// would be refused for cutting the host off it. Such a bridge is told from a live one by what
    /// a live lab always has: a node's link on the bridge and processes in the lab's cgroups.
    internal static class AbandonedLabBridge
    {
        // "mcplab" + the lab id (McpLab.Start): three bytes of a hash in hex.
        private static readonly Regex Name = new Regex(@"\Amcplab(?<id>[0-9a-f]{6})\z", RegexOptions.CultureInvariant);

        /// True for a bridge a lab made that has no port and no process left in that lab's cgroups.
        public static bool IsAbandoned(string name)
        {
            var m = Name.Match(name ?? "");
            if (!m.Success) return false;
            var sys = "/sys/class/net/" + name;
            if (!Directory.Exists(sys + "/bridge") || !Directory.Exists(sys + "/brif")) return false;
            if (Directory.EnumerateFileSystemEntries(sys + "/brif").Any()) return false;
            var id = m.Groups["id"].Value;
            // The lab's own cgroup folders (name=systemd, unified or pure cgroup2); its nodes' processes
            // are in each of them, so the memory hierarchy need not be read as well.
            return LabHost.CgroupsFor(id, "node").Select(Path.GetDirectoryName)
                .Where(d => Path.GetFileName(d) == "mcplab-" + id)
                .All(d => LabHost.CgroupProcesses(d).Count == 0);
        }

        /// Deletes the bridge when it is abandoned; the warning to give, or null when it is not
        /// abandoned (or could not be deleted) and stays as it was.
        public static string Remove(string name, string address)
        {
            if (!IsAbandoned(name)) return null;
            var r = LabHost.Run("ip", "link", "del", name);
            if (r.ExitCode != 0) return null;
            return $"Removed the bridge {name} ({address}) of a lab that no longer runs (no node on it, no process in its cgroups): " +
                   "a run stopped before Stop-McpLab left it. That lab's work folder, if it is still there, goes with Stop-McpLab in its state folder.";
        }
    }
}
