using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using McpModule.Execution;
using McpModule.Execution.Fanout;
using Xunit;

namespace McpModule.Tests.Execution
{
    public sealed class NodeFanoutTests
    {
        private static List<NodeWork<string>> Work(int n, string command = "true") =>
            Enumerable.Range(1, n).Select(i => new NodeWork<string>(SshTarget.FromName("node" + i), command, Encoding.UTF8.GetBytes("in" + i), "item" + i)).ToList();

        [Fact]
        public void Every_node_reports_once_with_its_own_input_and_item_and_the_counts()
        {
            var transport = new FakeTransport();
            using var fanout = new NodeFanout<string>(transport, Work(5), 2);
            var outcomes = fanout.Results().ToList();
            Assert.Equal(5, outcomes.Count);
            Assert.Equal(Enumerable.Range(1, 5), outcomes.Select(o => o.Done));
            Assert.All(outcomes, o => Assert.Equal(5, o.Total));
            Assert.All(outcomes, o => Assert.Equal("item" + o.Work.Target.Name.Substring(4), o.Work.Item));
            Assert.All(outcomes, o => Assert.Equal("ok " + o.Work.Target.Name, o.Result.StdOut));
            Assert.Equal(Work(5).Select(w => w.Target.Name).OrderBy(x => x), transport.Calls.Select(c => c.Node).OrderBy(x => x));
            Assert.All(transport.Calls, c => Assert.Equal("in" + c.Node.Substring(4), Encoding.UTF8.GetString(c.Input)));
        }

        [Fact]
        public void No_more_than_the_throttle_run_at_once()
        {
            var transport = new FakeTransport();
            foreach (var w in Work(6)) transport.Hold(w.Target.Name);
            using var fanout = new NodeFanout<string>(transport, Work(6), 2);
            var seen = new List<string>();
            // each node is let go only once the next ones have had their chance to start: two run
            // (the throttle) before the first is released, whatever the machine's speed
            var release = new Thread(() =>
            {
                for (var released = 0; released < 6; released++)
                {
                    SpinWait.SpinUntil(() => transport.Calls.Count >= Math.Min(released + 2, 6), 10000);
                    Thread.Sleep(10);   // a third node, if the throttle let it, would start now
                    transport.Release(transport.Calls.ElementAt(released).Node);
                }
            });
            release.Start();
            foreach (var o in fanout.Results()) seen.Add(o.Work.Target.Name);
            release.Join();
            Assert.Equal(6, seen.Count);
            Assert.Equal(2, transport.MaxRunning);
        }

        [Fact]
        public void Results_stream_in_the_order_nodes_finish()
        {
            var transport = new FakeTransport();
            transport.Hold("node1");
            using var fanout = new NodeFanout<string>(transport, Work(3), 3);
            var order = new List<string>();
            foreach (var o in fanout.Results())
            {
                order.Add(o.Work.Target.Name);
                if (order.Count == 2) transport.Release("node1");
            }
            Assert.Equal("node1", order.Last());
        }

        [Fact]
        public void Stop_cancels_running_nodes_and_reports_the_ones_not_started_as_stopped_before_they_started()
        {
            var transport = new FakeTransport();
            foreach (var w in Work(4)) transport.Hold(w.Target.Name);
            using var fanout = new NodeFanout<string>(transport, Work(4), 1);
            var outcomes = new List<NodeOutcome<string>>();
            var stopper = new Thread(() => { while (transport.Calls.IsEmpty) Thread.Sleep(5); fanout.Stop(); });
            stopper.Start();
            outcomes.AddRange(fanout.Results());
            stopper.Join();
            Assert.Equal(4, outcomes.Count);
            Assert.All(outcomes, o => Assert.Equal(McpTransportErrorKind.Cancelled.ToString(), o.Result.Error.Kind));
            Assert.Single(transport.Cancelled);
            Assert.Equal(3, outcomes.Count(o => o.Result.Error.Message.EndsWith("the run was stopped before it started", StringComparison.Ordinal)));
        }

        [Fact]
        public void Leaving_the_loop_early_stops_the_rest_and_keeps_what_they_reported()
        {
            var transport = new FakeTransport();
            transport.Hold("node2");
            transport.Hold("node3");
            using var fanout = new NodeFanout<string>(transport, Work(3), 3);
            var first = fanout.Results().First();
            Assert.Equal("node1", first.Work.Target.Name);
            Assert.True(fanout.StopRequested);
            Assert.Equal(new[] { "node2", "node3" }, fanout.Unread.Select(o => o.Work.Target.Name).OrderBy(x => x));
            Assert.All(fanout.Unread, o => Assert.Equal(McpTransportErrorKind.Cancelled.ToString(), o.Result.Error.Kind));
        }

        [Fact]
        public void A_transport_that_throws_still_gives_the_node_a_result()
        {
            var transport = new FakeTransport { Answer = (t, c, i) => t.Name == "node2" ? throw new InvalidOperationException("boom") : new McpCommandResult(t.Name, t.Address, 0, "", "", TimeSpan.Zero, null) };
            using var fanout = new NodeFanout<string>(transport, Work(3), 3);
            var outcomes = fanout.Results().ToList();
            Assert.Equal(3, outcomes.Count);
            var bad = outcomes.Single(o => o.Work.Target.Name == "node2").Result;
            Assert.Equal(McpTransportErrorKind.Failed.ToString(), bad.Error.Kind);
            Assert.Contains("boom", bad.Error.Message);
        }

        [Fact]
        public void A_fan_out_runs_once()
        {
            using var fanout = new NodeFanout<string>(new FakeTransport(), Work(1), 1);
            _ = fanout.Results().ToList();
            Assert.Throws<InvalidOperationException>(() => fanout.Results().ToList());
        }
    }
}
