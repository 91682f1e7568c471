using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace McpModule.Model.Caching
{
    /// A model's render cache file read on another core while the model is opened and its key
    /// made (RenderCacheFile.KeyOf): on a first call from the cache the two were most of the
    /// time, one after the other, and neither needs the other until the renders are kept. The
    /// file is read for whatever key it holds until the model's key is known; from then on a file
    /// for another key stops at its next node, so an edited model (rendered anew) does not share
    /// its cores with a read it cannot use for longer than one node's.
    internal sealed class RenderCacheRead
    {
        private readonly CancellationTokenSource _stop;
        private readonly Task<Outcome> _read;
        private byte[] _wanted;     // the model's key, once known
        private byte[] _foundKey;   // the file's, once read

        // A class, not a tuple: Task<a class> runs the framework's precompiled code; a task of a
        // tuple of our types is compiled at its first use, in a first call.
        private sealed class Outcome
        {
            internal bool Enabled;
            internal string File;
            internal List<(RenderedNode Node, string[] ListedClasses)> Nodes;
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
                outcome.Enabled = enabled();
                if (outcome.Enabled && outcome.File != null) outcome.Nodes = RenderCacheFile.Read(outcome.File, Wanted, stop);
                return outcome;
            });
            // The link to the caller's token goes with the read (Stop after that does nothing).
            _read.ContinueWith(_ => _stop.Dispose(), TaskScheduler.Default);
        }

        /// Asks enabled whether to use the cache of the model at modelPath (a full path, as
        /// ReclassModel.Path), then reads its file, on another thread.
        internal static RenderCacheRead Start(string modelPath, Func<bool> enabled, CancellationToken cancellation = default) =>
            new RenderCacheRead(modelPath, enabled, cancellation);

        /// Keeps in the model the renders read for its key; how many. Waits for the read, and throws
        /// what enabled threw.
        internal int KeepInto(ReclassModel model, byte[] key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            Volatile.Write(ref _wanted, key);
            var outcome = _read.GetAwaiter().GetResult();
            // The reader asks Wanted at the header and before each node: a file read through before
            // the key was known is checked here, once more, with the key.
            return outcome.Nodes != null && _foundKey != null && Wanted(_foundKey, key) ? RenderCacheFile.Keep(model, outcome.File, outcome.Nodes) : 0;
        }

        /// Whether enabled said to use the cache (waits for it; throws what it threw).
        internal bool Enabled => _read.GetAwaiter().GetResult().Enabled;

        /// Stops the read where it is (the model did not open, or is not to be cached); nothing waits for it.
        internal void Stop()
        {
            try { _stop.Cancel(); }
            catch (ObjectDisposedException) { }
        }

        private bool Wanted(byte[] found)
        {
            Volatile.Write(ref _foundKey, found);
            return Wanted(found, Volatile.Read(ref _wanted));
        }

        private static bool Wanted(byte[] found, byte[] wanted)
        {
            if (wanted == null) return true;
            if (found.Length != wanted.Length) return false;
            for (var i = 0; i < found.Length; i++)
                if (found[i] != wanted[i]) return false;
            return true;
        }
    }
}
