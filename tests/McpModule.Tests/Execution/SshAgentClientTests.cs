using System;
using System.IO;
using System.Linq;
using System.Text;
using McpModule.Execution.Agent;
using Xunit;

namespace McpModule.Tests.Execution
{
    // Against a real ssh-agent (RealSshAgent): what it answers is what the decoder reads.
    public sealed class SshAgentClientTests : IDisposable
    {
        private readonly RealSshAgent _agent = new RealSshAgent();
        private readonly SshAgentClient _client;

        public SshAgentClientTests() { _client = new SshAgentClient(_agent.SocketPath); }

        public void Dispose() => _agent.Dispose();

        [Fact]
        public void An_empty_agent_lists_no_keys()
        {
            Assert.Empty(_client.ListIdentities());
        }

        [Fact]
        public void The_keys_listed_are_the_ones_ssh_add_lists_with_their_comments()
        {
            _agent.Add(_agent.NewKey("ed25519", "key-ed"));
            _agent.Add(_agent.NewKey("rsa", "key-rsa"));
            _agent.Add(_agent.NewKey("ecdsa", "key-ec"));
            var expected = _agent.Add("-L").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                                 .Select(l => l.Split(' ')).Select(f => (Type: f[0], Blob: f[1], Comment: f[2])).ToList();
            var keys = _client.ListIdentities();
            Assert.Equal(3, keys.Count);
            Assert.Equal(expected.Select(e => e.Type), keys.Select(k => k.KeyType));
            Assert.Equal(expected.Select(e => e.Blob), keys.Select(k => Convert.ToBase64String(k.PublicKey)));
            Assert.Equal(expected.Select(e => e.Comment), keys.Select(k => k.Comment));
        }

        [Fact]
        public void The_raw_answer_of_the_agent_is_an_identities_answer_with_a_count_first()
        {
            _agent.Add(_agent.NewKey("ed25519", "raw"));
            var answer = _client.Exchange(SshAgentProtocol.EncodeRequestIdentities());
            Assert.Equal(SshAgentProtocol.IdentitiesAnswer, answer[0]);
            Assert.Equal(new byte[] { 0, 0, 0, 1 }, answer.Skip(1).Take(4).ToArray());
            Assert.Single(SshAgentProtocol.DecodeIdentitiesAnswer(answer));
            // cut anywhere, it no longer parses
            for (var cut = 1; cut < answer.Length; cut += 7)
                Assert.Throws<FormatException>(() => SshAgentProtocol.DecodeIdentitiesAnswer(answer.Take(cut).ToArray()));
        }

        [Fact]
        public void An_ed25519_signature_of_the_agent_verifies_with_the_public_key()
        {
            _agent.Add(_agent.NewKey("ed25519", "signer"));
            var key = Assert.Single(_client.ListIdentities());
            var algorithm = Assert.Single(new AgentKeySource(_client, key).HostKeyAlgorithms);
            Assert.Equal("ssh-ed25519", algorithm.Name);
            var data = Encoding.ASCII.GetBytes("session id and userauth request");
            var signature = algorithm.Sign(data);
            Assert.Equal("ssh-ed25519", SshAgentProtocol.SignatureAlgorithm(signature));
            Assert.True(algorithm.VerifySignature(data, signature));
            Assert.False(algorithm.VerifySignature(Encoding.ASCII.GetBytes("other data"), signature));
        }

        [Fact]
        public void An_rsa_key_signs_with_sha2_512_and_sha2_256_as_the_flags_ask()
        {
            _agent.Add(_agent.NewKey("rsa", "rsa-signer"));
            var key = Assert.Single(_client.ListIdentities());
            var algorithms = new AgentKeySource(_client, key).HostKeyAlgorithms.ToList();
            Assert.Equal(new[] { "rsa-sha2-512", "rsa-sha2-256" }, algorithms.Select(a => a.Name));
            var data = Encoding.ASCII.GetBytes("data to sign");
            foreach (var a in algorithms)
            {
                var signature = a.Sign(data);
                Assert.Equal(a.Name, SshAgentProtocol.SignatureAlgorithm(signature));
                Assert.True(a.VerifySignature(data, signature));
            }
            // without flags the agent signs with SHA-1 ssh-rsa
            var sha1 = SshAgentProtocol.DecodeSignResponse(_client.Exchange(SshAgentProtocol.EncodeSignRequest(key.PublicKey, data, 0)));
            Assert.Equal("ssh-rsa", SshAgentProtocol.SignatureAlgorithm(sha1));
            // so a name without flags gets ssh-rsa, and the client refuses a signature of another algorithm than asked
            var e = Assert.Throws<SshAgentException>(() => _client.Sign(key, "rsa-sha2-unknown", data));
            Assert.Equal(SshAgentProblem.Protocol, e.Problem);
        }

        [Fact]
        public void Signing_with_a_key_the_agent_does_not_hold_is_refused()
        {
            _agent.Add(_agent.NewKey("ed25519", "held"));
            var held = Assert.Single(_client.ListIdentities());
            _agent.Add("-D");
            var e = Assert.Throws<SshAgentRefusedException>(() => _client.Sign(held, "ssh-ed25519", new byte[] { 1, 2, 3 }));
            Assert.Equal(SshAgentProblem.Refused, e.Problem);
            Assert.Contains(held.Fingerprint, e.Message);
        }

        [Fact]
        public void A_key_added_with_confirmation_that_nobody_confirms_is_refused()
        {
            _agent.Add("-c", _agent.NewKey("ed25519", "confirm"));
            var key = Assert.Single(_client.ListIdentities());
            Assert.Throws<SshAgentRefusedException>(() => _client.Sign(key, "ssh-ed25519", new byte[] { 1 }));
        }

        [Fact]
        public void A_socket_nobody_listens_on_is_unreachable_and_named()
        {
            var path = Path.Combine(_agent.Folder, "no-agent.sock");
            var e = Assert.Throws<SshAgentException>(() => new SshAgentClient(path).ListIdentities());
            Assert.Equal(SshAgentProblem.Unreachable, e.Problem);
            Assert.Contains(path, e.Message);
        }
    }
}
