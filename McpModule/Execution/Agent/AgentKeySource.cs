using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using Renci.SshNet;
using Renci.SshNet.Security;
using Renci.SshNet.Security.Cryptography;

namespace McpModule.Execution.Agent
{
    /// One agent key as SSH.NET's private key source: its signature algorithms, each signing
    /// through the agent. SSH.NET offers each algorithm to the server in turn and asks for a
    /// signature only for one the server accepts (or at once when it is the only one).
    internal sealed class AgentKeySource : IPrivateKeySource
    {
        public AgentKeySource(SshAgentClient agent, SshAgentIdentity identity)
        {
            Identity = identity ?? throw new ArgumentNullException(nameof(identity));
            if (agent == null) throw new ArgumentNullException(nameof(agent));
            var algorithms = new List<HostAlgorithm>();
            foreach (var name in SignatureAlgorithms(identity.KeyType)) algorithms.Add(new AgentHostAlgorithm(agent, identity, name));
            HostKeyAlgorithms = algorithms;
        }

        public SshAgentIdentity Identity { get; }
        public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms { get; }

        /// True for the key types SSH.NET can authenticate with; others (security keys sk-*,
        /// certificates, DSA) are left out of a run.
        public static bool IsSupported(string keyType) => SignatureAlgorithms(keyType).Count > 0;

        /// The signature algorithms offered for a key type, most preferred first. RSA: SHA-2
        /// only, as OpenSSH 8.8+ servers accept no SHA-1 ssh-rsa signatures by default (and
        /// every algorithm offered counts against the server's MaxAuthTries).
        public static IReadOnlyList<string> SignatureAlgorithms(string keyType)
        {
            switch (keyType)
            {
                case "ssh-rsa": return new[] { "rsa-sha2-512", "rsa-sha2-256" };
                case "ssh-ed25519":
                case "ecdsa-sha2-nistp256":
                case "ecdsa-sha2-nistp384":
                case "ecdsa-sha2-nistp521":
                    return new[] { keyType };
                default: return Array.Empty<string>();
            }
        }
    }

    /// A signature algorithm of an agent key: Data is the public key blob, Sign asks the agent.
    internal sealed class AgentHostAlgorithm : HostAlgorithm
    {
        private readonly SshAgentClient _agent;
        private readonly SshAgentIdentity _identity;

        public AgentHostAlgorithm(SshAgentClient agent, SshAgentIdentity identity, string algorithm) : base(algorithm)
        {
            _agent = agent; _identity = identity;
        }

        public override byte[] Data => _identity.PublicKey;

        /// The SSH signature encoding (string algorithm, string blob), as a publickey request carries it.
        public override byte[] Sign(byte[] data) => _agent.Sign(_identity, Name, data);

        /// Checks a signature with the public key alone (SSH.NET's own verifiers); client
        /// authentication never needs it, the tests use it to check what the agent signed.
        public override bool VerifySignature(byte[] data, byte[] signature)
        {
            var keyData = new SshKeyData(_identity.PublicKey);
            KeyHostAlgorithm verifier;
            switch (_identity.KeyType)
            {
                case "ssh-rsa":
                    var rsa = new RsaKey(keyData);
                    verifier = new KeyHostAlgorithm(Name, rsa,
                        new RsaDigitalSignature(rsa, Name == "rsa-sha2-512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256));
                    break;
                case "ssh-ed25519":
                    verifier = new KeyHostAlgorithm(Name, new ED25519Key(keyData));
                    break;
                default:
                    verifier = new KeyHostAlgorithm(Name, new EcdsaKey(keyData));
                    break;
            }
            return verifier.VerifySignature(data, signature);
        }
    }
}
