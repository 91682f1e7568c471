using System.IO;

namespace McpModule.Execution
{
    /// SSH's wire encoding of the two types our code writes itself (RFC 4251 5): the ssh-agent
    /// protocol's requests and the exchange hash of our key exchange.
    internal static class SshWire
    {
        /// uint32, most significant byte first.
        internal static void WriteUInt32(Stream s, uint v)
        {
            s.WriteByte((byte)(v >> 24)); s.WriteByte((byte)(v >> 16)); s.WriteByte((byte)(v >> 8)); s.WriteByte((byte)v);
        }

        /// string: its length as a uint32, then its bytes.
        internal static void WriteString(Stream s, byte[] bytes)
        {
            WriteUInt32(s, (uint)bytes.Length);
            s.Write(bytes, 0, bytes.Length);
        }
    }
}
