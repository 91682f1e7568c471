using System;
using System.IO;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Messages;
using Renci.SshNet.Messages.Transport;
using Renci.SshNet.Security;

namespace McpModule.Execution.Kex
{
    /// OpenSSH's sntrup761x25519-sha512 key exchange (the default of OpenSSH 9.0 to 9.8) with our
    /// Sntrup761 in place of BouncyCastle's: the same messages, exchange hash and keys as SSH.NET's
    /// own class, at a fifth of its CPU. SSH.NET offers no public way to receive the server's
    /// reply or to build the client's message, so two of its internals are looked up once (the
    /// session's ECDH-reply event and the ECDH-init message); when a later SSH.NET lacks either,
    /// Available is false and SSH.NET's own implementation stays in use.
    internal sealed class Sntrup761X25519KeyExchange : KeyExchange
    {
        private const string ReplyMessageName = "SSH_MSG_KEX_ECDH_REPLY";
        private const int X25519KeyBytes = 32;

        // Thread-safe; one for every connection instead of seeding a generator per handshake.
        private static readonly SecureRandom Random = new SecureRandom();

        private static readonly MethodInfo AddReplyHandler;
        private static readonly MethodInfo RemoveReplyHandler;
        private static readonly ConstructorInfo NewInitMessage;

        static Sntrup761X25519KeyExchange()
        {
            var replyEvent = typeof(Session).GetEvent("KeyExchangeEcdhReplyMessageReceived", BindingFlags.Instance | BindingFlags.NonPublic);
            if (replyEvent?.EventHandlerType == typeof(EventHandler<MessageEventArgs<KeyExchangeEcdhReplyMessage>>))
            {
                AddReplyHandler = replyEvent.GetAddMethod(true);
                RemoveReplyHandler = replyEvent.GetRemoveMethod(true);
            }
            var init = typeof(Session).Assembly.GetType("Renci.SshNet.Messages.Transport.KeyExchangeEcdhInitMessage");
            if (init != null && typeof(Message).IsAssignableFrom(init) && typeof(IKeyExchangedAllowed).IsAssignableFrom(init))
                NewInitMessage = init.GetConstructor(new[] { typeof(byte[]) });
        }

        /// Whether this SSH.NET has the two internals the exchange needs.
        public static bool Available => AddReplyHandler != null && RemoveReplyHandler != null && NewInitMessage != null;

        private readonly string _name;
        private EventHandler<MessageEventArgs<KeyExchangeEcdhReplyMessage>> _onReply;
        private byte[] _kemSecretKey;
        private X25519PrivateKeyParameters _x25519;
        private byte[] _clientPayload, _serverPayload, _clientExchangeValue, _serverExchangeValue, _hostKey, _signature;

        /// name: as negotiated (OpenSSH answers to sntrup761x25519-sha512 and its @openssh.com alias).
        public Sntrup761X25519KeyExchange(string name) { _name = name; }

        public override string Name => _name;

        public override void Start(Session session, KeyExchangeInitMessage message, bool sendClientInitMessage)
        {
            base.Start(session, message, sendClientInitMessage);
            _serverPayload = message.GetBytes();
            _clientPayload = session.ClientInitMessage.GetBytes();

            session.RegisterMessage(ReplyMessageName);
            _onReply = OnReply;
            AddReplyHandler.Invoke(session, new object[] { _onReply });

            Sntrup761.KeyPair(out var kemPublicKey, out _kemSecretKey);
            _x25519 = new X25519PrivateKeyParameters(Random);
            var x25519Public = _x25519.GeneratePublicKey().GetEncoded();
            _clientExchangeValue = new byte[kemPublicKey.Length + x25519Public.Length];
            Buffer.BlockCopy(kemPublicKey, 0, _clientExchangeValue, 0, kemPublicKey.Length);
            Buffer.BlockCopy(x25519Public, 0, _clientExchangeValue, kemPublicKey.Length, x25519Public.Length);
            SendMessage((Message)NewInitMessage.Invoke(new object[] { _clientExchangeValue }));
        }

        private void OnReply(object sender, MessageEventArgs<KeyExchangeEcdhReplyMessage> e)
        {
            Session.UnRegisterMessage(ReplyMessageName);
            var reply = e.Message;
            _hostKey = reply.KS;
            _serverExchangeValue = reply.QS;
            _signature = reply.Signature;
            if (_serverExchangeValue == null || _serverExchangeValue.Length != Sntrup761.CiphertextBytes + X25519KeyBytes)
                throw new SshConnectionException($"Bad Q_S length: {_serverExchangeValue?.Length ?? 0}.", DisconnectReason.KeyExchangeFailed);

            var ciphertext = new byte[Sntrup761.CiphertextBytes];
            Buffer.BlockCopy(_serverExchangeValue, 0, ciphertext, 0, ciphertext.Length);
            var kem = Sntrup761.Decapsulate(ciphertext, _kemSecretKey);
            var agreement = new X25519Agreement();
            agreement.Init(_x25519);
            var x25519 = new byte[agreement.AgreementSize];
            agreement.CalculateAgreement(new X25519PublicKeyParameters(_serverExchangeValue, Sntrup761.CiphertextBytes), x25519, 0);

            var both = new byte[kem.Length + x25519.Length];
            Buffer.BlockCopy(kem, 0, both, 0, kem.Length);
            Buffer.BlockCopy(x25519, 0, both, kem.Length, x25519.Length);
            SharedKey = Hash(both);
            Array.Clear(kem, 0, kem.Length);
            Array.Clear(x25519, 0, x25519.Length);
            Array.Clear(both, 0, both.Length);
            Finish();
        }

        // The secret key goes once the exchange ends, even when the host key is refused.
        public override void Finish()
        {
            try { base.Finish(); }
            finally { Forget(); }
        }

        /// H = SHA-512 of V_C, V_S, I_C, I_S, K_S, Q_C, Q_S and K, each an SSH string
        /// (K too: the hybrid's shared secret is a string, not an mpint).
        protected override byte[] CalculateHash()
        {
            using (var data = new MemoryStream())
            {
                foreach (var part in new[]
                {
                    Encoding.UTF8.GetBytes(Session.ClientVersion), Encoding.UTF8.GetBytes(Session.ServerVersion),
                    _clientPayload, _serverPayload, _hostKey, _clientExchangeValue, _serverExchangeValue, SharedKey,
                })
                    SshWire.WriteString(data, part);
                return Hash(data.ToArray());
            }
        }

        /// The server's signature of H with the host key it sent, then the host key check
        /// (HostKeyReceived: known_hosts), as SSH.NET's own exchanges do. H is ExchangeHash,
        /// computed once: the session derives its keys from the same property.
        protected override bool ValidateExchangeHash()
        {
            var info = Session.ConnectionInfo;
            var hostKey = info.HostKeyAlgorithms[info.CurrentHostKeyAlgorithm](_hostKey);
            return hostKey.VerifySignature(ExchangeHash, _signature) && CanTrustHostKey(hostKey);
        }

        protected override byte[] Hash(byte[] hashData)
        {
            using (var sha = SHA512.Create()) return sha.ComputeHash(hashData);
        }

        private void Forget()
        {
            var handler = _onReply;
            _onReply = null;
            if (handler != null && Session != null) RemoveReplyHandler.Invoke(Session, new object[] { handler });
            if (_kemSecretKey != null) Array.Clear(_kemSecretKey, 0, _kemSecretKey.Length);
            _x25519 = null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) Forget();
            base.Dispose(disposing);
        }
    }
}
