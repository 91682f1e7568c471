#nullable enable
using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Model;

namespace McpModule.Compare
{
    /// Passes one side's renders to the other side's thread as they are made: the leading side
    /// renders every node in order, the other takes each node's render (or null: it failed) once
    /// it is there. The leader never waits for the other side, so neither can wait forever.
    internal sealed class RenderHandOver
    {
        private readonly TaskCompletionSource<ModelSide> _leader = new TaskCompletionSource<ModelSide>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<string, TaskCompletionSource<RenderedNode?>> _renders =
            new ConcurrentDictionary<string, TaskCompletionSource<RenderedNode?>>(StringComparer.Ordinal);

        public void Opened(ModelSide leader) => _leader.TrySetResult(leader);

        /// The leading side once it is open; OperationCanceledException when cancelled first.
        public ModelSide Leader(CancellationToken cancellation)
        {
            _leader.Task.Wait(cancellation);
            return _leader.Task.Result;
        }

        public void Give(string node, RenderedNode? rendered) => Slot(node).TrySetResult(rendered);

        /// The leader's render of the node, waiting for it; null when the leader has no such node or it failed there.
        public RenderedNode? Take(string node, CancellationToken cancellation)
        {
            if (!Leader(cancellation).Model.HasNode(node)) return null;
            var slot = Slot(node);
            slot.Task.Wait(cancellation);
            return slot.Task.Result;
        }

        private TaskCompletionSource<RenderedNode?> Slot(string node) =>
            _renders.GetOrAdd(node, _ => new TaskCompletionSource<RenderedNode?>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
