using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace McpModule.States.Journal
{
    /// The secret values of a pillar, for a SecretMasker: formulas write them to nodes (a Ceph
    /// keyring, a database password), so they can come back in diffs, command output or errors.
    /// A text value is a secret when its key names one (password, passwd, passphrase, secret,
    /// token, api_key, authorization, private_key, or anything with "keyring" in it:
    /// _param:ceph_admin_keyring) or when it is a `key` inside a keyring mapping
    /// (ceph:common:keyring:admin:key), as salt-formula-ceph's pillar holds cephx keys.
    internal static class PillarSecrets
    {
        private static readonly Regex SecretKey = new Regex(
            @"password|passwd|passphrase|secret|token|api[_-]?key|authorization|private[_-]?key|keyring",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // A pillar repeats the same few hundred key names on every node: each is matched once.
        // Bounded, so a model with endless distinct keys cannot grow it without end.
        private static readonly ConcurrentDictionary<string, bool> Named = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private const int MaxNamed = 65536;

        /// Whether a pillar key names a secret (a value under it is one).
        public static bool IsSecretKey(string key)
        {
            if (key == null) return false;
            if (Named.TryGetValue(key, out var secret)) return secret;
            secret = SecretKey.IsMatch(key);
            if (Named.Count < MaxNamed) Named.TryAdd(key, secret);
            return secret;
        }

        /// Every secret text value of the pillar (null gives none); no value twice.
        public static IReadOnlyCollection<string> Collect(IDictionary<string, object> pillar)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            if (pillar != null) Walk(pillar, false, found);
            return found;
        }

        private static void Walk(object value, bool inKeyring, HashSet<string> found)
        {
            switch (value)
            {
                case IDictionary<string, object> map:
                    foreach (var kv in map)
                    {
                        var named = IsSecretKey(kv.Key);
                        if (kv.Value is string text)
                        {
                            if ((named || (inKeyring && string.Equals(kv.Key, "key", StringComparison.OrdinalIgnoreCase))) && text.Trim().Length > 0)
                                found.Add(text);
                        }
                        else Walk(kv.Value, inKeyring || kv.Key.IndexOf("keyring", StringComparison.OrdinalIgnoreCase) >= 0, found);
                    }
                    break;
                case string _: break;
                case IEnumerable list:
                    foreach (var item in list) Walk(item, inKeyring, found);
                    break;
            }
        }
    }
}
