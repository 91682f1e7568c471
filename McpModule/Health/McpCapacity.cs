#nullable enable
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace McpModule.Health
{
    /// A row of Get-McpCapacity: a hypervisor, an availability zone, every hypervisor (Total), or the
    /// Ceph cluster, with its CPU, memory and storage in use and when each is forecast to cross its
    /// threshold. A resource is null where nothing measured it (a node that never answered; the Ceph
    /// row has Storage only).
    public sealed class McpCapacity
    {
        public McpCapacityScope Scope { get; set; }
        /// The node, the zone ("(none)" for hypervisors in none), "total", or "ceph".
        public string Name { get; set; } = "";
        /// The availability zone: nova:compute:availability_zone, "nova" for other OpenStack computes,
        /// empty for hypervisors in none (KVM hosts, Kubernetes pool nodes) and for Total and Ceph rows.
        public string Zone { get; set; } = "";
        /// The hypervisors the row covers (1 for a node; 0 for Ceph).
        public int NodeCount { get; set; }
        public McpCapacityResource? Cpu { get; set; }
        public McpCapacityResource? Memory { get; set; }
        public McpCapacityResource? Storage { get; set; }
        /// The model repository.
        public string ModelPath { get; set; } = "";

        /// The resources the row has.
        public IEnumerable<McpCapacityResource> Resources =>
            new[] { Cpu, Memory, Storage }.Where(r => r != null).Select(r => r!);

        /// The resource that is past its threshold, or else the one forecast to cross first; null when none is.
        public McpCapacityResource? First =>
            Resources.Where(r => r.State == McpCapacityState.Past).OrderByDescending(r => r.Percent - r.Threshold).FirstOrDefault()
            ?? Resources.Where(r => r.CrossesAt.HasValue).OrderBy(r => r.CrossesAt).FirstOrDefault();

        /// "Memory past 80 %", "Storage at 2026-12-09 14:00Z", or "".
        public string Outlook
        {
            get
            {
                var first = First;
                if (first == null) return "";
                var threshold = first.Threshold.ToString("0.##", CultureInfo.InvariantCulture);
                return first.State == McpCapacityState.Past
                    ? $"{first.Resource} past {threshold} %"
                    : $"{first.Resource} {threshold} % at {first.CrossesAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z";
            }
        }

        public override string ToString() => Scope + " " + Name;
    }
}
