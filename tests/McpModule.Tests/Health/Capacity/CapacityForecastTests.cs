#nullable enable
using System;
using System.Linq;
using McpModule.Health;
using McpModule.Health.Capacity;
using Xunit;

namespace McpModule.Tests.Health.Capacity
{
    public sealed class CapacityForecastTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

        // percents of a total of 100 at the hours given
        private static McpCapacityResource Forecast(double threshold, params (double Hours, double Percent)[] points) =>
            CapacityForecast.Of(CapacityResourceKind.Memory, points.Select(p => (T0.AddHours(p.Hours), new CapacityReading(p.Percent, 100))).ToList(), threshold)!;

        [Fact]
        public void A_steady_rise_crosses_where_its_line_reaches_the_threshold()
        {
            var r = Forecast(80, (0, 40), (24, 50), (48, 60));
            Assert.Equal(McpCapacityState.Rising, r.State);
            Assert.Equal(10, r.TrendPerDay!.Value, 9);
            Assert.Equal(T0.AddDays(4), r.CrossesAt);
            Assert.Equal(60, r.Percent);
            Assert.Equal(3, r.Samples);
            Assert.Equal(T0.AddHours(48), r.Time);
            Assert.Equal("Memory", r.Resource);
            Assert.Equal("bytes", r.Unit);
        }

        [Fact]
        public void Noisy_samples_cross_where_the_fitted_line_does()
        {
            // days 0, .25, .5, .75; Sxy = 12, Sxx = .3125: 38.4 points/day from 40.6; 80 at 39.4 / 38.4 days = 1 d 37.5 min
            var r = Forecast(80, (0, 40), (6, 52), (12, 58), (18, 70));
            Assert.Equal(38.4, r.TrendPerDay!.Value, 9);
            Assert.Equal(T0.AddDays(1).AddMinutes(37.5), r.CrossesAt!.Value);
        }

        [Fact]
        public void A_flat_series_is_steady_with_no_crossing()
        {
            var r = Forecast(80, (0, 50), (1, 50), (2, 50));
            Assert.Equal(McpCapacityState.Steady, r.State);
            Assert.Equal(0, r.TrendPerDay);
            Assert.Null(r.CrossesAt);
        }

        [Fact]
        public void A_falling_series_is_steady_with_no_crossing()
        {
            var r = Forecast(80, (0, 60), (24, 50), (48, 40));
            Assert.Equal(McpCapacityState.Steady, r.State);
            Assert.Equal(-10, r.TrendPerDay!.Value, 9);
            Assert.Null(r.CrossesAt);
        }

        [Fact]
        public void One_or_two_samples_give_no_trend()
        {
            var one = Forecast(80, (0, 50));
            Assert.Equal(McpCapacityState.NoTrend, one.State);
            Assert.Null(one.TrendPerDay);
            Assert.Equal(1, one.Samples);
            Assert.Equal(McpCapacityState.NoTrend, Forecast(80, (0, 10), (1, 70)).State);
        }

        [Fact]
        public void Samples_all_at_one_time_give_no_trend()
        {
            var r = Forecast(80, (1, 40), (1, 50), (1, 60));
            Assert.Equal(McpCapacityState.NoTrend, r.State);
            Assert.Null(r.TrendPerDay);
            Assert.Null(r.CrossesAt);
        }

        [Fact]
        public void A_resource_at_or_past_its_threshold_is_past_whatever_its_trend()
        {
            var r = Forecast(80, (0, 70), (1, 80), (2, 85));
            Assert.Equal(McpCapacityState.Past, r.State);
            Assert.Null(r.CrossesAt);
            Assert.Equal(7.5 * 24, r.TrendPerDay!.Value, 9);
            Assert.Equal(McpCapacityState.Past, Forecast(80, (0, 90), (1, 85), (2, 80)).State);
            Assert.Equal("80.0 % !", Forecast(80, (0, 80)).ToString());
        }

        [Fact]
        public void A_line_already_past_the_threshold_crosses_at_the_newest_sample_not_before_it()
        {
            // slope 10/day from 63.33: 80 at day 1.67, but the newest sample (day 2, 70 %) is below it
            var r = Forecast(80, (0, 50), (24, 100), (48, 70));
            Assert.Equal(McpCapacityState.Rising, r.State);
            Assert.Equal(T0.AddDays(2), r.CrossesAt);
        }

        [Fact]
        public void An_empty_series_is_no_resource()
        {
            Assert.Null(CapacityForecast.Of(CapacityResourceKind.Cpu, Array.Empty<(DateTimeOffset, CapacityReading)>(), 80));
        }
    }
}
