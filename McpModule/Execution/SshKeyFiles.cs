using System;
using System.Collections.Generic;
using System.IO;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace McpModule.Execution
{
    /// A private key file could not be read or decrypted: the run cannot start.
    public sealed class SshKeyFileException : Exception
    {
        public SshKeyFileException(string path, string reason, Exception inner)
            : base($"The private key file '{path}' cannot be used: {reason}", inner) { Path = path; }
        public string Path { get; }
    }

    /// The key files of a run, decrypted once when the run starts.
    internal static class SshKeyFiles
    {
        /// Loads every key file of the secrets: defaults gets those offered to every node,
        /// byPath every key by its path. An optional file (a default ~/.ssh/id_* while the
        /// agent is asked too) that is encrypted without a passphrase is left out; any other
        /// key that cannot be used is an SshKeyFileException.
        public static void Load(SshSecrets secrets, List<IPrivateKeySource> defaults, Dictionary<string, IPrivateKeySource> byPath)
        {
            foreach (var k in secrets.Keys)
            {
                try
                {
                    string passphrase = k.Passphrase == null ? null : new string(k.Passphrase);   // SSH.NET takes a string
                    using (var stream = new MemoryStream(k.Content, false))
                    {
                        var key = new PrivateKeyFile(stream, passphrase);
                        byPath[k.Path] = key;
                        if (k.IsDefault) defaults.Add(key);
                    }
                }
                catch (SshPassPhraseNullOrEmptyException) when (secrets.IsOptional(k.Path)) { /* a default key the agent holds, encrypted */ }
                catch (SshPassPhraseNullOrEmptyException e) { throw new SshKeyFileException(k.Path, "it is encrypted and no passphrase was given", e); }
                catch (SshException e) { throw new SshKeyFileException(k.Path, SshRun.Sanitize(e.Message), e); }
                catch (Exception e) when (e is ArgumentException || e is FormatException || e is System.Security.Cryptography.CryptographicException || e is InvalidOperationException)
                {
                    throw new SshKeyFileException(k.Path, "not a private key in a known format, or the passphrase is wrong", e);
                }
            }
        }
    }
}
