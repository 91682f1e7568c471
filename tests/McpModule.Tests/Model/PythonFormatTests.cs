using System.Collections.Generic;
using McpModule.Model.Data;
using Xunit;

namespace McpModule.Tests.Model
{
    public class PythonFormatTests
    {
        [Theory]
        [InlineData(1.0, "1.0")]
        [InlineData(0.1, "0.1")]
        [InlineData(1e16, "1e+16")]
        [InlineData(1e15, "1000000000000000.0")]
        [InlineData(1e-5, "1e-05")]
        [InlineData(0.0001, "0.0001")]
        [InlineData(-2.5, "-2.5")]
        [InlineData(1.5e300, "1.5e+300")]
        [InlineData(123456789.123, "123456789.123")]
        public void Floats_print_as_CPython_repr(double value, string expected) => Assert.Equal(expected, PythonFormat.Float(value));

        [Fact]
        public void Str_of_containers_is_Python_repr()
        {
            var map = new OrderedMap { ["k"] = "it's", ["n"] = null, ["b"] = true, ["l"] = new List<object> { 1L, 2.0, "x" } };
            Assert.Equal("{'k': \"it's\", 'n': None, 'b': True, 'l': [1, 2.0, 'x']}", PythonFormat.Str(map));
        }

        [Fact]
        public void Str_of_scalars_matches_Python()
        {
            Assert.Equal("True", PythonFormat.Str(true));
            Assert.Equal("None", PythonFormat.Str(null));
            Assert.Equal("plain", PythonFormat.Str("plain"));
        }
    }
}
