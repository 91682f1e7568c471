#nullable enable
using System.Collections.Generic;
using System.Linq;

namespace McpModule.Ceph.DriveGroups
{
    /// A device given by path in a drive group's `paths` (a text, or a map with `path` and
    /// `crush_device_class`).
    public sealed class OsdSpecPath
    {
        internal OsdSpecPath(string path, string? crushDeviceClass) { Path = path; CrushDeviceClass = crushDeviceClass; }
        public string Path { get; }
        public string? CrushDeviceClass { get; }
        public override string ToString() => Path;
    }

    /// One role's device filter of a drive group (`data_devices`, `db_devices`, `wal_devices`):
    /// cephadm's DeviceSelection (src/python-common/ceph/deployment/drive_group.py).
    /// Either `paths`, or filters (`size`, `model`, `vendor`, `rotational`), or `all`; `limit` with any.
    public sealed class DeviceFilter
    {
        internal static readonly string[] Keys = { "paths", "size", "vendor", "model", "rotational", "limit", "all" };

        internal DeviceFilter() { }

        /// Devices by path: they bypass the filters, availability and the other roles.
        public IReadOnlyList<OsdSpecPath> Paths { get; internal set; } = new List<OsdSpecPath>();
        /// A substring of the device's model (case matters).
        public string? Model { get; internal set; }
        /// A substring of the device's vendor (case matters).
        public string? Vendor { get; internal set; }
        /// The size filter as written (10G:40G, :2T, 1T:, 20G).
        public string? Size => SizeFilter?.Text;
        internal CephSizeFilter? SizeFilter { get; set; }
        /// Spinning (true) or solid state (false); null for either.
        public bool? Rotational { get; internal set; }
        /// At most so many devices for the role (0: no limit).
        public int Limit { get; internal set; }
        /// Every available device (data_devices only).
        public bool All { get; internal set; }

        /// cephadm's FilterGenerator: the filters this selection applies, in its order (size, model,
        /// vendor, rotational, all); a model or vendor given as empty text applies none.
        internal IEnumerable<System.Func<McpCephDevice, bool>> Matchers()
        {
            if (SizeFilter != null) yield return d => SizeFilter.IsMatch(d.Size);
            if (!string.IsNullOrEmpty(Model)) yield return d => d.Model.Contains(Model!);
            if (!string.IsNullOrEmpty(Vendor)) yield return d => d.Vendor.Contains(Vendor!);
            if (Rotational != null) yield return d => d.Rotational == Rotational.Value;
            if (All) yield return d => true;
        }

        /// The filter as cephadm's YAML writes it.
        public override string ToString()
        {
            var parts = new List<string>();
            if (Paths.Count > 0) parts.Add("paths: " + string.Join(", ", Paths.Select(p => p.Path)));
            if (Model != null) parts.Add("model: " + Model);
            if (Vendor != null) parts.Add("vendor: " + Vendor);
            if (Size != null) parts.Add("size: " + Size);
            if (Rotational != null) parts.Add("rotational: " + (Rotational.Value ? "1" : "0"));
            if (Limit > 0) parts.Add("limit: " + Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (All) parts.Add("all: true");
            return string.Join("; ", parts);
        }
    }
}
