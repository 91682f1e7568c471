#nullable enable
using System;

namespace McpModule.Health
{
    /// The values of one series over time, as StackLight keeps them (Heka's circular_buffer, as
    /// afd_rule.lua sizes it): rows of <see cref="SecondsPerRow"/> seconds, the newest row at
    /// <see cref="CurrentTime"/>, older rows dropping off as newer values arrive. An empty row is NaN.
    /// Times are nanoseconds since the Unix epoch, as Heka's are.
    internal sealed class MetricWindow
    {
        internal const int SecondsPerRow = 5;
        internal const long NanosPerRow = SecondsPerRow * 1_000_000_000L;

        private readonly double[] _values;
        // Each row's count of values: avg's (Add) only, made on its first value; null is all NaN.
        private double[]? _counts;
        private int _currentRow;

        internal MetricWindow(int rows)
        {
            if (rows < 1) rows = 1;
            _values = new double[rows];
            Fill(_values);
            _currentRow = rows - 1;
            // Heka starts a buffer with its newest row at (rows - 1) rows past the epoch.
            CurrentTime = (rows - 1) * NanosPerRow;
        }

        internal int Rows => _values.Length;

        /// A count of rows worked out in doubles, held to what an int takes so a huge pillar value
        /// stays huge (and is refused) instead of wrapping round.
        internal static int ToRows(double rows) => rows >= int.MaxValue ? int.MaxValue : (int)rows;

        /// The start of the newest row.
        internal long CurrentTime { get; private set; }

        private static long RowStart(long ns) => ns - (((ns % NanosPerRow) + NanosPerRow) % NanosPerRow);

        /// The row index holding time ns; -1 when ns is older than the oldest row or, unless
        /// advance, newer than the newest. With advance, a newer time moves the window on and
        /// clears the rows it passes.
        private int RowOf(long ns, bool advance)
        {
            long start = RowStart(ns);
            if (start > CurrentTime)
            {
                if (!advance) return -1;
                long steps = (start - CurrentTime) / NanosPerRow;
                if (steps >= Rows)
                {
                    // Every row passed: all empty.
                    Fill(_values);
                    if (_counts != null) Fill(_counts);
                }
                else
                {
                    for (int i = 1; i <= (int)steps; i++)
                    {
                        int row = (_currentRow + i) % Rows;
                        _values[row] = double.NaN;
                        if (_counts != null) _counts[row] = double.NaN;
                    }
                }
                _currentRow = (int)((_currentRow + steps) % Rows);
                CurrentTime = start;
                return _currentRow;
            }
            long back = (CurrentTime - start) / NanosPerRow;
            if (back >= Rows) return -1;
            return (int)((_currentRow - back + Rows) % Rows);
        }

        private static void Fill(double[] rows)
        {
            for (int i = 0; i < rows.Length; i++) rows[i] = double.NaN;
        }

        /// Sets the row's value (the last value of a row wins): every function but avg.
        internal void Set(long ns, double value)
        {
            int row = RowOf(ns, advance: true);
            if (row >= 0) _values[row] = value;
        }

        /// Adds to the row's sum and count: avg.
        internal void Add(long ns, double value)
        {
            int row = RowOf(ns, advance: true);
            if (row < 0) return;
            if (_counts == null)
            {
                _counts = new double[Rows];
                Fill(_counts);
            }
            _values[row] = double.IsNaN(_values[row]) ? value : _values[row] + value;
            _counts[row] = double.IsNaN(_counts[row]) ? 1 : _counts[row] + 1;
        }

        /// The value of the row holding ns; null when ns is outside the window. NaN when the row is empty.
        internal double? Get(long ns)
        {
            int row = RowOf(ns, advance: false);
            return row < 0 ? (double?)null : _values[row];
        }

        /// The start of the oldest row.
        internal long OldestTime => CurrentTime - (Rows - 1) * NanosPerRow;

        /// Moves the window on to the row holding ns when ns is newer, leaving that row empty: what
        /// Heka's anomaly detection does before a test, so a series that stopped still ages.
        internal void Advance(long ns) => RowOf(ns, advance: true);

        /// The mean of the rows from fromNs to toNs (both included), empty rows left out: NaN when
        /// all are empty, null when either end is outside the window (Heka's compute "avg" over a range).
        internal double? Mean(long fromNs, long toNs)
        {
            if (!Range(fromNs, toNs, out int first, out int count)) return null;
            return MeanOf(first, count, out _);
        }

        /// The standard deviation of the population of the rows from fromNs to toNs, empty rows left
        /// out: NaN when all are empty, null when either end is outside the window (Heka's compute "sd").
        internal double? StandardDeviation(long fromNs, long toNs)
        {
            if (!Range(fromNs, toNs, out int first, out int count)) return null;
            double mean = MeanOf(first, count, out int samples);
            if (double.IsNaN(mean)) return mean;
            double squares = 0;
            for (int i = 0; i < count; i++)
            {
                double v = _values[(first + i) % Rows];
                if (!double.IsNaN(v)) squares += (v - mean) * (v - mean);
            }
            return Math.Sqrt(squares / samples);
        }

        private bool Range(long fromNs, long toNs, out int first, out int count)
        {
            first = RowOf(fromNs, advance: false);
            int last = RowOf(toNs, advance: false);
            count = first < 0 || last < 0 || toNs < fromNs ? 0 : (last - first + Rows) % Rows + 1;
            return count > 0;
        }

        private double MeanOf(int first, int count, out int samples)
        {
            double sum = 0;
            samples = 0;
            for (int i = 0; i < count; i++)
            {
                double v = _values[(first + i) % Rows];
                if (double.IsNaN(v)) continue;
                sum += v;
                samples++;
            }
            return sum / samples;
        }

        /// avg: the sum of the rows' sums over the sum of their counts.
        internal double Average()
        {
            double total = 0, count = 0;
            for (int i = 0; i < Rows; i++)
            {
                if (!double.IsNaN(_values[i])) total += _values[i];
                if (_counts != null && !double.IsNaN(_counts[i])) count += _counts[i];
            }
            return total / count;
        }

        /// Heka's compute over every row, empty rows left out: sum (0 when all are empty), min, max
        /// (NaN when all are empty), variance and sd (of the population).
        internal double Compute(string function)
        {
            double sum = 0, min = double.NaN, max = double.NaN;
            int count = 0;
            foreach (var v in _values)
            {
                if (double.IsNaN(v)) continue;
                sum += v;
                count++;
                if (double.IsNaN(min) || v < min) min = v;
                if (double.IsNaN(max) || v > max) max = v;
            }
            switch (function)
            {
                case "sum": return sum;
                case "min": return min;
                case "max": return max;
                case "variance":
                case "sd":
                    double mean = sum / count, squares = 0;
                    foreach (var v in _values)
                        if (!double.IsNaN(v)) squares += (v - mean) * (v - mean);
                    double variance = squares / count;
                    return function == "sd" ? Math.Sqrt(variance) : variance;
                default: throw new ArgumentException("Not a window function: " + function, nameof(function));
            }
        }
    }
}
