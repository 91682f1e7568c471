using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Execution;

namespace McpModule.Tests.Execution
{
    /// A transport for engine tests of runs (a mock: the real one, SshRun, needs sshd nodes and is
    /// tested in the lab suites). Each node answers with what Answer says, after the node's gate
    /// opens (Hold(node) keeps it running until Release(node) or cancellation).
    internal sealed class FakeTransport : INodeTransport
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> _gates = new ConcurrentDictionary<string, TaskCompletionSource<bool>>();
        private int _running, _maxRunning;

        public Func<SshTarget, string, byte[], McpCommandResult> Answer { get; set; } =
            (t, command, input) => new McpCommandResult(t.Name, t.Address, 0, "ok " + t.Name, "", TimeSpan.FromMilliseconds(1), null);

        public ConcurrentQueue<(string Node, string Command, byte[] Input)> Calls { get; } = new ConcurrentQueue<(string, string, byte[])>();
        public int MaxRunning => _maxRunning;
        public ConcurrentDictionary<string, bool> Cancelled { get; } = new ConcurrentDictionary<string, bool>();

        public void Hold(string node) => _gates[node] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Release(string node) { if (_gates.TryGetValue(node, out var g)) g.TrySetResult(true); }

        public async Task<McpCommandResult> RunAsync(SshTarget target, string command, CancellationToken cancel, byte[] input = null)
        {
            Calls.Enqueue((target.Name, command, input));
            var now = Interlocked.Increment(ref _running);
            int max;
            while ((max = _maxRunning) < now && Interlocked.CompareExchange(ref _maxRunning, now, max) != max) { }
            try
            {
                if (_gates.TryGetValue(target.Name, out var gate))
                {
                    var cancelled = new TaskCompletionSource<bool>();
                    using (cancel.Register(() => cancelled.TrySetResult(true)))
                        if (await Task.WhenAny(gate.Task, cancelled.Task).ConfigureAwait(false) == cancelled.Task)
                        {
                            Cancelled[target.Name] = true;
                            return new McpCommandResult(target.Name, target.Address, null, "", "", TimeSpan.Zero,
                                new McpTransportError(McpTransportErrorKind.Cancelled, $"{target.Name}: the run was stopped"));
                        }
                }
                else await Task.Yield();
                return Answer(target, command, input);
            }
            finally { Interlocked.Decrement(ref _running); }
        }
    }
}
