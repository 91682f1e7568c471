#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health
{
    /// One datapoint of a metric as StackLight's collectors emit it: a name, a value, when, on which
    /// node, and the fields (dimensions) that tell series of the same metric apart (fs=/, queue=nova).
    /// The health engine's input; Get-McpHealth shows the ones its alarms looked at.
    public sealed class McpMetric
    {
        /// The metric's name (cpu_idle, fs_space_percent_free).
        public string Name { get; set; } = "";
        public double Value { get; set; }
        public DateTimeOffset Timestamp { get; set; }
        /// The model's node name the datapoint came from; empty when it has none.
        public string Node { get; set; } = "";
        /// The metric's fields, name to value (fs = /, queue = nova).
        public Dictionary<string, string> Dimensions { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }
}
