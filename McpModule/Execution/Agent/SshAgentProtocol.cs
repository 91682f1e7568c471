using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace McpModule.Execution.Agent
{
    /// One key the agent holds: its public key blob (RFC 4253 6.6) and its comment. No secret:
    /// the private half never leaves the agent.
    internal sealed class SshAgentIdentity
    {
        public SshAgentIdentity(byte[] publicKey, string comment)
        {
            PublicKey = publicKey ?? throw new ArgumentNullException(nameof(publicKey));
            Comment = comment ?? "";
        }

        public byte[] PublicKey { get; }
        public string Comment { get; }
        /// ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ... as the blob names it.
        public string KeyType => HostKeyFingerprint.KeyTypeOf(PublicKey);
        public string Fingerprint => HostKeyFingerprint.Sha256(PublicKey);
        public override string ToString() => KeyType + " " + Fingerprint;
    }

    /// The messages of the ssh-agent protocol (draft-miller-ssh-agent) that a client needs to
    /// list keys and have data signed. Every message is a uint32 length, then a type byte, then
    /// the type's fields (uint32 big-endian, strings as uint32 length + bytes).
    internal static class SshAgentProtocol
    {
        public const byte Failure = 5;                 // SSH_AGENT_FAILURE
        public const byte RequestIdentities = 11;      // SSH2_AGENTC_REQUEST_IDENTITIES
        public const byte IdentitiesAnswer = 12;       // SSH2_AGENT_IDENTITIES_ANSWER
        public const byte SignRequest = 13;            // SSH2_AGENTC_SIGN_REQUEST
        public const byte SignResponse = 14;           // SSH2_AGENT_SIGN_RESPONSE
        public const uint RsaSha2_256 = 2;             // SSH_AGENT_RSA_SHA2_256
        public const uint RsaSha2_512 = 4;             // SSH_AGENT_RSA_SHA2_512
        /// OpenSSH's agent refuses longer messages (AGENT_MAX_LEN); so does this client.
        public const int MaxMessageLength = 256 * 1024;

        /// The framed request for the agent's keys.
        public static byte[] EncodeRequestIdentities() => Frame(RequestIdentities, Array.Empty<byte>());

        /// The framed request to sign data with the key of this public blob; flags pick the
        /// RSA signature hash (0 for other key types, and for RSA's SHA-1 ssh-rsa).
        public static byte[] EncodeSignRequest(byte[] publicKey, byte[] data, uint flags)
        {
            if (publicKey == null) throw new ArgumentNullException(nameof(publicKey));
            if (data == null) throw new ArgumentNullException(nameof(data));
            var body = new MemoryStream();
            SshWire.WriteString(body, publicKey);
            SshWire.WriteString(body, data);
            SshWire.WriteUInt32(body, flags);
            return Frame(SignRequest, body.ToArray());
        }

        /// The flags that ask for an SSH signature algorithm (rsa-sha2-256/512); 0 otherwise.
        public static uint FlagsFor(string algorithm)
        {
            switch (algorithm)
            {
                case "rsa-sha2-256": return RsaSha2_256;
                case "rsa-sha2-512": return RsaSha2_512;
                default: return 0;
            }
        }

        /// The keys of an IDENTITIES_ANSWER message (the type byte and what follows, without the
        /// length). FormatException for anything else.
        public static IReadOnlyList<SshAgentIdentity> DecodeIdentitiesAnswer(byte[] message)
        {
            var reader = Reader(message, IdentitiesAnswer, "a list of keys");
            var count = reader.UInt32();
            if (count > MaxMessageLength / 8) throw new FormatException($"the agent claims {count} keys");
            var keys = new List<SshAgentIdentity>((int)count);
            for (var i = 0; i < count; i++)
            {
                var blob = reader.String();
                var comment = Encoding.UTF8.GetString(reader.String());
                keys.Add(new SshAgentIdentity(blob, comment));
            }
            reader.End();
            return keys;
        }

        /// The signature of a SIGN_RESPONSE message: the SSH signature encoding (string
        /// algorithm, string blob) that goes into a publickey request as it is.
        public static byte[] DecodeSignResponse(byte[] message)
        {
            var reader = Reader(message, SignResponse, "a signature");
            var signature = reader.String();
            reader.End();
            return signature;
        }

        /// The algorithm name a signature encoding starts with.
        public static string SignatureAlgorithm(byte[] signature)
        {
            var reader = new FieldReader(signature, 0);
            return Encoding.ASCII.GetString(reader.String());
        }

        /// A whole message (type byte first) read from a stream, after its length; null at the
        /// end of the stream before a message starts.
        public static byte[] ReadMessage(Stream stream)
        {
            var header = new byte[4];
            if (!ReadExactly(stream, header, allowEnd: true)) return null;
            var length = (uint)(header[0] << 24 | header[1] << 16 | header[2] << 8 | header[3]);
            if (length == 0 || length > MaxMessageLength) throw new FormatException($"the agent sent a message of {length} bytes");
            var message = new byte[length];
            ReadExactly(stream, message, allowEnd: false);
            return message;
        }

        private static FieldReader Reader(byte[] message, byte expected, string what)
        {
            if (message == null || message.Length == 0) throw new FormatException("the agent sent an empty message");
            if (message[0] == Failure) throw new SshAgentRefusedException();
            if (message[0] != expected) throw new FormatException($"the agent answered with message type {message[0]} instead of {what}");
            return new FieldReader(message, 1);
        }

        private static byte[] Frame(byte type, byte[] body)
        {
            var framed = new byte[4 + 1 + body.Length];
            var length = (uint)(1 + body.Length);
            framed[0] = (byte)(length >> 24); framed[1] = (byte)(length >> 16); framed[2] = (byte)(length >> 8); framed[3] = (byte)length;
            framed[4] = type;
            Buffer.BlockCopy(body, 0, framed, 5, body.Length);
            return framed;
        }

        private static bool ReadExactly(Stream stream, byte[] buffer, bool allowEnd)
        {
            var read = 0;
            while (read < buffer.Length)
            {
                var n = stream.Read(buffer, read, buffer.Length - read);
                if (n == 0)
                {
                    if (read == 0 && allowEnd) return false;
                    throw new EndOfStreamException("the agent closed the connection in the middle of a message");
                }
                read += n;
            }
            return true;
        }

        private sealed class FieldReader
        {
            private readonly byte[] _data;
            private int _at;

            public FieldReader(byte[] data, int at) { _data = data ?? throw new FormatException("no data"); _at = at; }

            public uint UInt32()
            {
                if (_data.Length - _at < 4) throw new FormatException("the agent's message ends inside a number");
                var v = (uint)(_data[_at] << 24 | _data[_at + 1] << 16 | _data[_at + 2] << 8 | _data[_at + 3]);
                _at += 4;
                return v;
            }

            public byte[] String()
            {
                var length = UInt32();
                if (length > (uint)(_data.Length - _at)) throw new FormatException("the agent's message ends inside a string");
                var bytes = new byte[length];
                Buffer.BlockCopy(_data, _at, bytes, 0, (int)length);
                _at += (int)length;
                return bytes;
            }

            public void End()
            {
                if (_at != _data.Length) throw new FormatException($"the agent's message has {_data.Length - _at} bytes too many");
            }
        }
    }
}
