#nullable enable
using System.Collections.Generic;
using McpModule.Health.Capacity;
using Xunit;

namespace McpModule.Tests.Health.Capacity
{
    public sealed class LeastSquaresLineTests
    {
        private static LeastSquaresLine Fit(params (double X, double Y)[] points) =>
            LeastSquaresLine.Fit(points) ?? throw new Xunit.Sdk.XunitException("no line");

        [Fact]
        public void Points_on_a_line_give_that_line()
        {
            var line = Fit((0, 1), (1, 3), (2, 5));
            Assert.Equal(2, line.Slope, 12);
            Assert.Equal(1, line.Intercept, 12);
            Assert.Equal(2.5, line.Where(6)!.Value, 12);
        }

        [Fact]
        public void Noisy_points_give_the_line_of_least_squares()
        {
            // means 1.5 and 2.25; Sxy = 4.5, Sxx = 5: slope 0.9, intercept 2.25 - 0.9 x 1.5 = 0.9
            var line = Fit((0, 1), (1, 2), (2, 2), (3, 4));
            Assert.Equal(0.9, line.Slope, 12);
            Assert.Equal(0.9, line.Intercept, 12);
        }

        [Fact]
        public void A_flat_line_reaches_no_other_value()
        {
            var line = Fit((0, 5), (1, 5), (2, 5));
            Assert.Equal(0, line.Slope);
            Assert.Null(line.Where(80));
        }

        [Fact]
        public void A_falling_line_has_a_negative_slope()
        {
            var line = Fit((0, 10), (1, 8), (2, 6));
            Assert.Equal(-2, line.Slope, 12);
            Assert.Equal(5, line.Where(0)!.Value, 12);
        }

        [Fact]
        public void No_line_goes_through_one_point_or_none()
        {
            Assert.Null(LeastSquaresLine.Fit(new List<(double, double)>()));
            Assert.Null(LeastSquaresLine.Fit(new[] { (1.0, 2.0) }));
        }

        [Fact]
        public void No_line_goes_through_points_at_one_x()
        {
            Assert.Null(LeastSquaresLine.Fit(new[] { (1.0, 2.0), (1.0, 3.0), (1.0, 4.0) }));
        }

        [Fact]
        public void Large_x_does_not_lose_the_slope_to_rounding()
        {
            // raw sums of x squared at 1e12 would cancel catastrophically in double
            const double t = 1e12;
            var line = Fit((t, 0), (t + 1, 1), (t + 2, 2));
            Assert.Equal(1, line.Slope, 9);
        }
    }
}
