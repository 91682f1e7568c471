using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace McpModule.Model.Rendering
{
    /// Renders nodes of a list on the other cores while the caller renders them in order:
    /// the caller's ReclassModel.Render then finds a node done, waits for the one being
    /// rendered, or renders it itself. What the caller sees (order, errors, cancellation)
    /// stays its own; a failure here is not kept (the model forgets failed renders) and the
    /// caller's own render reports it.
    internal sealed class RenderAhead : IDisposable
    {
        private readonly CancellationTokenSource _stop;
        private readonly Task[] _workers;

        private RenderAhead(ReclassModel model, IReadOnlyList<string> names, int workers, CancellationToken cancellation)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var next = -1;
            var token = _stop.Token;
            _workers = new Task[workers];
            for (var w = 0; w < workers; w++)
                _workers[w] = Task.Run(() =>
                {
                    // From the end: the caller starts at the front, so the two meet once, in the middle.
                    int i;
                    while (!token.IsCancellationRequested && (i = names.Count - 1 - Interlocked.Increment(ref next)) >= 0)
                    {
                        try { model.Render(names[i], token); }
                        catch (Exception e) when (e is ModelException || e is OperationCanceledException) { }
                    }
                }, CancellationToken.None);
        }

        /// Null where there is no other core, or too few nodes left to render to share (renders
        /// the model holds already, from its render cache, are not work: a worker started for
        /// them would only cost a first call its thread's start).
        public static RenderAhead Start(ReclassModel model, IReadOnlyList<string> names, CancellationToken cancellation)
        {
            if (Environment.ProcessorCount < 2) return null;
            var left = new List<string>();
            foreach (var name in names)
                if (!model.HasRendered(name)) left.Add(name);
            var workers = Math.Min(Environment.ProcessorCount - 1, left.Count / 2);
            return workers < 1 ? null : new RenderAhead(model, left, workers, cancellation);
        }

        /// Stops the workers and waits for the renders they are in.
        public void Dispose()
        {
            _stop.Cancel();
            try { Task.WaitAll(_workers); }
            catch (AggregateException) { }
            _stop.Dispose();
        }
    }
}
