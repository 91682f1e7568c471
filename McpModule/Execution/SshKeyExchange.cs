using System;
using System.Collections.Generic;
using System.Linq;
using Renci.SshNet;

namespace McpModule.Execution
{
    /// Which key exchange algorithms a connection offers, in which order (the KexAlgorithms
    /// setting). SSH.NET offers post-quantum hybrids first, as OpenSSH does. Against OpenSSH
    /// 9.0-9.8 (Debian 12 has 9.2) that means sntrup761x25519, whose key generation alone takes
    /// about 38 ms of managed CPU per connection (BouncyCastle; mlkem768 0.7 ms, x25519 0.4 ms):
    /// a handshake costs about three times that of curve25519-sha256. Giving up the post-quantum
    /// exchange for speed stays the user's choice; by default nothing changes.
    internal static class SshKeyExchange
    {
        /// Leaves only the named algorithms on info, in the order given; null leaves SSH.NET's
        /// list as it is. A name SSH.NET does not implement is an ArgumentException (the
        /// setting's own check refuses such names first).
        internal static void Offer(ConnectionInfo info, IReadOnlyList<string> names)
        {
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
    }
}
