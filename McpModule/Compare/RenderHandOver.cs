#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Model;

namespace McpModule.Compare
{
    /// Passes one side's renders to the other side's thread in the order they are made: the
    /// leading side renders every node (an inventory query renders many inside one node's
    /// render, and each is passed on at once), the other takes them as they come and never
    /// waits for one node while another is ready. The leader never waits for the other side.
    internal sealed class RenderHandOver : IDisposable
    {
        private readonly TaskCompletionSource<ModelSide> _leader = new TaskCompletionSource<ModelSide>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly BlockingCollection<(string Node, RenderedNode? Render)> _given = new BlockingCollection<(string, RenderedNode?)>();
        private readonly ConcurrentDictionary<string, bool> _once = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        public void Opened(ModelSide leader) => _leader.TrySetResult(leader);

        /// The leading side once it is open; OperationCanceledException when cancelled first.
        public ModelSide Leader(CancellationToken cancellation)
        {
            _leader.Task.Wait(cancellation);
            return _leader.Task.Result;
        }

        /// A node's render (null: it failed); a node given again is passed on once.
        public void Give(string node, RenderedNode? rendered)
        {
            if (_once.TryAdd(node, true)) _given.Add((node, rendered));
        }

        /// The leader has rendered every node.
        public void Done() => _given.CompleteAdding();

        public void Dispose() => _given.Dispose();

        /// The renders as the leader makes them, until it is done; OperationCanceledException when cancelled.
        public IEnumerable<(string Node, RenderedNode? Render)> Given(CancellationToken cancellation) => _given.GetConsumingEnumerable(cancellation);
    }
}
