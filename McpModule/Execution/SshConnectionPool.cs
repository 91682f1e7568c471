using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;

namespace McpModule.Execution
{
    /// Connections a finished command left open for the next one in the same PowerShell session
    /// (the ReuseConnectionSeconds setting; off by default), as OpenSSH's ControlPersist keeps a
    /// master connection: the next command skips the key exchange and authentication. A kept
    /// connection is used by one run at a time, and only by a run that would have made the very
    /// same connection (identity: address, port, user, the keys offered, known_hosts, key
    /// exchange, timeout). Its host key was checked when it was made, not again while it is kept.
    internal sealed class SshConnectionPool : IDisposable
    {
        public static SshConnectionPool Shared { get; } = new SshConnectionPool();

        private readonly object _gate = new object();
        private readonly Dictionary<string, (SshClient Client, byte[] HostKey, DateTime Until, string Node)> _idle = new Dictionary<string, (SshClient, byte[], DateTime, string)>(StringComparer.Ordinal);
        private Timer _sweep;

        /// How many connections are kept now.
        public int Count { get { lock (_gate) return _idle.Count; } }

        /// The kept connection of that identity, taken out of the pool (the caller owns it now), with
        /// the host key it was made with; null: none, expired, closed by the other end meanwhile,
        /// or its host key no longer trusted (stillTrusted: what known_hosts says now).
        public (SshClient Client, byte[] HostKey) Take(string identity, Func<byte[], bool> stillTrusted)
        {
            (SshClient Client, byte[] HostKey, DateTime Until, string Node) entry;
            lock (_gate)
            {
                if (!_idle.TryGetValue(identity, out entry)) return (null, null);
                _idle.Remove(identity);
                StopSweepIfIdle();
            }
            if (entry.Until >= DateTime.UtcNow && entry.Client.IsConnected && stillTrusted(entry.HostKey)) return (entry.Client, entry.HostKey);
            CloseLater(entry.Client);
            return (null, null);
        }

        /// Keeps a connection for keep; one per identity (a second one is closed). node: the name
        /// the run knew the node by (Disconnect-McpNode matches it as well as the address).
        public void Give(string identity, SshClient client, byte[] hostKey, TimeSpan keep, string node = null)
        {
            if (keep <= TimeSpan.Zero || hostKey == null || !client.IsConnected) { CloseLater(client); return; }
            lock (_gate)
            {
                if (_idle.ContainsKey(identity)) { CloseLater(client); return; }
                _idle[identity] = (client, hostKey, DateTime.UtcNow + keep, node);
                if (_sweep == null) _sweep = new Timer(_ => Sweep(), null, SweepEvery, SweepEvery);
            }
        }

        /// Closes the kept connections whose identity matches (all when null); how many.
        public int Close(Func<string, bool> which = null) => CloseWhere((identity, _) => which == null || which(identity));

        /// The address, port and user an identity names (what Disconnect-McpNode matches).
        public static (string User, string Address, int Port) Parse(string identity)
        {
            var head = identity.Split('|')[0];
            var at = head.LastIndexOf('@');
            var colon = head.LastIndexOf(':');
            return (head.Substring(0, at), head.Substring(at + 1, colon - at - 1), int.Parse(head.Substring(colon + 1), System.Globalization.CultureInfo.InvariantCulture));
        }

        /// The kept connections: identity, user, address, port, the node's name and until when.
        public IReadOnlyList<(string Identity, string User, string Address, int Port, string Node, DateTime Until)> List()
        {
            lock (_gate)
                return _idle.Select(p => { var (u, a, port) = Parse(p.Key); return (p.Key, u, a, port, p.Value.Node, p.Value.Until); }).ToList();
        }

        /// Closes every kept connection (the module is removed, or the process ends).
        public void Dispose() => Close();

        private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(1);

        private void Sweep()
        {
            var now = DateTime.UtcNow;
            CloseWhere((_, entry) => entry.Until < now || !entry.Client.IsConnected);
        }

        // Takes the matching entries out under the lock, then closes them outside it; how many.
        private int CloseWhere(Func<string, (SshClient Client, byte[] HostKey, DateTime Until, string Node), bool> which)
        {
            List<SshClient> closing;
            lock (_gate)
            {
                var keys = _idle.Where(p => which(p.Key, p.Value)).Select(p => p.Key).ToList();
                closing = keys.Select(k => _idle[k].Client).ToList();
                foreach (var k in keys) _idle.Remove(k);
                StopSweepIfIdle();
            }
            foreach (var c in closing) CloseNow(c);
            return closing.Count;
        }

        private void StopSweepIfIdle()
        {
            if (_idle.Count > 0 || _sweep == null) return;
            _sweep.Dispose();
            _sweep = null;
        }

        // Disposing waits for the server on a dead link: never on the caller's path.
        private static void CloseLater(SshClient client) => Task.Run(() => CloseNow(client));

        private static void CloseNow(SshClient client)
        {
            try { client.Dispose(); } catch (Exception) { /* already broken */ }
        }
    }
}
