#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using McpModule.Execution;
using McpModule.Health;
using McpModule.Health.Runs;
using McpModule.Tests.Differential;
using McpModule.Tests.Execution;
using Xunit;
using static McpModule.Tests.Health.Evaluation.HealthModels;

namespace McpModule.Tests.Health.Runs
{
    /// Where a collection reads Ceph's cluster status: the example Ceph model (three monitors) over a
    /// fake transport whose nodes answer as the collector would, Ceph's part from a real cluster's
    /// `ceph status` (tests/fixtures/ceph/health).
    public sealed class HealthCollectionRunTests
    {
        private const string Cmn01 = "cmn01.ceph.local", Cmn02 = "cmn02.ceph.local", Cmn03 = "cmn03.ceph.local";

        private static readonly string Status = File.ReadAllText(Path.Combine(OracleRunner.RepoRoot, "tests", "fixtures", "ceph", "health", "warn-status.json"))
            .Replace('\n', ' ').Replace('\r', ' ');

        private static bool AsksCeph(byte[] input) => Encoding.UTF8.GetString(input).Contains("\nMCP_CEPH=1\n", StringComparison.Ordinal);

        // What collect-node.sh prints: nothing of the node but the protocol's lines, and Ceph's status when asked
        // (or a failed ceph call, as the script reports it).
        private static string Output(bool ceph, bool cephFails = false) =>
            "mcp-health\t1\n" +
            (ceph ? (cephFails ? "problem\tceph status exited 1\n" : "ceph\tstatus\t" + Status + "\n") : "") +
            "end\n";

        private static FakeTransport Transport(params string[] unreachable) => new FakeTransport
        {
            Answer = (t, command, input) => unreachable.Contains(t.Name)
                ? new McpCommandResult(t.Name, t.Address, null, null, null, TimeSpan.Zero, new McpTransportError(McpTransportErrorKind.Unreachable, t.Name + ": unreachable (refused)"))
                : new McpCommandResult(t.Name, t.Address, 0, Output(AsksCeph(input)), "", TimeSpan.FromMilliseconds(1), null),
        };

        private static HealthCollectionRun Collect(FakeTransport transport, params string[] nodes)
        {
            var run = new HealthCollectionRun(Definitions(CephModel), nodes.Select(n => (n, new SshTarget(n, n))).ToList(), transport, 8,
                new Dictionary<string, string>(), TimeSpan.FromSeconds(5));
            foreach (var _ in run.Run()) { }
            return run;
        }

        private static List<string> CephAskedOn(FakeTransport transport) => transport.Calls.Where(c => AsksCeph(c.Input)).Select(c => c.Node).ToList();

        [Fact]
        public void Ceph_is_read_with_the_first_monitors_collection_in_one_round_trip_a_node()
        {
            var transport = Transport();
            using var run = Collect(transport, Cmn03, Cmn01, Cmn02);
            Assert.Equal(new[] { Cmn01 }, CephAskedOn(transport));
            Assert.Equal(3, transport.Calls.Count);
            var health = Assert.Single(run.Metrics, m => m.Name == "ceph_health");
            Assert.Equal("", health.Node);
            Assert.Equal(2, health.Value);
            Assert.Single(run.Entries, e => e.Node == "");
        }

        [Fact]
        public void When_the_first_monitor_does_not_answer_Ceph_is_read_on_the_next_monitor_that_did()
        {
            // cmn01 powered off, cmn02 and cmn03 still in quorum: Ceph's own view is there to read
            var transport = Transport(Cmn01);
            using var run = Collect(transport, Cmn01, Cmn02, Cmn03);
            Assert.Equal(new[] { Cmn01, Cmn02 }, CephAskedOn(transport));
            Assert.Equal(4, transport.Calls.Count);
            Assert.Equal(Cmn01, Assert.Single(run.Unreachable).Node);
            var health = Assert.Single(run.Metrics, m => m.Name == "ceph_health");
            Assert.Equal("", health.Node);
            Assert.Equal(2, health.Value);
            var cluster = Assert.Single(run.Entries, e => e.Node == "");
            Assert.All(cluster.Metrics, m => Assert.StartsWith("ceph_", m.Name));
            // the node's own entry is its first round trip's, once
            Assert.Single(run.Entries, e => e.Node == Cmn02);
            Assert.DoesNotContain(run.Metrics, m => m.Node == Cmn02 && m.Name.StartsWith("ceph_", StringComparison.Ordinal));
        }

        [Fact]
        public void Ceph_is_read_on_the_first_monitor_among_the_nodes_collected_from()
        {
            var transport = Transport();
            using var run = Collect(transport, Cmn03, Cmn02);
            Assert.Equal(new[] { Cmn02 }, CephAskedOn(transport));
            Assert.Equal(2, Assert.Single(run.Metrics, m => m.Name == "ceph_health").Value);
        }

        [Fact]
        public void A_monitor_that_answered_but_whose_ceph_call_failed_is_not_replaced_by_another()
        {
            // every node's ceph CLI asks the same monitors: another node would say the same
            var transport = new FakeTransport
            {
                Answer = (t, command, input) => new McpCommandResult(t.Name, t.Address, 0, Output(AsksCeph(input), cephFails: true), "", TimeSpan.FromMilliseconds(1), null),
            };
            using var run = Collect(transport, Cmn01, Cmn02, Cmn03);
            Assert.Equal(new[] { Cmn01 }, CephAskedOn(transport));
            Assert.Equal(3, transport.Calls.Count);
            Assert.DoesNotContain(run.Metrics, m => m.Name == "ceph_health");
            Assert.Contains(run.Problems, p => p.Node == Cmn01 && p.Message.Contains("ceph status exited 1", StringComparison.Ordinal));
        }

        [Fact]
        public void With_no_monitor_answering_nothing_more_is_tried_and_a_problem_says_why()
        {
            var transport = Transport(Cmn01, Cmn02, Cmn03);
            using var run = Collect(transport, Cmn01, Cmn02, Cmn03);
            Assert.Equal(3, transport.Calls.Count);
            Assert.Equal(3, run.Unreachable.Count);
            Assert.DoesNotContain(run.Metrics, m => m.Name == "ceph_health");
            Assert.Contains(run.Problems, p => p.Node == Cmn01 && p.Message == "Ceph's status was not read: no monitor node answered.");
        }

        [Fact]
        public void When_the_next_monitor_fails_too_a_problem_names_it()
        {
            // cmn02 answers the collection, then drops before the second round trip
            var calls = 0;
            var transport = new FakeTransport();
            transport.Answer = (t, command, input) =>
                t.Name == Cmn01 || (t.Name == Cmn02 && System.Threading.Interlocked.Increment(ref calls) > 1)
                    ? new McpCommandResult(t.Name, t.Address, null, null, null, TimeSpan.Zero, new McpTransportError(McpTransportErrorKind.Unreachable, t.Name + ": connection lost"))
                    : new McpCommandResult(t.Name, t.Address, 0, Output(AsksCeph(input)), "", TimeSpan.FromMilliseconds(1), null);
            using var run = Collect(transport, Cmn01, Cmn02, Cmn03);
            Assert.Equal(new[] { Cmn01, Cmn02 }, CephAskedOn(transport));
            Assert.DoesNotContain(run.Metrics, m => m.Name == "ceph_health");
            Assert.Contains(run.Problems, p => p.Node == Cmn02 && p.Message == "Ceph's status was not read here either: cmn02.ceph.local: connection lost");
        }
    }
}
