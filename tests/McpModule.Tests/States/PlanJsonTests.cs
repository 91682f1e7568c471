using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Text.Json;
using McpModule.States;
using McpModule.States.Formulas;
using Xunit;

namespace McpModule.Tests.States
{
    /// PlanJson writes what JsonSerializer wrote before it (the oracle) for every value a plan's
    /// arguments hold, and the numbers JSON lacks as python's json module reads them.
    public sealed class PlanJsonTests
    {
        private static string Written(object value)
        {
            using (var buffer = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(buffer)) PlanJson.Value(w, value);
                return Encoding.UTF8.GetString(buffer.ToArray());
            }
        }

        public static IEnumerable<object[]> Values()
        {
            yield return new object[] { null };
            yield return new object[] { "" };
            yield return new object[] { "plain" };
            yield return new object[] { "quote \" backslash \\ slash / tab \t newline \n nul \0 bell \u0007" };
            yield return new object[] { "<html> & 'single' +plus `tick`" };
            yield return new object[] { "ünïcødé ✓ 日本 \U0001F600 \u2028 \u2029" };
            yield return new object[] { true };
            yield return new object[] { false };
            yield return new object[] { 0 };
            yield return new object[] { -7 };
            yield return new object[] { long.MaxValue };
            yield return new object[] { long.MinValue };
            yield return new object[] { 0.1 };
            yield return new object[] { -0.0 };
            yield return new object[] { 1e300 };
            yield return new object[] { 5e-324 };
            yield return new object[] { 3.0 };
            yield return new object[] { 1.5f };
            yield return new object[] { 12.50m };
            yield return new object[] { new List<object> { 1L, "two", null, true, new List<object>() } };
            yield return new object[] { new Dictionary<string, object>(StringComparer.Ordinal) { ["b"] = 1L, ["a"] = "x", ["é<"] = new Dictionary<string, object>() } };
            yield return new object[] { new Dictionary<string, object> { ["list"] = new object[] { 1.25, "s" }, ["n"] = null } };
            yield return new object[] { new DateTime(2026, 12, 5, 7, 0, 0, DateTimeKind.Utc) };
        }

        [Theory]
        [MemberData(nameof(Values))]
        public void A_value_is_written_as_the_serializer_writes_it(object value)
        {
            Assert.Equal(JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object)), Written(value));
        }

        [Fact]
        public void Random_argument_trees_are_written_as_the_serializer_writes_them()
        {
            var random = new Random(20261205);
            for (var i = 0; i < 2000; i++)
            {
                var value = Tree(random, 0);
                Assert.Equal(JsonSerializer.Serialize(value), Written(value));
            }
        }

        private static object Tree(Random r, int depth)
        {
            switch (r.Next(depth > 3 ? 6 : 8))
            {
                case 0: return null;
                case 1: return r.Next(2) == 0;
                case 2: return (long)r.Next() * (r.Next(2) == 0 ? -1 : 1) * r.Next(1, 1 << 20);
                case 3: return (r.NextDouble() - 0.5) * Math.Pow(10, r.Next(-20, 20));
                case 4:
                case 5: return new string(Enumerable.Range(0, r.Next(12)).Select(_ => (char)r.Next(0, 0x3000)).Where(c => !char.IsSurrogate(c)).ToArray());
                case 6: return Enumerable.Range(0, r.Next(4)).Select(_ => Tree(r, depth + 1)).ToList();
                default:
                    var map = new Dictionary<string, object>(StringComparer.Ordinal);
                    for (var k = r.Next(4); k > 0; k--) map["k" + r.Next(100) + (char)r.Next(0x20, 0x800)] = Tree(r, depth + 1);
                    return map;
            }
        }

        [Fact]
        public void Integers_beyond_64_bits_and_the_special_floats_are_read_by_python_as_int_and_float()
        {
            // YAML's 2**70, .nan, .inf and -.inf: the serializer wrote an object of BigInteger's
            // properties for the first and threw for the others
            var big = BigInteger.Pow(2, 70);
            var json = Written(new List<object> { big, -big, double.NaN, double.PositiveInfinity, double.NegativeInfinity, float.NaN });
            Assert.Equal("[1180591620717411303424,-1180591620717411303424,NaN,Infinity,-Infinity,NaN]", json);
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("import json,sys;v=json.loads(sys.argv[1]);print(' '.join(type(x).__name__+':'+repr(x) for x in v))");
            start.ArgumentList.Add(json);
            using (var p = Process.Start(start))
            {
                var output = p.StandardOutput.ReadToEnd().Trim();
                Assert.True(p.WaitForExit(30000));
                Assert.Equal("int:1180591620717411303424 int:-1180591620717411303424 float:nan float:inf float:-inf float:nan", output);
            }
        }

        [Fact]
        public void A_plan_is_written_as_the_serializer_wrote_its_dictionaries()
        {
            var args = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["contents"] = "line <1>\nline 2\n", ["mode"] = 420L, ["makedirs"] = true, ["pkgs"] = new List<object> { "a", "b" },
            };
            var first = new PlanResource("linux.system", "motd", "file.managed", "/etc/motd", args, "linux/system.sls", 3) { Index = 0 };
            var second = new PlanResource("ntp", "ntp_service", "service.running", "ntp", new Dictionary<string, object>(), "ntp/init.sls", 9)
            { Index = 1, Require = new[] { 0 }, Watch = new[] { 0 } };
            var plan = new NodePlan("ctl01.lab.local", new[] { "linux.system", "ntp" }, new[] { first, second });
            foreach (var run in new[] { null, new NodeRunInfo("20261205-1", "ops", "ci \"01\"") })
            {
                var resources = plan.Resources.Select(r => new Dictionary<string, object>
                {
                    ["i"] = r.Index, ["id"] = r.StateId, ["type"] = r.Type, ["fn"] = r.Function.Substring(r.Type.Length + 1),
                    ["name"] = r.Name, ["args"] = r.Arguments, ["require"] = r.Require, ["watch"] = r.Watch, ["onchanges"] = r.OnChanges,
                }).ToList();
                var who = run == null ? null : new Dictionary<string, object> { ["id"] = run.RunId, ["user"] = run.User, ["host"] = run.Host };
                var before = JsonSerializer.Serialize(new Dictionary<string, object> { ["whatif"] = run != null, ["run"] = who, ["resources"] = resources });
                Assert.Equal(before, PlanJson.Of(plan, run != null, run));
            }
        }

        [Fact]
        public void A_literal_is_the_serializers_string()
        {
            foreach (var s in new[] { "", "{\"a\": [1, \"<b>\"]}", "ünï\n\u2028" })
                Assert.Equal(JsonSerializer.Serialize(s), PlanJson.Literal(s));
        }
    }
}
