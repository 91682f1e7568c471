using System;
using System.IO;
using McpModule.States;
using McpModule.States.Journal;
using Xunit;

namespace McpModule.Tests.States
{
    public sealed class RunIdReuseTests : IDisposable
    {
        private static readonly string[] Targets = { "ctl01.lab.local", "cmp001.lab.local" };
        private static readonly string[] States = { "linux", "ntp" };
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "mcp-reuse-" + Guid.NewGuid().ToString("N"));

        public RunIdReuseTests() => Directory.CreateDirectory(_dir);
        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private void Journal(string shard, string[] states = null, string[] targets = null, bool whatIf = false) =>
            RunJournal.Write(new McpRun("4711", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "ci", "/m", null, targets ?? Targets, states ?? States, whatIf,
                McpRunStatus.Failed, Array.Empty<McpNodeRun>(), shard: shard == null ? null : McpShard.Parse(shard)), null, null, _dir);

        private RunIdReuse Check(string shard, string[] states = null, string[] targets = null, bool whatIf = false) =>
            RunIdReuse.Check(_dir, "4711", shard == null ? null : McpShard.Parse(shard), states ?? States, targets ?? Targets, whatIf);

        [Fact]
        public void A_new_run_id_takes_any_run()
        {
            Assert.Null(Check("2/4").Conflict);
            Assert.Null(Check("2/4").Replaces);
            Assert.Null(Check(null).Conflict);
        }

        [Fact]
        public void Another_shard_of_the_same_run_goes_ahead_and_replaces_nothing()
        {
            Journal("1/4");
            var reuse = Check("2/4");
            Assert.Null(reuse.Conflict);
            Assert.Null(reuse.Replaces);
        }

        [Fact]
        public void The_same_shard_again_replaces_its_own_part_only_and_says_so()
        {
            Journal("1/4");
            Journal("2/4");
            var reuse = Check("2/4");
            Assert.Null(reuse.Conflict);
            Assert.Contains("shard 2/4 of run '4711' is in the journal already", reuse.Replaces);
            Assert.Contains("shard-2-of-4.json", reuse.Replaces);
        }

        [Fact]
        public void A_shard_of_another_count_states_targets_or_WhatIf_is_refused_before_it_runs()
        {
            Journal("1/4");
            Assert.Contains("is one of 4 shards; shard 2/8 is one of 8", Check("2/8").Conflict);
            Assert.Contains("applied the states linux, ntp; this run applies linux", Check("2/4", states: new[] { "linux" }).Conflict);
            Assert.Contains("not the same ones", Check("2/4", targets: new[] { "ctl01.lab.local" }).Conflict);
            Assert.Contains("-WhatIf", Check("2/4", whatIf: true).Conflict);
        }

        [Fact]
        public void Whole_runs_and_sharded_runs_do_not_share_an_id()
        {
            Journal("1/4");
            Assert.Contains("names a sharded run already", Check(null).Conflict);
            Directory.Delete(Path.Combine(_dir, "4711"), true);
            Journal(null);
            Assert.Contains("names a whole (unsharded) run already", Check("1/4").Conflict);
            Assert.Contains("replaces its record", Check(null).Replaces);
        }

        [Fact]
        public void A_part_of_the_same_shard_that_cannot_be_read_is_replaced()
        {
            Directory.CreateDirectory(Path.Combine(_dir, "4711"));
            File.WriteAllText(Path.Combine(_dir, "4711", "shard-2-of-4.json"), "{ broken");
            var reuse = Check("2/4");
            Assert.Null(reuse.Conflict);
            Assert.Contains("cannot be read", reuse.Replaces);
        }
    }
}
