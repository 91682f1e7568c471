using System;
using System.IO;
using System.Linq;
using System.Text;
using McpModule.Execution.Agent;
using Xunit;

namespace McpModule.Tests.Execution
{
    // The encodings of draft-miller-ssh-agent, byte for byte.
    public sealed class SshAgentProtocolTests
    {
        [Fact]
        public void A_request_for_identities_is_length_one_and_type_eleven()
        {
            Assert.Equal(new byte[] { 0, 0, 0, 1, 11 }, SshAgentProtocol.EncodeRequestIdentities());
        }

        [Fact]
        public void A_sign_request_holds_the_key_blob_the_data_and_the_flags()
        {
            var bytes = SshAgentProtocol.EncodeSignRequest(new byte[] { 0xAA, 0xBB }, new byte[] { 0x01, 0x02, 0x03 }, SshAgentProtocol.RsaSha2_512);
            Assert.Equal(new byte[]
            {
                0, 0, 0, 18,            // length: type + 4+2 + 4+3 + 4
                13,                     // SSH2_AGENTC_SIGN_REQUEST
                0, 0, 0, 2, 0xAA, 0xBB, // string key blob
                0, 0, 0, 3, 1, 2, 3,    // string data
                0, 0, 0, 4,             // flags: SSH_AGENT_RSA_SHA2_512
            }, bytes);
        }

        [Theory]
        [InlineData("rsa-sha2-256", 2u)]
        [InlineData("rsa-sha2-512", 4u)]
        [InlineData("ssh-rsa", 0u)]
        [InlineData("ssh-ed25519", 0u)]
        public void The_flags_ask_for_the_rsa_hash_of_the_algorithm(string algorithm, uint flags)
        {
            Assert.Equal(flags, SshAgentProtocol.FlagsFor(algorithm));
        }

        [Fact]
        public void A_sign_response_gives_the_signature_encoding_whole()
        {
            var signature = Concat(Str("ssh-ed25519"), Str(new byte[] { 9, 8, 7 }));
            var message = Concat(new byte[] { 14 }, Str(signature));
            Assert.Equal(signature, SshAgentProtocol.DecodeSignResponse(message));
            Assert.Equal("ssh-ed25519", SshAgentProtocol.SignatureAlgorithm(signature));
        }

        [Fact]
        public void A_failure_answer_is_a_refusal_and_another_type_is_a_format_error()
        {
            Assert.Throws<SshAgentRefusedException>(() => SshAgentProtocol.DecodeSignResponse(new byte[] { 5 }));
            Assert.Throws<SshAgentRefusedException>(() => SshAgentProtocol.DecodeIdentitiesAnswer(new byte[] { 5 }));
            Assert.Throws<FormatException>(() => SshAgentProtocol.DecodeSignResponse(new byte[] { 12, 0, 0, 0, 0 }));
        }

        [Fact]
        public void Trailing_bytes_and_absurd_counts_are_format_errors()
        {
            Assert.Throws<FormatException>(() => SshAgentProtocol.DecodeIdentitiesAnswer(new byte[] { 12, 0, 0, 0, 0, 1 }));
            Assert.Throws<FormatException>(() => SshAgentProtocol.DecodeIdentitiesAnswer(new byte[] { 12, 0xFF, 0xFF, 0xFF, 0xFF }));
        }

        [Fact]
        public void A_message_is_read_after_its_length_and_a_too_long_one_is_refused()
        {
            Assert.Equal(new byte[] { 14, 1 }, SshAgentProtocol.ReadMessage(new MemoryStream(new byte[] { 0, 0, 0, 2, 14, 1 })));
            Assert.Null(SshAgentProtocol.ReadMessage(new MemoryStream(Array.Empty<byte>())));
            Assert.Throws<EndOfStreamException>(() => SshAgentProtocol.ReadMessage(new MemoryStream(new byte[] { 0, 0, 0, 5, 14 })));
            Assert.Throws<FormatException>(() => SshAgentProtocol.ReadMessage(new MemoryStream(new byte[] { 0, 0x10, 0, 0, 14 })));
        }

        private static byte[] Str(string s) => Str(Encoding.ASCII.GetBytes(s));
        private static byte[] Str(byte[] b) => Concat(new[] { (byte)(b.Length >> 24), (byte)(b.Length >> 16), (byte)(b.Length >> 8), (byte)b.Length }, b);
        private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
    }
}
