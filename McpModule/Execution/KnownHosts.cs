using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace McpModule.Execution
{
    /// What a known_hosts file says about a host's key.
    public enum HostKeyStatus
    {
        /// The key is listed for the host.
        Known,
        /// No key of any type is listed for the host.
        Unknown,
        /// The host has other keys listed and this one is not among them.
        Changed,
        /// The key is marked @revoked.
        Revoked
    }

    /// One key line of a known_hosts file.
    internal sealed class KnownHostEntry
    {
        internal KnownHostEntry(int line, string marker, string hosts, string keyType, byte[] key)
        {
            Line = line; Marker = marker; Hosts = hosts; KeyType = keyType; Key = key;
        }

        public int Line { get; }
        /// null, "@revoked" or "@cert-authority".
        public string Marker { get; }
        /// The host field as written: patterns separated by commas, or one |1|salt|hash.
        public string Hosts { get; }
        public string KeyType { get; }
        public byte[] Key { get; }
        public string Fingerprint => HostKeyFingerprint.Sha256(Key);

        /// True when this entry names the host (host for port 22, else [host]:port), as OpenSSH
        /// matches: hashed entries by HMAC-SHA1, patterns with * and ?, a negated pattern excludes.
        public bool Matches(string host, int port)
        {
            var name = KnownHosts.HostField(host, port);
            if (Hosts.StartsWith("|1|", StringComparison.Ordinal)) return HashedMatch(Hosts, name);
            var matched = false;
            foreach (var raw in Hosts.Split(','))
            {
                var pattern = raw.Trim();
                if (pattern.Length == 0) continue;
                var negated = pattern[0] == '!';
                if (negated) pattern = pattern.Substring(1);
                if (!WildcardMatch(pattern, name)) continue;
                if (negated) return false;
                matched = true;
            }
            return matched;
        }

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
            Justification = "OpenSSH's hashed known_hosts names (|1|salt|hash) are HMAC-SHA1 by format; reading them needs it, and nothing is signed or kept secret with it")]
        private static bool HashedMatch(string field, string name)
        {
            var parts = field.Split('|');
            if (parts.Length != 4) return false;
            try
            {
                var salt = Convert.FromBase64String(parts[2]);
                var hash = Convert.FromBase64String(parts[3]);
                using (var hmac = new HMACSHA1(salt))
                {
                    var computed = hmac.ComputeHash(Encoding.UTF8.GetBytes(name));
                    if (computed.Length != hash.Length) return false;
                    var diff = 0;
                    for (var i = 0; i < hash.Length; i++) diff |= computed[i] ^ hash[i];
                    return diff == 0;
                }
            }
            catch (FormatException)
            {
                return false;
            }
        }

        /// OpenSSH's match_pattern, case-insensitive: '*' any run of characters, '?' any one. By
        /// hand: as a regex made per pattern, each check of a key against a known_hosts file of
        /// more than 15 patterns parsed every one again (Regex's cache holds 15), on every connection.
        internal static bool WildcardMatch(string pattern, string name)
        {
            pattern = pattern.ToLowerInvariant();
            name = name.ToLowerInvariant();
            int p = 0, n = 0, star = -1, resume = 0;
            while (n < name.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]) && pattern[p] != '*')
                {
                    p++;
                    n++;
                }
                else if (p < pattern.Length && pattern[p] == '*')
                {
                    star = p++;
                    resume = n;
                }
                else if (star >= 0)
                {
                    // The last '*' takes one more character; nothing before it needs to change.
                    p = star + 1;
                    n = ++resume;
                }
                else
                {
                    return false;
                }
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }
    }

    /// The answer of a known_hosts check.
    internal sealed class HostKeyCheck
    {
        internal HostKeyCheck(HostKeyStatus status, IReadOnlyList<KnownHostEntry> knownKeys)
        {
            Status = status; KnownKeys = knownKeys;
        }

        public HostKeyStatus Status { get; }
        /// The keys the file lists for the host (empty when Unknown).
        public IReadOnlyList<KnownHostEntry> KnownKeys { get; }
    }

    /// SHA256 fingerprints as ssh-keygen -l prints them.
    internal static class HostKeyFingerprint
    {
        public static string Sha256(byte[] key)
        {
            using (var sha = SHA256.Create())
                return "SHA256:" + Convert.ToBase64String(sha.ComputeHash(key)).TrimEnd('=');
        }

        /// The key type written at the start of an SSH public key blob ("ssh-ed25519", "ssh-rsa", ...).
        public static string KeyTypeOf(byte[] blob)
        {
            if (blob == null || blob.Length < 4) return null;
            var length = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
            if (length <= 0 || length > blob.Length - 4) return null;
            return Encoding.ASCII.GetString(blob, 4, length);
        }
    }

    /// An OpenSSH known_hosts file: read, checked, appended to. Never prompts.
    internal sealed class KnownHosts
    {
        private static readonly object AppendLock = new object();
        private readonly List<KnownHostEntry> _entries;

        private KnownHosts(string path, List<KnownHostEntry> entries)
        {
            Path = path; _entries = entries;
        }

        public string Path { get; }
        public IReadOnlyList<KnownHostEntry> Entries => _entries;

        /// The file's entries; a file that does not exist has none. Lines that are not key lines
        /// (comments, blanks, malformed keys) are skipped as OpenSSH skips them.
        public static KnownHosts Load(string path)
        {
            var entries = new List<KnownHostEntry>();
            if (File.Exists(path)) entries.AddRange(Parse(File.ReadAllLines(path)));
            return new KnownHosts(path, entries);
        }

        public static KnownHosts FromLines(IEnumerable<string> lines) => new KnownHosts(null, new List<KnownHostEntry>(Parse(lines)));

        internal static IEnumerable<KnownHostEntry> Parse(IEnumerable<string> lines)
        {
            var number = 0;
            foreach (var raw in lines)
            {
                number++;
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                var fields = Regex.Split(line, @"\s+");
                var i = 0;
                string marker = null;
                if (fields[0].StartsWith("@", StringComparison.Ordinal)) marker = fields[i++];
                // as OpenSSH (hostfile.c): a marker is exactly one of these two; a line with any
                // other (@REVOKED, @revoke) is skipped, never read as a trusted key
                if (marker != null && marker != "@revoked" && marker != "@cert-authority") continue;
                if (fields.Length < i + 3) continue;
                byte[] key;
                try { key = Convert.FromBase64String(fields[i + 2]); }
                catch (FormatException) { continue; }
                var type = fields[i + 1];
                if (HostKeyFingerprint.KeyTypeOf(key) != type) continue;
                yield return new KnownHostEntry(number, marker, fields[i], type, key);
            }
        }

        /// "host" for port 22, "[host]:port" for any other port, as OpenSSH writes and hashes it.
        public static string HostField(string host, int port) =>
            port == 22 ? host.ToLowerInvariant() : "[" + host.ToLowerInvariant() + "]:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// The key types listed for a host (to offer those first when connecting).
        public ISet<string> KeyTypesFor(string host, int port)
        {
            var types = new HashSet<string>(StringComparer.Ordinal);
            lock (_entries)
                foreach (var e in _entries)
                    if (e.Marker == null && e.Matches(host, port)) types.Add(e.KeyType);
            return types;
        }

        /// What the file says about this host presenting this key (an SSH public key blob).
        /// A host with keys listed of which none is this one is Changed, whatever their types.
        public HostKeyCheck Check(string host, int port, byte[] key)
        {
            var known = new List<KnownHostEntry>();
            var found = false;
            KnownHostEntry[] entries;
            lock (_entries) entries = _entries.ToArray();
            foreach (var e in entries)
            {
                if (!e.Matches(host, port)) continue;
                if (e.Marker == "@cert-authority") continue;
                var same = ByteRange.Same(e.Key, key);
                if (e.Marker == "@revoked")
                {
                    if (same) return new HostKeyCheck(HostKeyStatus.Revoked, new[] { e });
                    continue;
                }
                known.Add(e);
                if (same) found = true;
            }
            if (found) return new HostKeyCheck(HostKeyStatus.Known, known);
            return new HostKeyCheck(known.Count == 0 ? HostKeyStatus.Unknown : HostKeyStatus.Changed, known);
        }

        /// Appends "host type base64" to the file (made, with its folder, when missing) and to
        /// this object. Safe to call from many connections at once.
        public void Append(string host, int port, byte[] key)
        {
            if (Path == null) throw new InvalidOperationException("These known hosts were not read from a file.");
            var type = HostKeyFingerprint.KeyTypeOf(key) ?? throw new ArgumentException("Not an SSH public key blob.", nameof(key));
            var line = HostField(host, port) + " " + type + " " + Convert.ToBase64String(key);
            lock (AppendLock)
            {
                var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
                if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
                var prefix = "";
                if (File.Exists(Path))
                {
                    using (var s = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                    {
                        if (s.Length > 0) { s.Seek(-1, SeekOrigin.End); if (s.ReadByte() != '\n') prefix = "\n"; }
                    }
                }
                File.AppendAllText(Path, prefix + line + "\n", new UTF8Encoding(false));
                lock (_entries) _entries.Add(new KnownHostEntry(-1, null, HostField(host, port), type, key));
            }
        }
    }
}
