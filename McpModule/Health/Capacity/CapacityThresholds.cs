#nullable enable
using System;
using System.Collections;
using System.Globalization;

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

        /// -Threshold as a user gives it: one percent for every resource (80), or percents by resource
        /// (@{ Memory = 90; Storage = 85 }, the others at 80). ArgumentException naming what is wrong.
        internal static CapacityThresholds From(object? value)
        {
            if (value is IDictionary map)
            {
                var thresholds = new CapacityThresholds();
                foreach (DictionaryEntry entry in map)
                {
                    var name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "";
                    var kind = Parse(name) ?? throw new ArgumentException($"-Threshold: '{name}' is no resource; give Cpu, Memory or Storage.");
                    thresholds.Set(kind, Percent(entry.Value, "-Threshold " + kind));
                }
                return thresholds;
            }
            return All(Percent(value, "-Threshold"));
        }

        private static double Percent(object? value, string what)
        {
            double? percent = value switch
            {
                int i => i,
                long l => l,
                double d => d,
                float f => f,
                decimal m => (double)m,
                string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            };
            if (!(percent is double p)) throw new ArgumentException($"{what}: '{value}' is not a percent; give a number, or a hashtable of Cpu, Memory and Storage percents.");
            if (double.IsNaN(p) || p <= 0 || p > 100) throw new ArgumentException($"{what}: {p.ToString(CultureInfo.InvariantCulture)} is not a percent above 0 and at most 100.");
            return p;
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
