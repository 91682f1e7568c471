using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using McpModule.Ceph;
using McpModule.Ceph.Osd;
using McpModule.States;
using McpModule.States.Journal;
using Xunit;

namespace McpModule.Tests.Ceph.Osd
{
    /// Remove-McpCephOsd's run record, written to a real journal folder and read back as Get-McpRun does.
    public sealed class CephOsdRemovalRecordTests : IDisposable
    {
        private readonly string _repo = Path.Combine(Path.GetTempPath(), "mcp-removal-" + Guid.NewGuid().ToString("N"));
        private readonly List<McpRun> _written = new List<McpRun>();

        public CephOsdRemovalRecordTests() => Directory.CreateDirectory(_repo);

        public void Dispose() => Directory.Delete(_repo, true);

        private static readonly McpCephOsd Four = new McpCephOsd { Id = 4, Host = "cmn03", Node = "cmn03.ceph.local", Device = "/dev/sdc" };
        private static readonly McpCephOsd Five = new McpCephOsd { Id = 5, Host = "cmn03", Node = "cmn03.ceph.local", Device = "/dev/sdd" };

        private CephOsdRemovalRecord Record(params McpCephOsd[] osds) =>
            new CephOsdRemovalRecord("20261203T120000Z-abcdef", _repo, osds, run => { _written.Add(run); return RunJournal.Write(run, _repo); });

        [Fact]
        public void Before_the_first_step_the_journal_says_interrupted_and_which_osds_are_not_finished()
        {
            var record = Record(Four, Five);
            var run = RunJournal.Read(record.JournalPath!);
            Assert.Equal("Interrupted", run.Status);
            Assert.Equal("Remove-McpCephOsd", run.Command);
            Assert.Equal(new[] { "osd.4", "osd.5" }, run.Targets);
            Assert.Contains("osd.4, osd.5 not finished", Assert.Single(run.Nodes).Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Each_step_is_a_result_of_the_osds_host_and_a_finished_removal_succeeds()
        {
            var record = Record(Four);
            record.Step(Four, "out", "ceph osd out 4", false, "marked out", TimeSpan.FromSeconds(1));
            record.Step(Four, "drain", "ceph osd safe-to-destroy 4", false, "drained", TimeSpan.FromSeconds(30));
            record.Step(Four, "purge", "ceph osd purge 4", false, "purged", TimeSpan.FromSeconds(2));
            record.Finished(Four);
            var final = record.Finish(stopped: false);
            Assert.Equal("Succeeded", final.Status);
            var read = RunJournal.Read(record.JournalPath!);
            var node = Assert.Single(read.Nodes);
            Assert.Equal("cmn03.ceph.local", node.Node);
            Assert.Equal(new[] { "osd.4 out", "osd.4 drain", "osd.4 purge" }, node.Results.Select(r => r.StateId));
            Assert.All(node.Results, r => Assert.Equal("Changed", r.Result));
            Assert.Equal(30, node.Results[1].DurationSeconds);
            Assert.Equal(5, _written.Count);   // at the start, after each step, at the end
        }

        [Fact]
        public void A_failed_step_fails_the_run_and_says_how_far_it_got()
        {
            var record = Record(Four, Five);
            record.Step(Four, "out", "ceph osd out 4", false, "marked out", TimeSpan.Zero);
            record.Step(Four, "drain", "ceph osd safe-to-destroy 4", true, "its data did not move off within 60 s", TimeSpan.FromSeconds(60));
            record.Finished(Four);
            var final = record.Finish(stopped: false);
            Assert.Equal("Failed", final.Status);
            var node = Assert.Single(RunJournal.Read(record.JournalPath!).Nodes);
            Assert.Equal("Failed", node.Status);
            Assert.Equal("its data did not move off within 60 s", node.Error);
            Assert.Equal(new[] { "Changed", "Failed" }, node.Results.Select(r => r.Result));
        }

        [Fact]
        public void A_stopped_removal_is_interrupted_naming_the_osds_left()
        {
            var record = Record(Four, Five);
            record.Step(Four, "out", "ceph osd out 4", false, "marked out", TimeSpan.Zero);
            var final = record.Finish(stopped: true);
            Assert.Equal("Interrupted", final.Status);
            Assert.Contains("(the command was stopped)", Assert.Single(final.Nodes).Error, StringComparison.Ordinal);
        }
    }
}
