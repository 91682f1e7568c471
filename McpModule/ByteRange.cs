namespace McpModule
{
    /// Byte-for-byte comparison (render cache headers, keys and definitions; known host keys).
    internal static class ByteRange
    {
        /// Whether a[aAt..] and b[bAt..] hold the same count bytes (false when either is shorter).
        internal static bool Same(byte[] a, int aAt, byte[] b, int bAt, int count)
        {
            if (a == null || b == null || aAt < 0 || bAt < 0 || count < 0 || aAt + count > a.Length || bAt + count > b.Length) return false;
            for (var i = 0; i < count; i++)
                if (a[aAt + i] != b[bAt + i]) return false;
            return true;
        }

        /// Whether both arrays hold the same bytes.
        internal static bool Same(byte[] a, byte[] b) => a != null && b != null && a.Length == b.Length && Same(a, 0, b, 0, a.Length);
    }
}
