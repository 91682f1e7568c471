#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health.Collection
{
    /// The metrics of one node and moment, as the readers of each source add them.
    internal sealed class MetricSink
    {
        private readonly string _node;
        private readonly DateTimeOffset _timestamp;

        internal MetricSink(string node, DateTimeOffset timestamp)
        {
            _node = node;
            _timestamp = timestamp;
        }

        internal List<McpMetric> Metrics { get; } = new List<McpMetric>();

        internal void Add(string name, double value, params (string Key, string Value)[] dimensions)
        {
            var metric = new McpMetric { Name = name, Value = value, Timestamp = _timestamp, Node = _node };
            foreach (var (key, v) in dimensions) metric.Dimensions[key] = v;
            Metrics.Add(metric);
        }
    }
}
