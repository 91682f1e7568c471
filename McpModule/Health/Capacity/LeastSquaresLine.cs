#nullable enable
using System;
using System.Collections.Generic;

namespace McpModule.Health.Capacity
{
    /// The ordinary least-squares line y = Slope x + Intercept through points.
    internal readonly struct LeastSquaresLine
    {
        internal LeastSquaresLine(double slope, double intercept)
        {
            Slope = slope;
            Intercept = intercept;
        }

        internal double Slope { get; }
        internal double Intercept { get; }

        internal double At(double x) => (Slope * x) + Intercept;

        /// The x where the line reaches y; null when it is flat.
        internal double? Where(double y) => Slope == 0 ? (double?)null : (y - Intercept) / Slope;

        /// The line through the points; null with fewer than two, or when every x is the same (no
        /// line is defined). Sums are taken about the means, so x as large as ticks since year one
        /// does not lose the slope to rounding.
        internal static LeastSquaresLine? Fit(IReadOnlyList<(double X, double Y)> points)
        {
            int n = points.Count;
            if (n < 2) return null;
            double meanX = 0, meanY = 0;
            foreach (var (x, y) in points) { meanX += x; meanY += y; }
            meanX /= n;
            meanY /= n;
            double sxx = 0, sxy = 0;
            foreach (var (x, y) in points)
            {
                sxx += (x - meanX) * (x - meanX);
                sxy += (x - meanX) * (y - meanY);
            }
            if (sxx <= 0 || double.IsNaN(sxx) || double.IsNaN(sxy)) return null;
            double slope = sxy / sxx;
            if (double.IsInfinity(slope)) return null;
            return new LeastSquaresLine(slope, meanY - (slope * meanX));
        }

        public override string ToString() => FormattableString.Invariant($"y = {Slope} x + {Intercept}");
    }
}
