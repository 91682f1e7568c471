#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using McpModule.Text;

namespace McpModule.Ceph.Osd
{
    /// A device asked for on a node (-Device, or an McpCephDevice from the pipeline).
    internal sealed class CephOsdRequest
    {
        internal CephOsdRequest(McpNode node, string device, string? db, string? wal)
        {
            Node = node; Device = device; Db = db ?? ""; Wal = wal ?? "";
        }
        internal McpNode Node { get; }
        internal string Device { get; }
        internal string Db { get; }
        internal string Wal { get; }
    }

    /// A reason Add-McpCephOsd refuses, with the error id it is written under.
    internal sealed class CephOsdProblem
    {
        internal CephOsdProblem(string errorId, string node, string device, string message)
        {
            ErrorId = errorId; Node = node; Device = device; Message = message;
        }
        internal string ErrorId { get; }
        internal string Node { get; }
        internal string Device { get; }
        internal string Message { get; }
    }

    /// Checks every device asked for against what the node's ceph-volume says and what the
    /// cluster holds, before anything is touched; the plan, or every reason it cannot be.
    internal static class CephOsdPlanner
    {
        // A device path as ceph-volume takes it; anything else (spaces, quotes, `;`, `$(`, a newline) is
        // refused before it reaches a node. \z, not $: $ also matches before a final newline.
        private static readonly Regex DevicePath = new Regex(@"^/dev/[A-Za-z0-9][A-Za-z0-9_.:+/-]*\z", RegexOptions.CultureInvariant);

        internal static string? PathProblem(string path) =>
            path.Length > MaxPathLength
                ? $"'{DisplayText.Printable(path)}' is not a device path: {path.Length} characters, more than {MaxPathLength}"
            : !DevicePath.IsMatch(path) || path.Contains("/../") || path.EndsWith("/..", StringComparison.Ordinal) || path.Contains("//")
                ? $"'{DisplayText.Printable(path)}' is not a device path (/dev/ followed by letters, digits and _ . : + - /)" : null;

        /// A device path's bound (/dev/disk/by-path names are well under it).
        internal const int MaxPathLength = 256;

        /// The state id of a device's step: the formula's ceph_osd_{device without /dev/, _ for / - . :}.
        internal static string StateId(string device) =>
            "ceph_osd_" + (device.StartsWith("/dev/", StringComparison.Ordinal) ? device.Substring(5) : device)
                .Replace('/', '_').Replace('-', '_').Replace('.', '_').Replace(':', '_');

        internal static List<McpCephOsdPlan> Plan(IReadOnlyList<CephOsdRequest> requests, IReadOnlyDictionary<string, IReadOnlyList<McpCephDevice>> inventory,
            IReadOnlyList<McpCephOsd> osds, Func<McpNode, string> modeOf, bool encrypted, List<CephOsdProblem> problems)
        {
            var plans = new List<McpCephOsdPlan>();
            foreach (var group in requests.GroupBy(r => r.Node.Name, StringComparer.Ordinal))
            {
                var node = group.First().Node;
                if (!inventory.TryGetValue(node.Name, out var devices)) continue;   // its inventory failed: reported there
                var mode = modeOf(node);
                var reusable = new Queue<int>(osds.Where(o => o.Status == "destroyed" && string.Equals(o.Host, node.ShortName, StringComparison.OrdinalIgnoreCase)).Select(o => o.Id).OrderBy(i => i));
                var data = new HashSet<string>(group.Select(r => r.Device), StringComparer.Ordinal);
                var usedAsDb = new Dictionary<string, int>(StringComparer.Ordinal);
                var sideOk = new Dictionary<string, bool>(StringComparer.Ordinal);   // a shared DB/WAL device is checked once, its verdict holds for all
                foreach (var r in group.GroupBy(r => r.Device, StringComparer.Ordinal).Select(g => g.First()))
                {
                    var ok = Check(node, r.Device, "device", devices, problems);
                    foreach (var (side, what) in new[] { (r.Db, "DB device"), (r.Wal, "WAL device") })
                    {
                        if (side.Length == 0) continue;
                        if (data.Contains(side)) { problems.Add(new CephOsdProblem("Mcp.Ceph.DeviceTwice", node.Name, side, $"{node.Name}: {side} is asked for as a data device and as a {what}")); ok = false; continue; }
                        if (!sideOk.TryGetValue(side, out var good)) sideOk[side] = good = Check(node, side, what, devices, problems);
                        ok &= good;
                        usedAsDb[side] = usedAsDb.TryGetValue(side, out var n) ? n + 1 : 1;
                    }
                    if (!ok) continue;
                    plans.Add(new McpCephOsdPlan
                    {
                        Node = node.Name, Device = r.Device, DbDevice = r.Db, WalDevice = r.Wal, Mode = mode, Encrypted = encrypted,
                        ReuseId = reusable.Count > 0 ? reusable.Dequeue() : (int?)null, StateId = StateId(r.Device),
                    });
                }
                // /dev/a-b and /dev/a_b are one state id: one run cannot hold both as steps
                foreach (var clash in plans.Where(p => p.Node == node.Name).GroupBy(p => p.StateId, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList())
                {
                    problems.Add(new CephOsdProblem("Mcp.Ceph.StepIdClash", node.Name, clash.First().Device,
                        $"{node.Name}: {string.Join(" and ", clash.Select(p => p.Device))} would be one step ({clash.Key}) of the run; add them in two runs"));
                    plans.RemoveAll(p => p.Node == node.Name && p.StateId == clash.Key);
                }
                foreach (var plan in plans.Where(p => p.Node == node.Name && p.DbDevice.Length > 0))
                    plan.DbSlots = usedAsDb.TryGetValue(plan.DbDevice, out var slots) ? slots : 1;
                // raw OSDs take a whole device each for DB/WAL; sharing one needs lvm (ceph-volume lvm batch)
                if (mode == "Raw")
                    foreach (var shared in usedAsDb.Where(kv => kv.Value > 1))
                    {
                        problems.Add(new CephOsdProblem("Mcp.Ceph.SharedDbNeedsLvm", node.Name, shared.Key,
                            $"{node.Name}: {shared.Key} is the DB/WAL device of {shared.Value} OSDs; raw mode takes a whole device for each OSD's DB (use -Mode Lvm to share one)"));
                        plans.RemoveAll(p => p.Node == node.Name && (p.DbDevice == shared.Key || p.WalDevice == shared.Key));
                    }
            }
            return plans;
        }

        private static bool Check(McpNode node, string path, string what, IReadOnlyList<McpCephDevice> devices, List<CephOsdProblem> problems)
        {
            if (PathProblem(path) is string bad) { problems.Add(new CephOsdProblem("Mcp.Ceph.InvalidDevicePath", node.Name, path, $"{node.Name}: {bad}")); return false; }
            var d = devices.FirstOrDefault(x => x.Path == path);
            if (d == null)
            {
                problems.Add(new CephOsdProblem("Mcp.Ceph.DeviceNotFound", node.Name, path,
                    $"{node.Name} has no {what} {path} (ceph-volume sees {(devices.Count == 0 ? "no device" : string.Join(", ", devices.Select(x => x.Path)))})"));
                return false;
            }
            if (d.OsdId is int id)
            {
                problems.Add(new CephOsdProblem("Mcp.Ceph.DeviceIsOsd", node.Name, path, $"{node.Name}: {path} is osd.{id} already"));
                return false;
            }
            if (!d.Available)
            {
                problems.Add(new CephOsdProblem("Mcp.Ceph.DeviceNotAvailable", node.Name, path,
                    $"{node.Name}: {path} cannot be an OSD's {what}: {string.Join("; ", d.RejectedReasons)}"));
                return false;
            }
            return true;
        }
    }
}
