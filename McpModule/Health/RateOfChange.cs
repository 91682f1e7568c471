#nullable enable
using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace McpModule.Health
{
    /// A rule's `roc` function: Heka's rate-of-change anomaly test (its anomaly module's `roc`) as
    /// afd_rule.lua configures it. The rule's window, cut into 5 s rows, is the analysis window; the
    /// buffer holds the analysis window of now, the one before it, and periods analysis windows of
    /// history before those. The test takes the mean of the current window and of the previous one
    /// and reports an anomaly when they differ by more than threshold times the standard deviation of
    /// the history. Every mean and deviation leaves empty rows out, so a side with no value at all is
    /// NaN and the test says no anomaly (afd_rule.lua asks for neither loss-of-data nor start-of-data
    /// alerts). The row holding now is still filling and takes no part. Read from Heka's anomaly.lua
    /// (roc, detect) and the circular buffer's compute in lua_sandbox's C (avg, sd of the population).
    internal sealed class RateOfChange
    {
        // Heka's roc parser takes the threshold as digits with an optional fraction, after Lua has
        // printed the number with 14 significant digits: no sign, no exponent.
        private static readonly Regex PlainDecimal = new Regex(@"^[0-9]+(\.[0-9]+)?$", RegexOptions.CultureInvariant);

        internal RateOfChange(int windowRows, double threshold)
        {
            WindowRows = windowRows;
            Deviations = AsHekaReadsIt(threshold) ?? threshold;
        }

        /// The rows of one analysis window: ceil(window / 5).
        internal int WindowRows { get; }

        /// The threshold as Heka's parser reads it back from Lua's 14-digit text.
        internal double Deviations { get; }

        internal static int WindowRowsOf(double window) => MetricWindow.ToRows(Math.Ceiling(window / MetricWindow.SecondsPerRow));

        /// ceil(window / 5) x (periods + 2), cut to a whole number of rows as Heka's buffer takes it.
        internal static int BufferRowsOf(double window, double periods) => MetricWindow.ToRows(Math.Floor(WindowRowsOf(window) * (periods + 2)));

        /// Heka refuses to test (the filter stops) unless the buffer has more rows than three windows.
        internal static bool HasHistory(double window, double periods) => 3L * WindowRowsOf(window) < BufferRowsOf(window, periods);

        /// The threshold Heka's parser reads from the text Lua prints; null when it cannot read it
        /// (a sign, an exponent, not a number), which stops StackLight's filter when it loads the rule.
        internal static double? AsHekaReadsIt(double threshold)
        {
            var text = threshold.ToString("G14", CultureInfo.InvariantCulture);
            if (!PlainDecimal.IsMatch(text)) return null;
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        /// The test on a window whose newest row is now.
        internal bool IsAnomaly(MetricWindow window)
        {
            long row = MetricWindow.NanosPerRow;
            long span = WindowRows * row;
            long now = window.CurrentTime;
            long previousStart = now - 2 * span;
            long currentStart = now - span;
            double? history = window.StandardDeviation(window.OldestTime, previousStart - row);
            double? previous = window.Mean(previousStart, currentStart - row);
            double? current = window.Mean(currentStart, now - row);
            if (!history.HasValue || !previous.HasValue || !current.HasValue) return false;
            return Math.Abs(current.Value - previous.Value) > history.Value * Deviations;
        }
    }
}
