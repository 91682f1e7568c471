using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace McpModule.Execution.Fanout
{
    /// Runs work on many nodes at once — at most Throttle at a time — and hands back each node's
    /// result on the caller's thread as it finishes, so a cmdlet writes objects, errors and
    /// progress from its own thread. Stop() ends the running commands (their remote process
    /// groups end) and reports every node not yet started as Cancelled, "stopped before it
    /// started". Every run on nodes (commands, states, OSDs, health) goes through here.
    internal sealed class NodeFanout<T> : IDisposable
    {
        /// How long a stop waits for the running nodes to end their commands before the
        /// connections close under them.
        public static readonly TimeSpan StopWait = TimeSpan.FromSeconds(15);

        private readonly INodeTransport _transport;
        private readonly IReadOnlyList<NodeWork<T>> _work;
        private readonly int _throttle;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly BlockingCollection<(NodeWork<T> Work, McpCommandResult Result)> _done = new BlockingCollection<(NodeWork<T>, McpCommandResult)>();
        private readonly ConcurrentDictionary<string, bool> _running = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private Task _all;
        private int _started;

        public NodeFanout(INodeTransport transport, IEnumerable<NodeWork<T>> work, int throttle)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
            _work = (work ?? throw new ArgumentNullException(nameof(work))).ToList();
            _throttle = Math.Max(1, throttle);
        }

        public int Total => _work.Count;
        public bool StopRequested => _stop.IsCancellationRequested;

        /// The nodes whose command runs now (started, not yet reported).
        public IReadOnlyCollection<string> Running => _running.Keys.ToList();

        /// Safe from any thread, before, during or after Results.
        public void Stop()
        {
            try { _stop.Cancel(); } catch (ObjectDisposedException) { }
        }

        /// Each node's outcome in the order nodes finish; ends when every node has reported. The
        /// nodes start on the first MoveNext. When the caller leaves the loop early (an exception
        /// from its output, a break), the fan-out stops, waits up to StopWait for the running
        /// nodes, and keeps what they reported in Unread.
        public IEnumerable<NodeOutcome<T>> Results()
        {
            if (Interlocked.Exchange(ref _started, 1) == 1) throw new InvalidOperationException("A fan-out runs once.");
            Start();
            var count = 0;
            var drained = false;
            try
            {
                foreach (var (work, result) in _done.GetConsumingEnumerable())
                    yield return new NodeOutcome<T>(work, result, ++count, _work.Count);
                drained = true;
            }
            finally
            {
                if (!drained)
                {
                    Stop();
                    _all.Wait(StopWait);
                    Unread = _done.ToArray().Select(d => new NodeOutcome<T>(d.Work, d.Result, ++count, _work.Count)).ToList();
                }
            }
        }

        /// What nodes reported that the caller's loop did not take (it left early); empty otherwise.
        public IReadOnlyList<NodeOutcome<T>> Unread { get; private set; } = Array.Empty<NodeOutcome<T>>();

        private void Start()
        {
            var gate = new SemaphoreSlim(_throttle);
            var token = _stop.Token;
            var tasks = _work.Select(w => Task.Run(async () =>
            {
                try { await gate.WaitAsync(token).ConfigureAwait(false); }
                catch (OperationCanceledException)
                {
                    _done.Add((w, NotStarted(w.Target)));
                    return;
                }
                if (token.IsCancellationRequested)   // the gate opened as the stop came: the node never starts
                {
                    gate.Release();
                    _done.Add((w, NotStarted(w.Target)));
                    return;
                }
                McpCommandResult result;
                _running[w.Target.Name] = true;
                try { result = await _transport.RunAsync(w.Target, w.Command, token, w.Input).ConfigureAwait(false); }
                catch (Exception e)   // a transport must not throw; if one does, the node still reports
                {
                    result = new McpCommandResult(w.Target.Name, w.Target.Address, null, null, null, TimeSpan.Zero,
                        new McpTransportError(McpTransportErrorKind.Failed, $"{w.Target.Name}: {e.GetType().Name}: {e.Message}"));
                }
                finally { gate.Release(); }
                _running.TryRemove(w.Target.Name, out _);
                _done.Add((w, result));
            })).ToArray();
            _all = Task.WhenAll(tasks).ContinueWith(_ => _done.CompleteAdding(), TaskScheduler.Default);
        }

        private static McpCommandResult NotStarted(SshTarget target) =>
            new McpCommandResult(target.Name, target.Address, null, null, null, TimeSpan.Zero,
                new McpTransportError(McpTransportErrorKind.Cancelled, $"{target.Name}: the run was stopped before it started"));

        public void Dispose()
        {
            if (_all != null && !_all.IsCompleted) { Stop(); _all.Wait(StopWait); }
            _stop.Dispose();
        }
    }
}
