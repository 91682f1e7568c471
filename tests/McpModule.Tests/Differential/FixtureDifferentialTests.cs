using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace McpModule.Tests.Differential
{
    /// Runs the reclass oracle once for every fixture inventory of the test run.
    public sealed class FixtureOracle
    {
        private readonly Lazy<Dictionary<string, OracleFolderResult>> _results;

        public FixtureOracle()
        {
            _results = new Lazy<Dictionary<string, OracleFolderResult>>(
                () => OracleRunner.Run(FixtureDifferentialTests.FixtureNames().Select(FixtureDifferentialTests.FolderOf).ToList(), jobs: 2));
        }

        /// Throws (so the test fails, never skips) when the oracle cannot run.
        public OracleFolderResult For(string folder)
        {
            var all = _results.Value;
            if (!all.TryGetValue(folder, out var r))
                throw new InvalidOperationException($"No oracle result for '{folder}'.");
            return r;
        }
    }

    /// One case per tests/fixtures/inventories/<NN-name>: every node must render exactly
    /// as `reclass --nodeinfo` prints it, or fail (ModelException) where reclass fails.
    /// Compares with Debian\'s reclass 1.7 (the oracle): filter with Category!=Oracle where it is not installed.
    [Trait("Category", "Oracle")]
    public sealed class FixtureDifferentialTests : IClassFixture<FixtureOracle>
    {
        private readonly FixtureOracle _oracle;

        public FixtureDifferentialTests(FixtureOracle oracle) => _oracle = oracle;

        public static string InventoriesRoot =>
            Path.Combine(OracleRunner.RepoRoot, "tests", "fixtures", "inventories");

        public static string FolderOf(string name) => Path.Combine(InventoriesRoot, name);

        public static IEnumerable<string> FixtureNames() =>
            Directory.Exists(InventoriesRoot)
                ? Directory.GetDirectories(InventoriesRoot).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal)
                : Enumerable.Empty<string>();

        public static IEnumerable<object[]> Fixtures()
        {
            var names = FixtureNames().ToList();
            if (names.Count == 0) return new[] { new object[] { "<no fixtures found under " + InventoriesRoot + ">" } };
            return names.Select(n => new object[] { n });
        }

        [Theory]
        [MemberData(nameof(Fixtures))]
        public void Fixture_renders_like_reclass(string fixture)
        {
            var folder = FolderOf(fixture);
            Assert.True(Directory.Exists(folder), $"Fixture folder missing: {folder}");
            var expected = _oracle.For(folder);
            var problems = DifferentialCheck.Check(folder, expected);
            if (problems.Count > 0)
            {
                var readme = Path.Combine(folder, "README.txt");
                var about = File.Exists(readme) ? File.ReadAllText(readme).Trim() : "";
                Assert.Fail($"Fixture {fixture} differs from reclass 1.7 ({folder})\n  {about}\n  " +
                            string.Join("\n  ", problems) +
                            $"\n  reclass: cd {folder} && {Path.Combine(OracleRunner.RepoRoot, "tests", "oracle", "reclass")} -b . -o json --nodeinfo <node>");
            }
        }
    }
}
