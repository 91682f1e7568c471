#nullable enable
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using McpModule.Model.Data;
using McpModule.Model;
using McpModule.Model.Yaml;
using McpModule.Targeting;

namespace McpModule.Ceph.DriveGroups
{
    /// Reads OSD specs in the shapes cephadm takes (drive_group.py's DriveGroupSpec._from_json_impl):
    ///
    ///   the service spec: service_type: osd, service_id, placement: {host_pattern | hosts},
    ///                     spec: {data_devices, db_devices, wal_devices, encrypted, osds_per_device, ...}
    ///   the flat drive group: the same keys with the `spec` ones at the top (a `ceph:osd` pillar),
    ///                     and the pre-Octopus `host_pattern` at the top
    ///
    /// from model values (OrderedMap, lists, scalars; a hashtable converted to them), or from YAML or
    /// JSON text (a file may hold several specs: YAML documents separated by `---`, or a list).
    /// Every problem is an OsdSpecException naming the key at fault.
    internal static class OsdSpecReader
    {
        private static readonly string[] SpecKeys =
        {
            "encrypted", "block_wal_size", "osds_per_device", "db_slots", "wal_slots", "block_db_size",
            "data_devices", "db_devices", "wal_devices", "journal_devices", "data_directories", "objectstore",
            "osd_id_claims", "journal_size", "filter_logic", "data_allocate_fraction", "method", "crush_device_class",
        };
        private static readonly string[] ServiceKeys =
        {
            "service_type", "service_id", "service_name", "placement", "unmanaged", "preview_only", "spec",
            "config", "extra_container_args", "extra_entrypoint_args", "host_pattern",
        };
        private static readonly string[] KeptAsOptions =
        {
            "osd_id_claims", "data_allocate_fraction", "preview_only", "config", "extra_container_args", "extra_entrypoint_args",
        };
        private static readonly Regex ServiceIdChars = new Regex("^[a-zA-Z0-9_.-]+\\z", RegexOptions.CultureInvariant);
        private static readonly Regex CephVolumeSize = new Regex("^[0-9]+(\\.[0-9]+)?([KMGTPkmgtp][Bb]?|[Bb])?$", RegexOptions.CultureInvariant);

        /// The bound on specs one text, file or pillar holds.
        internal const int MaxSpecs = 1000;

        /// The specs of a YAML or JSON text (one spec, several YAML documents, or a list of specs).
        internal static IReadOnlyList<OsdSpec> ParseText(string text, string source)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            var specs = new List<OsdSpec>();
            foreach (var document in Documents(text))
            {
                object? value;
                try { value = YamlFileReader.Parse(document, source); }
                catch (ModelException e) { throw new OsdSpecException(source, "", e.Message); }
                if (value == null) continue;
                specs.AddRange(Parse(value, source));
            }
            if (specs.Count == 0) throw new OsdSpecException(source, "", "no OSD spec in it (the text is empty)");
            return specs;
        }

        /// The specs of a file (YAML or JSON).
        internal static IReadOnlyList<OsdSpec> ReadFile(string path)
        {
            string text;
            try { text = YamlFileReader.ReadText(path); }
            catch (ModelException e) { throw new OsdSpecException(path, "", e.Message); }
            return ParseText(text, path);
        }

        /// The specs of a model value: a map is one spec, a list holds specs.
        /// <param name="defaultId">The service_id of a spec that names none (a pillar's spec: null keeps it unnamed).</param>
        internal static IReadOnlyList<OsdSpec> Parse(object? value, string source, string? defaultId = null)
        {
            if (value is IList list && !(value is string))
            {
                if (list.Count > MaxSpecs) throw new OsdSpecException(source, "", $"{list.Count} specs; at most {MaxSpecs} are read");
                var specs = new List<OsdSpec>();
                for (var i = 0; i < list.Count; i++) specs.Add(ParseOne(list[i], source, defaultId, $"[{i}]"));
                if (specs.Count == 0) throw new OsdSpecException(source, "", "no OSD spec in it (the list is empty)");
                return specs;
            }
            return new[] { ParseOne(value, source, defaultId, "") };
        }

        /// One spec, from a map.
        internal static OsdSpec ParseOne(object? value, string source, string? defaultId = null, string prefix = "")
        {
            var root = Map(value, source, prefix, "an OSD spec");
            var spec = new OsdSpec { Source = source };
            var isService = root.ContainsKey("service_type") || root.ContainsKey("spec");

            // the keys at the top: the service spec's and, flat, the drive group's
            foreach (var key in root.Keys)
                if (!ServiceKeys.Contains(key) && !SpecKeys.Contains(key))
                    throw new OsdSpecException(source, Join(prefix, key), "not a key of an OSD spec (" + string.Join(", ", ServiceKeys.Where(k => k != "host_pattern").Concat(SpecKeys.Where(k => !IsFilestore(k)))) + ")");

            if (root.TryGetValue("service_type", out var type) && !string.Equals(Text(type), "osd", StringComparison.Ordinal))
                throw new OsdSpecException(source, Join(prefix, "service_type"), $"'{Text(type)}' is not osd");
            var id = root.TryGetValue("service_id", out var sid) && sid != null ? Scalar(sid, source, Join(prefix, "service_id")) : defaultId ?? "";
            if (id.Length > 0 && !ServiceIdChars.IsMatch(id))
                throw new OsdSpecException(source, Join(prefix, "service_id"), $"'{id}' has characters other than a-z, A-Z, 0-9, _ . -");
            spec.ServiceId = id;
            var name = id.Length > 0 ? id : "<unnamed>";
            if (source.Length == 0) spec.Source = source = $"the OSD spec '{name}'";

            // the drive group: under `spec`, at the top, or both (not the same key twice)
            var group = new List<KeyValuePair<string, (object? Value, string Key)>>();
            foreach (var pair in root)
                if (SpecKeys.Contains(pair.Key)) group.Add(new KeyValuePair<string, (object?, string)>(pair.Key, (pair.Value, Join(prefix, pair.Key))));
            if (root.TryGetValue("spec", out var inner) && inner != null)
            {
                var innerMap = Map(inner, source, Join(prefix, "spec"), "a map of drive group keys");
                foreach (var pair in innerMap)
                {
                    var key = Join(prefix, "spec." + pair.Key);
                    if (!SpecKeys.Contains(pair.Key))
                        throw new OsdSpecException(source, key, "not a drive group key (" + string.Join(", ", SpecKeys.Where(k => !IsFilestore(k))) + ")");
                    if (group.Any(g => g.Key == pair.Key))
                        throw new OsdSpecException(source, key, $"given at the top of the spec too; give it once");
                    group.Add(new KeyValuePair<string, (object?, string)>(pair.Key, (pair.Value, key)));
                }
            }

            ReadPlacement(spec, root, source, prefix, isService);
            if (root.TryGetValue("unmanaged", out var unmanaged)) spec.Unmanaged = Bool(unmanaged, source, Join(prefix, "unmanaged"));

            var options = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var o in KeptAsOptions) if (root.TryGetValue(o, out var ov)) options[o] = ov;
            DeviceFilter? data = null;
            foreach (var g in group)
            {
                var (v, key) = g.Value;
                switch (g.Key)
                {
                    case "data_devices": data = Filter(v, source, key, true); break;
                    case "db_devices": spec.DbDevices = Filter(v, source, key, false); break;
                    case "wal_devices": spec.WalDevices = Filter(v, source, key, false); break;
                    case "encrypted": spec.Encrypted = Bool(v, source, key); break;
                    case "osds_per_device": spec.OsdsPerDevice = Count(v, source, key, 1); break;
                    case "db_slots": spec.DbSlots = Count(v, source, key, 1); break;
                    case "wal_slots": spec.WalSlots = Count(v, source, key, 1); break;
                    case "block_db_size": spec.BlockDbSize = SizeText(v, source, key); break;
                    case "block_wal_size": spec.BlockWalSize = SizeText(v, source, key); break;
                    case "crush_device_class": spec.CrushDeviceClass = v == null ? null : Scalar(v, source, key); break;
                    case "objectstore":
                        var store = Scalar(v, source, key);
                        if (store != "bluestore") throw new OsdSpecException(source, key, $"'{store}' is not supported; the object store is bluestore");
                        break;
                    case "filter_logic":
                        var logic = Scalar(v, source, key).ToUpperInvariant();
                        if (logic != "AND" && logic != "OR") throw new OsdSpecException(source, key, $"'{Scalar(v, source, key)}' is neither AND nor OR");
                        spec.FilterLogic = logic;
                        break;
                    case "method":
                        var method = v == null ? null : Scalar(v, source, key);
                        if (method != null && method != "lvm" && method != "raw") throw new OsdSpecException(source, key, $"'{method}' is neither lvm nor raw");
                        spec.Method = method;
                        break;
                    case "journal_devices":
                    case "journal_size":
                    case "data_directories":
                        throw new OsdSpecException(source, key, "a filestore key; OSDs are bluestore (data_devices, db_devices, wal_devices)");
                    default:
                        options[g.Key] = v;   // osd_id_claims, data_allocate_fraction
                        break;
                }
            }
            spec.Options = options;
            if (data == null) throw new OsdSpecException(source, Join(prefix, "data_devices"), "missing: a spec needs data_devices (cephadm: `data_devices` element is required)");
            spec.DataDevices = data;
            return spec;
        }

        private static bool IsFilestore(string key) => key == "journal_devices" || key == "journal_size" || key == "data_directories";

        private static void ReadPlacement(OsdSpec spec, IDictionary<string, object?> root, string source, string prefix, bool isService)
        {
            root.TryGetValue("placement", out var placement);
            if (placement == null && root.TryGetValue("host_pattern", out var legacy) && legacy != null)   // pre-Octopus drive groups
            {
                SetPattern(spec, legacy, source, Join(prefix, "host_pattern"));
                return;
            }
            if (placement == null)
            {
                if (isService) throw new OsdSpecException(source, Join(prefix, "placement"), "missing: a service spec needs a placement (host_pattern or hosts)");
                return;
            }
            var key = Join(prefix, "placement");
            var map = Map(placement, source, key, "a map with host_pattern or hosts");
            foreach (var k in map.Keys)
                if (k != "host_pattern" && k != "hosts")
                    throw new OsdSpecException(source, key + "." + k, "not supported: OSDs are placed by host_pattern (a target expression) or hosts (node names)");
            map.TryGetValue("host_pattern", out var pattern);
            map.TryGetValue("hosts", out var hosts);
            if (pattern != null && hosts != null) throw new OsdSpecException(source, key, "give host_pattern or hosts, not both");
            if (pattern != null) SetPattern(spec, pattern, source, key + ".host_pattern");
            else if (hosts != null)
            {
                var names = new List<string>();
                if (hosts is IList list && !(hosts is string)) { for (var i = 0; i < list.Count; i++) names.Add(Scalar(list[i], source, $"{key}.hosts[{i}]")); }
                else names.Add(Scalar(hosts, source, key + ".hosts"));
                if (names.Count == 0 || names.Any(n => n.Length == 0)) throw new OsdSpecException(source, key + ".hosts", "empty: name the nodes");
                spec.Hosts = names;
            }
            else if (isService) throw new OsdSpecException(source, key, "empty: give host_pattern or hosts");
        }

        // host_pattern: a target expression, or cephadm's {pattern, pattern_type: fnmatch | regex}
        private static void SetPattern(OsdSpec spec, object pattern, string source, string key)
        {
            string text;
            var m = AsMap(pattern);
            if (m != null)
            {
                if (!m.TryGetValue("pattern", out var p) || p == null) throw new OsdSpecException(source, key + ".pattern", "missing");
                text = Scalar(p, source, key + ".pattern");
                m.TryGetValue("pattern_type", out var pt);
                var patternType = pt == null ? "fnmatch" : Scalar(pt, source, key + ".pattern_type");
                if (patternType == "regex") text = "E@" + text;
                else if (patternType != "fnmatch") throw new OsdSpecException(source, key + ".pattern_type", $"'{patternType}' is neither fnmatch nor regex");
            }
            else text = Scalar(pattern, source, key);
            if (!McpTarget.TryParse(text, out var target, out var error))
                throw new OsdSpecException(source, key, $"'{text}' is not a target expression: {error?.Message}");
            spec.HostPattern = text;
            spec.Target = target;
        }

        private static DeviceFilter? Filter(object? value, string source, string key, bool isData)
        {
            // cephadm's DeviceSelection.from_json: an empty selection is none at all
            if (value == null) return null;
            var map = Map(value, source, key, "a map of device filters (" + string.Join(", ", DeviceFilter.Keys) + ")");
            if (map.Count == 0) return null;
            var f = new DeviceFilter();
            foreach (var pair in map)
            {
                var k = key + "." + pair.Key;
                var v = pair.Value;
                switch (pair.Key)
                {
                    case "paths": f.Paths = Paths(v, source, k); break;
                    case "model": f.Model = v == null ? null : Scalar(v, source, k); break;
                    case "vendor": f.Vendor = v == null ? null : Scalar(v, source, k); break;
                    case "size":
                        if (v == null) break;
                        var text = Scalar(v, source, k);
                        if (!CephSizeFilter.TryParse(text, out var size, out var problem)) throw new OsdSpecException(source, k, problem!);
                        f.SizeFilter = size;
                        break;
                    case "rotational": f.Rotational = v == null ? null : Rotational(v, source, k); break;
                    case "limit": f.Limit = v == null ? 0 : Count(v, source, k, 0); break;
                    case "all": f.All = v != null && Bool(v, source, k); break;
                    default:
                        throw new OsdSpecException(source, k, "not a device filter (" + string.Join(", ", DeviceFilter.Keys) + ")");
                }
            }
            // cephadm's DeviceSelection.validate
            var filters = f.Model != null || f.Vendor != null || f.SizeFilter != null || f.Rotational != null;
            if (f.Paths.Count > 0 && filters) throw new OsdSpecException(source, key, "`paths` and the filters (size, model, vendor, rotational) are mutually exclusive");
            var empty = f.Paths.Count == 0 && !filters;
            if (!f.All && empty) throw new OsdSpecException(source, key, "the device selection is empty: give paths, size, model, vendor, rotational or all");
            if (f.All && !empty) throw new OsdSpecException(source, key, "`all` and the other filters are mutually exclusive");
            if (f.All && !isData) throw new OsdSpecException(source, key + ".all", "`all` is only allowed for data_devices");
            return f;
        }

        private static List<OsdSpecPath> Paths(object? value, string source, string key)
        {
            var paths = new List<OsdSpecPath>();
            if (value == null) return paths;
            if (!(value is IList list) || value is string) throw new OsdSpecException(source, key, "not a list of device paths");
            for (var i = 0; i < list.Count; i++)
            {
                var k = $"{key}[{i}]";
                var item = list[i];
                var m = AsMap(item);
                string path;
                string? crush = null;
                if (m != null)
                {
                    foreach (var mk in m.Keys)
                        if (mk != "path" && mk != "crush_device_class") throw new OsdSpecException(source, k + "." + mk, "not a key of a device path (path, crush_device_class)");
                    path = m.TryGetValue("path", out var p) && p != null ? Scalar(p, source, k + ".path") : "";
                    if (m.TryGetValue("crush_device_class", out var c) && c != null) crush = Scalar(c, source, k + ".crush_device_class");
                }
                else path = item == null ? "" : Scalar(item, source, k);
                if (path.Length == 0) throw new OsdSpecException(source, k, "Device path cannot be empty");
                paths.Add(new OsdSpecPath(path, crush));
            }
            return paths;
        }

        // rotational: true/false, 1/0 (numbers or their text)
        private static bool Rotational(object value, string source, string key)
        {
            switch (value)
            {
                case bool b: return b;
                case long l when l == 0 || l == 1: return l == 1;
                case int i when i == 0 || i == 1: return i == 1;
                case string s when s == "0" || s == "1": return s == "1";
                case string s when string.Equals(s, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(s, "false", StringComparison.OrdinalIgnoreCase):
                    return string.Equals(s, "true", StringComparison.OrdinalIgnoreCase);
            }
            throw new OsdSpecException(source, key, $"'{Text(value)}' is not 0, 1, true or false");
        }

        private static bool Bool(object? value, string source, string key)
        {
            if (value is bool b) return b;
            if (value is string s && (string.Equals(s, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(s, "false", StringComparison.OrdinalIgnoreCase)))
                return string.Equals(s, "true", StringComparison.OrdinalIgnoreCase);
            throw new OsdSpecException(source, key, $"'{Text(value)}' is not true or false");
        }

        private static int Count(object? value, string source, string key, int min)
        {
            long n;
            switch (value)
            {
                case long l: n = l; break;
                case int i: n = i; break;
                case BigInteger _: n = long.MaxValue; break;
                case string s when long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed): n = parsed; break;
                default: throw new OsdSpecException(source, key, $"'{Text(value)}' is not a whole number");
            }
            if (n < min || n > 100000) throw new OsdSpecException(source, key, $"{Text(value)} is out of range ({min} to 100000)");
            return (int)n;
        }

        // block_db_size and block_wal_size: bytes, or a size ceph-volume reads (500M, 10G, 1.5T)
        private static string? SizeText(object? value, string source, string key)
        {
            if (value == null) return null;
            if (value is long l && l > 0) return l.ToString(CultureInfo.InvariantCulture);
            if (value is int i && i > 0) return i.ToString(CultureInfo.InvariantCulture);
            if (value is string s && CephVolumeSize.IsMatch(s)) return s;
            throw new OsdSpecException(source, key, $"'{Text(value)}' is not a size (bytes, or a number with K, M, G, T or P: 500M, 10G)");
        }

        private static string Scalar(object? value, string source, string key)
        {
            switch (value)
            {
                case string s: return s;
                case bool b: return b ? "true" : "false";
                case long _: case int _: case BigInteger _: case double _: return Text(value);
            }
            throw new OsdSpecException(source, key, value == null ? "empty" : "not a single value (text or number)");
        }

        private static string Text(object? value) => value switch
        {
            null => "null",
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            IDictionary _ => "a map",
            IList _ when !(value is string) => "a list",
            _ => value.ToString() ?? "",
        };

        private static IDictionary<string, object?> Map(object? value, string source, string key, string what) =>
            AsMap(value) ?? throw new OsdSpecException(source, key, value == null ? $"empty: it should be {what}" : $"{Text(value)} is not {what}");

        // OrderedMap (model values, YAML, JSON) or any dictionary with text keys (a hashtable)
        private static IDictionary<string, object?>? AsMap(object? value)
        {
            if (value is IDictionary<string, object?> typed) return typed;
            if (value is IDictionary<string, object> plain) return plain.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
            if (value is IDictionary legacy)
            {
                var map = new OrderedMap();
                foreach (DictionaryEntry e in legacy) map[Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? ""] = e.Value!;
                return map!;
            }
            return null;
        }

        private static string Join(string prefix, string key) => prefix.Length == 0 ? key : prefix + "." + key;

        /// YAML documents of a text: split at the lines that start one (`---`).
        private static IEnumerable<string> Documents(string text)
        {
            var current = new StringBuilder();
            foreach (var line in text.Split('\n'))
            {
                var l = line.TrimEnd('\r');
                if (l == "---" || l.StartsWith("--- ", StringComparison.Ordinal))
                {
                    if (current.Length > 0) yield return current.ToString();
                    current.Clear();
                    if (l.Length > 4) current.Append(l.Substring(4)).Append('\n');
                    continue;
                }
                current.Append(l).Append('\n');
            }
            if (current.Length > 0) yield return current.ToString();
        }
    }
}
