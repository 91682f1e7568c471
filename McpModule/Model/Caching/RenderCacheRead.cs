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
        private readonly Task<(bool Enabled, List<(RenderedNode Node, string[] ListedClasses)> Nodes)> _read;
        private readonly string _file;
        private byte[] _wanted;     // the model's key, once known
        private byte[] _foundKey;   // the file's, once read

        private RenderCacheRead(string file, Func<bool> enabled, CancellationToken cancellation)
        {
            _file = file;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var stop = _stop.Token;
            // Only once enabled said so: a cache turned off is not read at all. (Reading the file
            // meanwhile, on a third thread, gained ~5 ms of a first call's 200 on two cores.)
            _read = Task.Run(() => enabled() ? (true, file == null ? null : RenderCacheFile.Read(file, Wanted, stop)) : (false, null));
            // The link to the caller's token goes with the read (Stop after that does nothing).
            _read.ContinueWith(_ => _stop.Dispose(), TaskScheduler.Default);
        }

        /// Asks enabled whether to use the cache of the model at modelPath (a full path, as
        /// ReclassModel.Path), then reads its file, on another thread.
        internal static RenderCacheRead Start(string modelPath, Func<bool> enabled, CancellationToken cancellation = default) =>
            new RenderCacheRead(RenderCacheFile.PathOf(modelPath), enabled, cancellation);

        /// Keeps in the model the renders read for its key; how many. Waits for the read, and throws
        /// what enabled threw.
        internal int KeepInto(ReclassModel model, byte[] key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            Volatile.Write(ref _wanted, key);
            var nodes = _read.GetAwaiter().GetResult().Nodes;
            // The reader asks Wanted at the header and before each node: a file read through before
            // the key was known is checked here, once more, with the key.
            return nodes != null && _foundKey != null && Wanted(_foundKey, key) ? RenderCacheFile.Keep(model, _file, nodes) : 0;
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
