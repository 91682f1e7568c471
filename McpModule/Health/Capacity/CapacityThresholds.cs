#nullable enable
using System;

namespace McpModule.Health.Capacity
{
    /// The percent each resource is forecast against.
    internal sealed class CapacityThresholds
    {
        internal const double Default = 80;

        internal double Cpu { get; set; } = Default;
        internal double Memory { get; set; } = Default;
        internal double Storage { get; set; } = Default;

        internal static CapacityThresholds All(double percent) => new CapacityThresholds { Cpu = percent, Memory = percent, Storage = percent };

        internal double Of(CapacityResourceKind kind) =>
            kind == CapacityResourceKind.Cpu ? Cpu : kind == CapacityResourceKind.Memory ? Memory : Storage;

        internal void Set(CapacityResourceKind kind, double percent)
        {
            if (kind == CapacityResourceKind.Cpu) Cpu = percent;
            else if (kind == CapacityResourceKind.Memory) Memory = percent;
            else Storage = percent;
        }

        /// A resource's name as a user types it (cpu, Memory, STORAGE); null when it is none.
        internal static CapacityResourceKind? Parse(string name)
        {
            foreach (CapacityResourceKind kind in Enum.GetValues(typeof(CapacityResourceKind)))
                if (string.Equals(kind.ToString(), name?.Trim(), StringComparison.OrdinalIgnoreCase)) return kind;
            return null;
        }
    }
}
