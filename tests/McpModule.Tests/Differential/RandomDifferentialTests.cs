using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;

namespace McpModule.Tests.Differential
{
    /// Generates every seed's inventory into one temp folder and asks reclass about all
    /// of them in a single oracle run.
    public sealed class RandomOracle : IDisposable
    {
        private readonly Lazy<Dictionary<string, OracleFolderResult>> _results;

        public RandomOracle()
        {
            Root = Path.Combine(Path.GetTempPath(), $"mcp-diff-{Environment.ProcessId}-{Guid.NewGuid().ToString("N").Substring(0, 8)}");
            _results = new Lazy<Dictionary<string, OracleFolderResult>>(() =>
            {
                OracleRunner.EnsureAvailable();
                Directory.CreateDirectory(Root);
                foreach (var seed in RandomDifferentialTests.SeedNumbers())
                    Inventories[seed] = RandomInventoryGenerator.Generate(seed, FolderOf(seed));
                return OracleRunner.Run(Inventories.Values.Select(i => i.Folder).ToList(), jobs: 2);
            });
        }

        public string Root { get; }
        public Dictionary<int, GeneratedInventory> Inventories { get; } = new Dictionary<int, GeneratedInventory>();

        public string FolderOf(int seed) => Path.Combine(Root, "seed-" + seed.ToString("0000", CultureInfo.InvariantCulture));

        public OracleFolderResult For(int seed)
        {
            var all = _results.Value;
            return all.TryGetValue(FolderOf(seed), out var r)
                ? r
                : throw new InvalidOperationException($"No oracle result for seed {seed}.");
        }

        /// Seeds whose test failed; their inventories stay for reproduction.
        public System.Collections.Concurrent.ConcurrentDictionary<int, bool> Failed { get; } =
            new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();

        /// Deletes every seed's inventory except the failing ones (and all of them only
        /// with MCP_DIFF_KEEP=1 unset); the root goes when nothing is left in it.
        public void Dispose()
        {
            if (Environment.GetEnvironmentVariable("MCP_DIFF_KEEP") == "1") return;
            try
            {
                if (!Directory.Exists(Root)) return;
                foreach (var pair in Inventories)
                    if (!Failed.ContainsKey(pair.Key) && Directory.Exists(pair.Value.Folder))
                        Directory.Delete(pair.Value.Folder, true);
                if (!Directory.EnumerateFileSystemEntries(Root).Any())
                    Directory.Delete(Root);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// One case per seed (1..MCP_DIFF_SEEDS, default 300): a generated inventory must
    /// render exactly as reclass 1.7 renders it. MCP_DIFF_KEEP=1 keeps passing seeds'
    /// inventories too (under $TMPDIR/mcp-diff-*).
    /// Compares with Debian\'s reclass 1.7 (the oracle): filter with Category!=Oracle where it is not installed.
    [Trait("Category", "Oracle")]
    public sealed class RandomDifferentialTests : IClassFixture<RandomOracle>
    {
        public const int DefaultSeeds = 300;
        private readonly RandomOracle _oracle;

        public RandomDifferentialTests(RandomOracle oracle) => _oracle = oracle;

        public static int SeedCount
        {
            get
            {
                var text = Environment.GetEnvironmentVariable("MCP_DIFF_SEEDS");
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : DefaultSeeds;
            }
        }

        public static IEnumerable<int> SeedNumbers() => Enumerable.Range(1, SeedCount);

        public static IEnumerable<object[]> Seeds() => SeedNumbers().Select(s => new object[] { s });

        [Theory]
        [MemberData(nameof(Seeds))]
        public void Random_inventory_renders_like_reclass(int seed)
        {
            var expected = _oracle.For(seed);
            var inventory = _oracle.Inventories[seed];
            var problems = DifferentialCheck.Check(inventory.Folder, expected);
            if (problems.Count == 0)
            {
                if (Environment.GetEnvironmentVariable("MCP_DIFF_KEEP") == "1") return;   // keep for inspection
                try { Directory.Delete(inventory.Folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                return;
            }
            _oracle.Failed[seed] = true;
            Assert.Fail(
                $"Seed {seed} differs from reclass 1.7; inventory kept at {inventory.Folder}\n" +
                (inventory.Notes.Count > 0 ? $"  seed notes: {string.Join("; ", inventory.Notes)}\n" : "") +
                $"  regenerate: RandomInventoryGenerator.Generate({seed}, \"<folder>\")\n" +
                $"  reclass:    /usr/bin/python3 tests/oracle/reclass_oracle.py --indent 1 {inventory.Folder}\n  " +
                string.Join("\n  ", problems));
        }
    }
}
