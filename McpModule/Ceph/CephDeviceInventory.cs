#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using McpModule.Execution;
using static McpModule.Ceph.CephJson;

namespace McpModule.Ceph
{
    /// Reads what ceph-volume prints: `inventory --format json` (the devices and their verdicts),
    /// `raw list --format json` and `lvm list --format json` (which device holds which OSD).
    internal static class CephDeviceInventory
    {
        internal const string Marker = "=====mcp-ceph-volume=====";
        /// The exit code of the node command when ceph-volume is not there.
        internal const int NoCephVolume = 127;

        /// One round trip: ceph-volume's inventory, raw list and lvm list. Loop devices are
        /// listed only when asked (a lab node's disks are loop devices; on a real host they are
        /// snap images and the like, which ceph-volume hides by default).
        /// The OSD of a raw device comes from its BlueStore label (ceph-bluestore-tool reads it in
        /// milliseconds; `ceph-volume raw list` costs most of a second), printed in raw list's shape;
        /// an LVM OSD's id is in the inventory's own "lvs", so no `lvm list` is needed.
        internal static string Command(bool loopDevices) =>
            "command -v ceph-volume >/dev/null || { echo 'ceph-volume is not installed (Debian package ceph-osd): apply the state ceph.osd first' >&2; exit " + NoCephVolume.ToString(CultureInfo.InvariantCulture) + "; }; " +
            (loopDevices ? "export CEPH_VOLUME_ALLOW_LOOP_DEVICES=true; " : "") +
            $"inv=$(ceph-volume inventory --format json) || exit $?; printf '%s\n' \"$inv\"; echo {Marker}; printf '%s' \"$inv\" | python3 -c {ShellQuote.Quote(LabelScript)}; echo {Marker}; true";

        // Reads the inventory on stdin; for each device with a BlueStore label, the label's OSD.
        private const string LabelScript =
            "import json, subprocess, sys\n" +
            "out = {}\n" +
            "for d in json.load(sys.stdin):\n" +
            "    if not any('BlueStore' in r for r in d.get('rejected_reasons', [])): continue\n" +
            "    p = subprocess.run(['ceph-bluestore-tool', 'show-label', '--dev', d['path']], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, universal_newlines=True)\n" +
            "    if p.returncode: continue\n" +
            "    for l in json.loads(p.stdout).values():\n" +
            "        if l.get('description') == 'main' and l.get('whoami', '') != '':\n" +
            "            out[l.get('osd_uuid', d['path'])] = {'device': d['path'], 'osd_id': int(l['whoami']), 'ceph_fsid': l.get('ceph_fsid', ''), 'type': 'bluestore'}\n" +
            "print(json.dumps(out))\n";


        /// The devices in a node's answer to Command, or null with the error id and message that say
        /// why not: ceph-volume missing (NoCephVolume), failing (InventoryFailed), or printing what is
        /// no inventory (InventoryUnreadable). The transport's own errors are the caller's.
        internal static List<McpCephDevice>? FromResult(string node, int? exitCode, string stdOut, string stdErr, out string errorId, out string message)
        {
            errorId = message = "";
            if (exitCode != 0)
            {
                errorId = exitCode == NoCephVolume ? "Mcp.Ceph.NoCephVolume" : "Mcp.Ceph.InventoryFailed";
                message = $"{node}: {stdErr.Trim()}";
                return null;
            }
            try { return ParseOutput(stdOut, node); }
            catch (FormatException e)
            {
                errorId = "Mcp.Ceph.InventoryUnreadable";
                message = e.Message;
                return null;
            }
        }

        /// The devices from the output of Command on a node.
        internal static List<McpCephDevice> ParseOutput(string output, string node)
        {
            var parts = output.Split(new[] { Marker }, StringSplitOptions.None);
            if (parts.Length != 3) throw new FormatException($"{node}: ceph-volume printed no inventory: {(output.Length > 300 ? output.Substring(0, 300) : output).Trim()}");
            return Parse(parts[0], node, node, parts[1], parts[2]);
        }

        /// The devices of one node. <paramref name="source"/> names where the text came from
        /// (a node or a file) for the error when it is not ceph-volume's JSON.
        internal static List<McpCephDevice> Parse(string inventoryJson, string node, string source, string? rawListJson = null, string? lvmListJson = null)
        {
            var osds = new Dictionary<string, int>(StringComparer.Ordinal);
            if (!string.IsNullOrWhiteSpace(rawListJson)) ReadRawList(rawListJson!, source, osds);
            if (!string.IsNullOrWhiteSpace(lvmListJson)) ReadLvmList(lvmListJson!, source, osds);
            var devices = new List<McpCephDevice>();
            using (var doc = Open(inventoryJson, source, "ceph-volume inventory"))
            {
                var items = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList()
                    : doc.RootElement.ValueKind == JsonValueKind.Object ? new List<JsonElement> { doc.RootElement }   // inventory of one path
                    : throw new FormatException($"{source}: ceph-volume inventory JSON is a list of devices, not {doc.RootElement.ValueKind}.");
                foreach (var e in items) devices.Add(Device(e, node, source, osds));
            }
            return devices;
        }

        /// The bound on an inventory file: ceph-volume's JSON of a node with hundreds of devices is a few MiB.
        internal const long MaxFileBytes = 64L * 1024 * 1024;

        /// The devices of a `ceph-volume inventory --format json` file. The node is <paramref name="node"/>,
        /// or when empty the file's name without its extension (osd01.ceph.local.json: osd01.ceph.local).
        /// FormatException when it is not ceph-volume's JSON, InputFileException or IOException when it cannot be read.
        internal static List<McpCephDevice> ReadFile(string path, string? node = null)
        {
            var text = InputFile.ReadUtf8(path, MaxFileBytes);
            return Parse(text, string.IsNullOrEmpty(node) ? NodeOfFile(path) : node!, path);
        }

        /// The node an inventory file is named after: its name without the last extension.
        internal static string NodeOfFile(string path) => System.IO.Path.GetFileNameWithoutExtension(path);

        private static McpCephDevice Device(JsonElement e, string node, string source, Dictionary<string, int> osds)
        {
            if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"{source}: a device in ceph-volume inventory JSON is {e.ValueKind}, not an object.");
            var path = Str(e, "path");
            if (path.Length == 0) throw new FormatException($"{source}: a device in ceph-volume inventory JSON has no path.");
            var sys = e.TryGetProperty("sys_api", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
            var d = new McpCephDevice
            {
                Node = node,
                Path = path,
                Size = sys.ValueKind == JsonValueKind.Object ? Bytes(sys, "size") : 0,
                Rotational = sys.ValueKind == JsonValueKind.Object && Str(sys, "rotational") == "1",
                Model = sys.ValueKind == JsonValueKind.Object ? Str(sys, "model").Trim() : "",
                Vendor = sys.ValueKind == JsonValueKind.Object ? Str(sys, "vendor").Trim() : "",
                Type = sys.ValueKind == JsonValueKind.Object ? Str(sys, "type") : "",
                ReadOnly = sys.ValueKind == JsonValueKind.Object && Str(sys, "ro") == "1",
                Removable = sys.ValueKind == JsonValueKind.Object && Str(sys, "removable") == "1",
                Available = e.TryGetProperty("available", out var a) && a.ValueKind == JsonValueKind.True,
                DeviceId = Str(e, "device_id"),
                CephDevice = e.TryGetProperty("ceph_device", out var c) && c.ValueKind == JsonValueKind.True,
            };
            if (e.TryGetProperty("rejected_reasons", out var r) && r.ValueKind == JsonValueKind.Array)
                foreach (var x in r.EnumerateArray()) if (x.ValueKind == JsonValueKind.String) d.RejectedReasons.Add(x.GetString()!);
            if (osds.TryGetValue(path, out var id)) d.OsdId = id;
            if (e.TryGetProperty("lvs", out var lvs) && lvs.ValueKind == JsonValueKind.Array)
                foreach (var lv in lvs.EnumerateArray())
                {
                    if (lv.ValueKind != JsonValueKind.Object) continue;
                    if (d.OsdId == null && int.TryParse(Str(lv, "osd_id"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var lvId)) d.OsdId = lvId;
                    var affinity = Str(lv, "osdspec_affinity");
                    if (affinity.Length > 0 && !d.OsdSpecAffinity.Contains(affinity)) d.OsdSpecAffinity.Add(affinity);
                }
            return d;
        }

        // {"<osd uuid>": {"device": "/dev/loop0", "osd_id": 0, ...}}
        private static void ReadRawList(string json, string source, Dictionary<string, int> osds)
        {
            using var doc = Open(json, source, "ceph-volume raw list");
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return;
            foreach (var p in doc.RootElement.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("osd_id", out var id) && id.TryGetInt32(out var n))
                {
                    var device = Str(p.Value, "device");
                    if (device.Length > 0) osds[device] = n;
                }
        }

        // {"<osd id>": [{"devices": ["/dev/sdb"], "type": "block", ...}, ...]}: the data device names the OSD
        private static void ReadLvmList(string json, string source, Dictionary<string, int> osds)
        {
            using var doc = Open(json, source, "ceph-volume lvm list");
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (!int.TryParse(p.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || p.Value.ValueKind != JsonValueKind.Array) continue;
                foreach (var lv in p.Value.EnumerateArray())
                    if (lv.ValueKind == JsonValueKind.Object && lv.TryGetProperty("devices", out var devs) && devs.ValueKind == JsonValueKind.Array)
                        foreach (var dev in devs.EnumerateArray())
                            if (dev.ValueKind == JsonValueKind.String && !osds.ContainsKey(dev.GetString()!)) osds[dev.GetString()!] = n;
            }
        }
    }
}
