using System;
using System.Threading;
using System.Threading.Tasks;

namespace McpModule.Model.Caching
{
    /// A model's render cache file read on another core while the model is opened and its files
    /// read and hashed (RenderCacheFile.InputsOf): on a first call from the cache the two were
    /// most of the time, one after the other, and neither needs the other until the renders are
    /// kept. The file is read whatever frame (model path and settings) it holds; Keep looks at that.
    /// (A read that stopped once the model's frame was known, for a file of another frame, learned
    /// the frame only after the model's files were hashed, by which time the read was done.)
    internal sealed class RenderCacheRead
    {
        private readonly CancellationTokenSource _stop;
        private readonly Task<Outcome> _read;
        // The file's inputs once read (before its renders), or null once the read ended without them.
        private readonly TaskCompletionSource<RenderInputs> _earlier = new TaskCompletionSource<RenderInputs>();

        // A class, not a tuple: Task<a class> runs the framework's precompiled code; a task of a
        // tuple of our types is compiled at its first use, in a first call.
        private sealed class Outcome
        {
            internal bool Enabled;
            internal string File;
            internal CachedRenders Cached;
        }

        private RenderCacheRead(string modelPath, Func<bool> enabled, CancellationToken cancellation)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var stop = _stop.Token;
            _read = Task.Run(() =>
            {
                // The file's name first: its hash is the process's first SHA-256, whose start
                // (OpenSSL's) is then not the caller's time when it makes the model's key.
                var outcome = new Outcome { File = RenderCacheFile.PathOf(modelPath) };
                // Only once enabled said so: a cache turned off is not read at all. (Reading the
                // file meanwhile, on a third thread, gained ~5 ms of a first call's 200 on two cores.)
                try
                {
                    outcome.Enabled = enabled();
                    if (outcome.Enabled && outcome.File != null) outcome.Cached = RenderCacheFile.Read(outcome.File, stop, inputs => _earlier.TrySetResult(inputs));
                    return outcome;
                }
                finally { _earlier.TrySetResult(null); }
            });
            // The link to the caller's token goes with the read (Stop after that does nothing).
            _read.ContinueWith(_ => _stop.Dispose(), TaskScheduler.Default);
        }

        /// Asks enabled whether to use the cache of the model at modelPath (a full path, as
        /// ReclassModel.Path), then reads its file, on another thread.
        internal static RenderCacheRead Start(string modelPath, Func<bool> enabled, CancellationToken cancellation = default) =>
            new RenderCacheRead(modelPath, enabled, cancellation);

        /// Keeps in the model the renders read that its files as they are now (now: RenderInputs)
        /// would render the same; how many. Waits for the read, and throws what enabled threw.
        internal int KeepInto(ReclassModel model, RenderInputs now)
        {
            if (now == null) throw new ArgumentNullException(nameof(now));
            var outcome = _read.GetAwaiter().GetResult();
            return RenderCacheFile.Keep(model, now, outcome.Cached, outcome.File);
        }

        /// The inputs the cache file holds (RenderCacheFile.InputsOf takes a file's hash from them
        /// while its identity holds), as soon as they are read; null without them (no file, turned
        /// off, not readable). Waits for them, not for the renders.
        internal RenderInputs EarlierInputs => _earlier.Task.GetAwaiter().GetResult();

        /// Whether the whole file read as written (waits for the read): where it did not, inputs
        /// made from EarlierInputs may hold hashes of a damaged file, and are made again.
        internal bool ReadWhole => _read.GetAwaiter().GetResult().Cached != null;

        /// Whether enabled said to use the cache (waits for it; throws what it threw).
        internal bool Enabled => _read.GetAwaiter().GetResult().Enabled;

        /// Stops the read where it is (the model did not open, or is not to be cached); nothing waits for it.
        internal void Stop()
        {
            try { _stop.Cancel(); }
            catch (ObjectDisposedException) { }
        }
    }
}
