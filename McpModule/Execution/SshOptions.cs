using System;
using System.Collections.Generic;
using System.IO;
using McpModule.Execution.Agent;

namespace McpModule.Execution
{
    /// How a run connects: known_hosts, whether new keys are accepted, defaults for user and
    /// port, timeouts and the throttle. Settings or parameters fill it; nothing here is secret.
    internal sealed class SshOptions
    {
        public string KnownHostsFile { get; set; } = DefaultKnownHostsFile();
        public bool AcceptNewHostKey { get; set; }
        public string DefaultUser { get; set; } = "root";
        public int DefaultPort { get; set; } = 22;
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
        /// How long one command may run; Timeout.InfiniteTimeSpan for no limit.
        public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(10);
        public int ThrottleLimit { get; set; } = 32;
        /// Whether the ssh-agent's keys are offered (SshConnectionPlan decides it from the SshAgent setting).
        public SshAgentUse Agent { get; set; } = SshAgentUse.Never;
        /// The bastion every other node is reached through; null: nodes are reached directly.
        public SshTarget JumpHost { get; set; }
        /// The key exchange algorithms offered, most preferred first; null: all of SSH.NET's in its order.
        public IReadOnlyList<string> KeyExchangeAlgorithms { get; set; }
        /// How long a connection is kept after a run for the next run of the session to reuse
        /// (SshConnectionPool); zero: closed when the run ends.
        public TimeSpan ReuseConnection { get; set; } = TimeSpan.Zero;

        public static string DefaultKnownHostsFile() =>
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");

        /// The user's default private keys (~/.ssh/id_ed25519, id_ecdsa, id_rsa) that exist.
        public static IReadOnlyList<string> DefaultKeyFiles()
        {
            var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh");
            var files = new List<string>();
            foreach (var name in new[] { "id_ed25519", "id_ecdsa", "id_rsa" })
            {
                var file = Path.Combine(folder, name);
                if (File.Exists(file)) files.Add(file);
            }
            return files;
        }
    }

    /// The secrets of a run, held as arrays so they can be wiped when the run ends
    /// (Dispose). Never logged, never part of a message or a result.
    internal sealed class SshSecrets : IDisposable
    {
        private readonly List<(string Path, byte[] Content, char[] Passphrase, bool IsDefault)> _keys = new List<(string, byte[], char[], bool)>();
        private readonly HashSet<string> _optional = new HashSet<string>(StringComparer.Ordinal);

        /// The user the credential names (null when none), not a secret.
        public string CredentialUser { get; private set; }
        internal byte[] Password { get; private set; }
        internal IReadOnlyList<(string Path, byte[] Content, char[] Passphrase, bool IsDefault)> Keys => _keys;
        public int KeyCount => _keys.Count;
        public bool HasPassword => Password != null;

        /// A private key file (OpenSSH, PEM/PKCS#1, PKCS#8 or PuTTY format) with its passphrase
        /// (null when none; the array is copied, the caller wipes its own). isDefault: offered to
        /// every target without key files of its own (SshTarget.KeyFiles); else only to targets
        /// that name this path.
        public void AddKeyFile(string path, char[] passphrase, bool isDefault = true)
        {
            if (_keys.Exists(k => k.Path == path))
            {
                if (isDefault)
                {
                    var i = _keys.FindIndex(k => k.Path == path);
                    _keys[i] = (_keys[i].Path, _keys[i].Content, _keys[i].Passphrase, true);
                }
                return;
            }
            var content = File.ReadAllBytes(path);
            _keys.Add((path, content, passphrase == null ? null : (char[])passphrase.Clone(), isDefault));
        }

        /// Marks a key file as one the run may leave out when it is encrypted and has no
        /// passphrase (a default ~/.ssh/id_* key while the agent is asked: the agent holds it).
        public void MarkOptional(string path) => _optional.Add(path);

        internal bool IsOptional(string path) => _optional.Contains(path);

        /// True when a key file of this path was added.
        public bool HasKeyFile(string path) => _keys.Exists(k => k.Path == path);

        /// A password for password authentication, as UTF-8 bytes (copied).
        public void SetPassword(string user, char[] password)
        {
            CredentialUser = string.IsNullOrEmpty(user) ? null : user;
            if (password == null || password.Length == 0) return;
            Password = System.Text.Encoding.UTF8.GetBytes(password);
        }

        public void SetUser(string user) => CredentialUser = string.IsNullOrEmpty(user) ? null : user;

        public void Dispose()
        {
            foreach (var k in _keys)
            {
                Array.Clear(k.Content, 0, k.Content.Length);
                if (k.Passphrase != null) Array.Clear(k.Passphrase, 0, k.Passphrase.Length);
            }
            _keys.Clear();
            if (Password != null) Array.Clear(Password, 0, Password.Length);
            Password = null;
        }
    }
}
