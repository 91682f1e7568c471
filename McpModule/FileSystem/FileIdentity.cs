using System;
using System.IO;
using System.Runtime.InteropServices;

namespace McpModule.FileSystem
{
    /// What Linux's statx says of a file that any change of its bytes changes: its device and
    /// inode, its size, and its change time (ctime), which the kernel sets on every write, rename
    /// or chmod and which no program can set back (touch -r, cp -p and tar restore the modification
    /// time only); the modification time too. Two equal identities of one path, taken at different
    /// times, are the same bytes, unless the file changed within one tick of the file system's
    /// clock after the first was taken: Settled tells an identity that is past that (git's "racily
    /// clean" rule for its index). None where there is no statx (Windows, macOS, an old libc).
    internal readonly struct FileIdentity : IEquatable<FileIdentity>
    {
        /// Bytes in the render cache's record of an identity.
        internal const int Size = 40;

        // File systems whose clock ticks in seconds (ext3's, FAT's two) leave a change within the
        // same second looking unchanged; an identity younger than this at the time it was taken is
        // not trusted.
        private static readonly long SettleNanoseconds = 2_000_000_000;

        [ThreadStatic] private static byte[] t_statx;   // read whole before TryOf returns

        private readonly ulong _device, _inode;
        private readonly long _length, _changed, _modified;

        private FileIdentity(ulong device, ulong inode, long length, long changed, long modified)
        {
            _device = device;
            _inode = inode;
            _length = length;
            _changed = changed;
            _modified = modified;
        }

        /// False for the identity of no file (default).
        internal bool IsKnown => _changed != 0 || _modified != 0 || _inode != 0;

        /// The file's identity now; false where it cannot be told (no statx here, no such file).
        internal static bool TryOf(string path, out FileIdentity identity)
        {
            identity = default;
            if (!Statx.Available) return false;
            var buffer = t_statx ?? (t_statx = new byte[256]);
            const uint needed = 0x40 | 0x80 | 0x100 | 0x200;   // mtime, ctime, inode, size
            if (!Statx.Call(path, buffer) || (BitConverter.ToUInt32(buffer, 0) & needed) != needed) return false;
            long Nanoseconds(int at) => BitConverter.ToInt64(buffer, at) * 1_000_000_000 + BitConverter.ToUInt32(buffer, at + 8);
            identity = new FileIdentity(
                ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140),
                BitConverter.ToUInt64(buffer, 32), BitConverter.ToInt64(buffer, 40), Nanoseconds(96), Nanoseconds(112));
            return identity.IsKnown;
        }

        /// The clock the file system stamps files with, as nanoseconds since 1970 (the time to
        /// give Settled: take it before the identities).
        internal static long Now() => (DateTime.UtcNow.Ticks - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks) * 100;

        /// Whether the file's last change was long enough before now (Now()) that a later change
        /// is sure to give it another change time.
        internal bool Settled(long now) => IsKnown && _changed < now - SettleNanoseconds && _modified < now - SettleNanoseconds;

        public bool Equals(FileIdentity other) =>
            _device == other._device && _inode == other._inode && _length == other._length && _changed == other._changed && _modified == other._modified;

        public override bool Equals(object obj) => obj is FileIdentity other && Equals(other);

        public override int GetHashCode() => (int)(_inode ^ (ulong)_changed ^ (ulong)_length);

        internal void Write(BinaryWriter output)
        {
            output.Write(_device);
            output.Write(_inode);
            output.Write(_length);
            output.Write(_changed);
            output.Write(_modified);
        }

        internal static FileIdentity Read(BinaryReader input) =>
            new FileIdentity(input.ReadUInt64(), input.ReadUInt64(), input.ReadInt64(), input.ReadInt64(), input.ReadInt64());

        /// The binding of statx(2) (glibc 2.28, musl 1.2.5): its struct has one layout on every
        /// architecture, unlike stat's.
        private static class Statx
        {
            private const int AtFdCwd = -100;
            private const uint BasicStats = 0x7ff;
            private static readonly bool Linux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
            private static bool s_missing;

            internal static bool Available => Linux && !s_missing;

            internal static bool Call(string path, byte[] buffer)
            {
                try { return statx(AtFdCwd, NativePath.Terminated(path), 0, BasicStats, buffer) == 0; }
                catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
                {
                    s_missing = true;
                    return false;
                }
            }

            [DllImport("libc", SetLastError = false)]
            private static extern int statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);
        }
    }
}
