using System;
using System.IO;
using System.Security.Cryptography;

namespace McpModule.Model.Caching
{
    /// The next length bytes of a stream, hashed as they are read (or, written through it, as they
    /// are written): the render cache is parsed straight from its file and written straight to
    /// it, its checksum made or checked on the way, with no copy of the whole file in memory.
    internal sealed class HashedStream : Stream
    {
        private readonly Stream _inner;
        private readonly IncrementalHash _hash;
        private readonly long _length;
        private long _read;

        internal HashedStream(Stream inner, long length, IncrementalHash hash)
        {
            _inner = inner;
            _length = length;
            _hash = hash;
        }

        /// Bytes of the length not read yet.
        internal long Remaining => _length - _read;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = _inner.Read(buffer, offset, (int)Math.Min(count, Remaining));
            if (n > 0) _hash.AppendData(buffer, offset, n);
            _read += n;
            return n;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _hash.AppendData(buffer, offset, count);
            _inner.Write(buffer, offset, count);
            _read += count;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
