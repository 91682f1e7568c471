#nullable enable
using System;

namespace McpModule.Health.Collection
{
    /// The previous collection's counters as the base of this one's rates, when they can be: same boot,
    /// earlier in time. Without one (first collection, reboot) rates are since boot.
    internal sealed class CounterBaseline
    {
        private readonly NodeCounters _previous;

        private CounterBaseline(NodeCounters previous, double interval)
        {
            _previous = previous;
            Interval = interval;
        }

        /// Seconds between the two collections.
        internal double Interval { get; }

        internal static CounterBaseline? For(NodeCounters? previous, NodeCounters current)
        {
            if (previous == null || previous.BootId.Length == 0 || previous.BootId != current.BootId) return null;
            // the node's own clock when both read it; the caller's otherwise
            double interval = previous.Uptime > 0 && current.Uptime > 0
                ? current.Uptime - previous.Uptime
                : (current.Timestamp - previous.Timestamp).TotalSeconds;
            return interval > 0 ? new CounterBaseline(previous, interval) : null;
        }

        internal bool Has(string key) => _previous.Values.ContainsKey(key);

        /// How much the counter grew; a counter that went backwards (wrapped, or reset by its driver)
        /// counts from zero. Null when the previous collection did not have it.
        internal double? Delta(string key, double current)
        {
            if (!_previous.Values.TryGetValue(key, out var before)) return null;
            return current >= before ? current - before : current;
        }
    }
}
