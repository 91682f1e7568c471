using System;
using System.Collections.Generic;
using System.Linq;
using Renci.SshNet;

namespace McpModule.Execution
{
    /// Which key exchange algorithms a connection offers, in which order (the KexAlgorithms
    /// setting). SSH.NET offers post-quantum hybrids first, as OpenSSH does. Against OpenSSH
    /// 9.0-9.8 (Debian 12 has 9.2) that means sntrup761x25519, whose BouncyCastle half took about
    /// 60 ms of managed CPU per connection (key pair 36, decapsulation 23): that exchange is ours
    /// (Kex/Sntrup761X25519KeyExchange, about 14 ms) wherever SSH.NET lets it in. Giving up the
    /// post-quantum exchange stays the user's choice; by default nothing changes.
    internal static class SshKeyExchange
    {
        /// Leaves only the named algorithms on info, in the order given; null leaves SSH.NET's
        /// list as it is. A name SSH.NET does not implement is an ArgumentException (the
        /// setting's own check refuses such names first).
        internal static void Offer(ConnectionInfo info, IReadOnlyList<string> names)
        {
            UseOurSntrup761(info);
            if (names == null || names.Count == 0) return;
            var all = info.KeyExchangeAlgorithms;
            var chosen = new List<KeyValuePair<string, Func<Renci.SshNet.Security.IKeyExchange>>>();
            foreach (var name in names)
            {
                if (!all.TryGetValue(name, out var factory))
                    throw new ArgumentException($"SSH.NET has no key exchange algorithm '{name}'; it has: {string.Join(", ", all.Keys)}.", nameof(names));
                if (chosen.All(c => c.Key != name)) chosen.Add(new KeyValuePair<string, Func<Renci.SshNet.Security.IKeyExchange>>(name, factory));
            }
            // The offer follows the dictionary's order: rebuild it in the order asked for.
            all.Clear();
            foreach (var c in chosen) all.Add(c.Key, c.Value);
        }

        /// The names OpenSSH answers sntrup761x25519-sha512 to.
        internal static readonly string[] Sntrup761Names = { "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com" };

        // In place, so the offer's order stays SSH.NET's (or the setting's).
        private static void UseOurSntrup761(ConnectionInfo info)
        {
            if (!Kex.Sntrup761X25519KeyExchange.Available) return;
            foreach (var name in Sntrup761Names)
                if (info.KeyExchangeAlgorithms.ContainsKey(name))
                    info.KeyExchangeAlgorithms[name] = () => new Kex.Sntrup761X25519KeyExchange(name);
        }
    }
}
