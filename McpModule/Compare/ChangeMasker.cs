#nullable enable
using System;
using System.Collections;
using System.Collections.Generic;
using McpModule.Model.Data;
using McpModule.States.Journal;

namespace McpModule.Compare
{
    /// Masks a change's values as the run journal masks a run (SecretMasker over the pillars'
    /// secrets, PillarSecrets): a value at a key that names a secret (password, token, keyring,
    /// a keyring's `key`...) is ******** whatever its type, every other text has the secret values
    /// of both sides' pillars and `key: value` secrets masked. A changed secret shows ******** on
    /// both sides: the reviewer sees that it changed, never what it is.
    internal sealed class ChangeMasker
    {
        private readonly SecretMasker _masker;

        public ChangeMasker(IEnumerable<string> secrets) => _masker = new SecretMasker(secrets);

        public string Text(string? text) => _masker.Mask(text ?? "") ?? "";

        /// The value at path, masked (a copy; the render is not changed).
        public object? Value(IReadOnlyList<string> path, object? value)
        {
            var secret = false;
            var inKeyring = false;
            for (var i = 0; i < path.Count; i++)
            {
                secret |= PillarSecrets.IsSecretKey(path[i]) || (inKeyring && string.Equals(path[i], "key", StringComparison.OrdinalIgnoreCase));
                inKeyring |= path[i].IndexOf("keyring", StringComparison.OrdinalIgnoreCase) >= 0;
            }
            return Mask(value, secret, inKeyring);
        }

        private object? Mask(object? value, bool secret, bool inKeyring)
        {
            switch (value)
            {
                case null: return null;
                case string text: return secret ? (text.Trim().Length == 0 ? text : SecretMasker.Placeholder) : _masker.Mask(text);
                case IDictionary<string, object> map:
                    var copy = new OrderedMap();
                    foreach (var pair in map)
                    {
                        var named = PillarSecrets.IsSecretKey(pair.Key) || (inKeyring && string.Equals(pair.Key, "key", StringComparison.OrdinalIgnoreCase));
                        copy[pair.Key] = Mask(pair.Value, secret || named, inKeyring || pair.Key.IndexOf("keyring", StringComparison.OrdinalIgnoreCase) >= 0);
                    }
                    return copy;
                case IList list:
                    var items = new List<object>(list.Count);
                    foreach (var item in list) items.Add(Mask(item, secret, inKeyring)!);
                    return items;
                default:
                    // a number or a boolean at a secret's key (a numeric PIN) is a secret too
                    return secret ? SecretMasker.Placeholder : value;
            }
        }
    }
}
