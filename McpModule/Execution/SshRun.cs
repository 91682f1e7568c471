using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Execution.Agent;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace McpModule.Execution
{
    /// One run over SSH: the known_hosts file, the keys loaded once, and one connection per
    /// node reused by every command of the run (Dispose closes them all). Errors never throw out
    /// of RunAsync: each node's outcome is a McpCommandResult whose Error says what went wrong.
    /// SSH.NET is used only from here, so it loads only when a run starts.
    internal sealed class SshRun : INodeTransport, IDisposable
    {
        private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
        private readonly SshOptions _options;
        private readonly SshSecrets _secrets;
        private readonly KnownHosts _knownHosts;
        private readonly List<IPrivateKeySource> _keys = new List<IPrivateKeySource>();
        private readonly Dictionary<string, IPrivateKeySource> _keysByPath = new Dictionary<string, IPrivateKeySource>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<KnownHosts>> _knownHostsByPath = new ConcurrentDictionary<string, Lazy<KnownHosts>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, SshClient> _clients = new ConcurrentDictionary<string, SshClient>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<SshClient, SshTunnel> _tunnels = new ConcurrentDictionary<SshClient, SshTunnel>();
        // Connections the pool may keep after the run (ReuseConnection): their identity and host key.
        private readonly ConcurrentDictionary<SshClient, (string Identity, byte[] HostKey, string Node)> _keepable = new ConcurrentDictionary<SshClient, (string, byte[], string)>();
        private readonly IReadOnlyList<IPrivateKeySource> _agentKeys;
        private readonly SshJumpHost _jump;

        public SshRun(SshOptions options, SshSecrets secrets)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _secrets = secrets ?? new SshSecrets();
            _knownHosts = KnownHosts.Load(_options.KnownHostsFile);
            _knownHostsByPath[_options.KnownHostsFile ?? ""] = new Lazy<KnownHosts>(() => _knownHosts);
            SshKeyFiles.Load(_secrets, _keys, _keysByPath);
            _agentKeys = AgentKeys.Load(_options.Agent, _keysByPath.Values.Select(PublicKeyOf), _keys.Count > 0 || _secrets.Password != null, out var agentProblem);
            AgentProblem = agentProblem;
            _keys.AddRange(_agentKeys);
            if (_options.JumpHost != null)
                _jump = new SshJumpHost(_options.JumpHost, async (t, c) =>
                {
                    var (client, _, error) = await ConnectAsync(t, null, c).ConfigureAwait(false);
                    return (client, error);
                });
            // SSH.NET blocks a pool thread per forwarded connection too (ForwardedPortLocal binds the channel synchronously)
            var min = Math.Max(_options.ThrottleLimit * (_jump != null ? 3 : 2) + 8, 16);
            ThreadPool.GetMinThreads(out var worker, out var io);
            if (worker < min) ThreadPool.SetMinThreads(min, Math.Max(io, min));   // SSH.NET blocks pool threads during key exchange
        }

        public KnownHosts KnownHosts => _knownHosts;

        /// The agent's keys offered to nodes (0 when the agent is not used).
        public int AgentKeyCount => _agentKeys.Count;

        /// Why the agent's keys are not offered when it was asked for if available; null otherwise.
        public string AgentProblem { get; }

        private static byte[] PublicKeyOf(IPrivateKeySource key) => key.HostKeyAlgorithms.First().Data;

        /// The known_hosts a target is checked against: its own file (loaded once per run), else the run's.
        public KnownHosts KnownHostsFor(SshTarget target) =>
            string.IsNullOrEmpty(target?.KnownHostsFile)
                ? _knownHosts
                : _knownHostsByPath.GetOrAdd(target.KnownHostsFile, p => new Lazy<KnownHosts>(() => KnownHosts.Load(p))).Value;

        /// Runs one command on one target (connecting, or reusing this run's connection).
        /// input: what the command reads on its standard input, then end of file (null: nothing).
        /// A command never waits for input that cannot come: a prompt reads end of file and ends,
        /// instead of holding the node until the command timeout.
        /// Never throws: whatever goes wrong is the node's result (a node that vanished from a
        /// run's output, with no error record, was an exception escaping here).
        public async Task<McpCommandResult> RunAsync(SshTarget target, string command, CancellationToken cancel, byte[] input = null)
        {
            try { return await RunCoreAsync(target, command, input, cancel).ConfigureAwait(false); }
            catch (Exception e)
            {
                var kind = SshFailure.Classify(e, cancel, out var what);
                return Fail(target, TimeSpan.Zero, kind, $"{target.Name}: {what} ({Sanitize(e.Message)})");
            }
        }

        private async Task<McpCommandResult> RunCoreAsync(SshTarget target, string command, byte[] input, CancellationToken cancel)
        {
            var clock = Stopwatch.StartNew();
            var problem = NodeName.Problem(target.Address);
            if (problem != null) return Fail(target, clock.Elapsed, McpTransportErrorKind.InvalidTarget, problem);
            var (client, error) = await GetClientAsync(target, cancel).ConfigureAwait(false);
            if (error != null) return new McpCommandResult(target.Name, target.Address, null, null, null, clock.Elapsed, error);

            SshCommand cmd = null;
            // The command runs under /bin/sh in the session's process group, whose id is written
            // to a file, so a timeout or Ctrl+C can end the whole group: OpenSSH ignores SSH
            // signal requests for root sessions, and a command without a terminal outlives its connection.
            var groupFile = "/tmp/.mcp-cmd-" + Guid.NewGuid().ToString("N");
            // Without input the command reads /dev/null: SSH.NET sends no end of file for an
            // input stream closed unwritten, and a command waiting for input would hold the node
            // until the timeout.
            var hasInput = input != null && input.Length > 0;
            var wrapped = "echo $$ > " + groupFile + "; sh -c " + ShellQuote.Quote(command) + (hasInput ? "" : " < /dev/null") +
                          "; rc=$?; rm -f " + groupFile + "; exit $rc";
            try
            {
                cmd = client.CreateCommand(wrapped);
                using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel))
                {
                    var limited = _options.CommandTimeout != Timeout.InfiniteTimeSpan && _options.CommandTimeout > TimeSpan.Zero;
                    if (limited) deadline.CancelAfter(_options.CommandTimeout);
                    var run = cmd.ExecuteAsync(deadline.Token);
                    if (hasInput) Feed(cmd, input);
                    var outcome = await WaitAsync(run, deadline.Token).ConfigureAwait(false);
                    if (outcome != null)
                    {
                        await EndRemoteGroupAsync(client, groupFile).ConfigureAwait(false);
                        Drop(target, client);
                        var timedOut = !cancel.IsCancellationRequested;
                        return timedOut
                            ? Fail(target, clock.Elapsed, McpTransportErrorKind.Timeout, $"{target.Name}: the command did not finish within {Seconds(_options.CommandTimeout)}", SafeOut(cmd))
                            : Fail(target, clock.Elapsed, McpTransportErrorKind.Cancelled, $"{target.Name}: the command was stopped", SafeOut(cmd));
                    }
                    await run.ConfigureAwait(false);   // surfaces its exception, if any
                }
                if (cmd.ExitStatus.HasValue)
                    return new McpCommandResult(target.Name, target.Address, cmd.ExitStatus.Value, cmd.Result, cmd.Error, clock.Elapsed, null);
                if (!string.IsNullOrEmpty(cmd.ExitSignal))
                    return Fail(target, clock.Elapsed, McpTransportErrorKind.Failed, $"{target.Name}: the command was ended by signal {cmd.ExitSignal}", (cmd.Result, cmd.Error));
                Drop(target, client);
                return Fail(target, clock.Elapsed, McpTransportErrorKind.Unreachable, $"{target.Name}: the connection to {target.Address} was lost during the command", (cmd.Result, cmd.Error));
            }
            catch (Exception e)
            {
                Drop(target, client);
                var kind = SshFailure.Classify(e, cancel, out var what);
                return Fail(target, clock.Elapsed, kind, $"{target.Name}: {what} during the command ({Sanitize(e.Message)})", SafeOut(cmd));
            }
            finally
            {
                // After a timeout Drop disposes the client on another thread; the command's
                // channel may then fail to close. The result is already made: keep it.
                try { cmd?.Dispose(); }
                catch (Exception) { /* the session is gone */ }
            }
        }

        // Ends the process group of a command that timed out or was stopped, over the same
        // connection when it still works (a dead link leaves nothing to reach).
        private static async Task EndRemoteGroupAsync(SshClient client, string groupFile)
        {
            if (!client.IsConnected) return;
            // Opening a channel blocks while the server does not answer: off this thread, and
            // given at most 1.5 s.
            var task = Task.Run(async () =>
            {
                using (var kill = client.CreateCommand("g=$(cat " + groupFile + " 2>/dev/null) && kill -TERM -- -\"$g\" 2>/dev/null; rm -f " + groupFile))
                using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(1.5)))
                    await kill.ExecuteAsync(limit.Token).ConfigureAwait(false);
            });
            _ = task.ContinueWith(t => t.Exception, TaskScheduler.Default);   // observed: the link may be gone
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(1.5))).ConfigureAwait(false);
        }

        /// Writes input to the command's standard input and closes it, off the caller's path: a
        /// command that does not read (or ends first) must not hold up the deadline. A failed
        /// write is the command's business; its exit tells what happened.
        private static void Feed(SshCommand cmd, byte[] input)
        {
            var feed = Task.Run(() =>
            {
                using (var stdin = cmd.CreateInputStream()) stdin.Write(input, 0, input.Length);
            });
            _ = feed.ContinueWith(t => t.Exception, TaskScheduler.Default);   // observed
        }

        /// Connects to a target only to read its host key (no authentication), with what the
        /// known_hosts file says about it. Never adds the key. Returns the error instead when none was read.
        public async Task<(McpHostKey Key, McpTransportError Error)> ReadHostKeyAsync(SshTarget target, CancellationToken cancel)
        {
            var problem = NodeName.Problem(target.Address);
            if (problem != null) return (null, new McpTransportError(McpTransportErrorKind.InvalidTarget, problem));
            var port = target.Port ?? _options.DefaultPort;
            McpHostKey seen = null;
            var knownHosts = KnownHostsFor(target);
            var info = new ConnectionInfo(target.Address, port, "mcp-host-key", new NoneAuthenticationMethod("mcp-host-key")) { Timeout = _options.ConnectTimeout };
            SshKeyExchange.Offer(info, _options.KeyExchangeAlgorithms);
            var client = new SshClient(info);
            client.HostKeyReceived += (s, e) =>
            {
                var key = e.HostKey;
                var check = knownHosts.Check(target.Address, port, key);
                seen = new McpHostKey(target.Name, target.Address, port, HostKeyFingerprint.KeyTypeOf(key), key, check.Status, knownHosts.Path);
                e.CanTrust = false;   // stop before authentication: the key is all we came for
            };
            try
            {
                var error = await ConnectWithDeadlineAsync(client, target, cancel).ConfigureAwait(false);
                if (seen != null) return (seen, null);
                return (null, error ?? new McpTransportError(McpTransportErrorKind.Failed, $"{target.Name}: the server presented no host key"));
            }
            finally
            {
                client.Dispose();
            }
        }

        private async Task<(SshClient, McpTransportError)> GetClientAsync(SshTarget target, CancellationToken cancel)
        {
            var port = target.Port ?? _options.DefaultPort;
            var user = _secrets.CredentialUser ?? target.User ?? _options.DefaultUser;
            var key = user + "@" + target.Address + ":" + port;
            if (_clients.TryGetValue(key, out var existing) && existing.IsConnected) return (existing, null);

            var direct = _jump == null || _jump.IsBastion(target, port);
            var identity = direct ? KeepableIdentity(target, port, user) : null;
            if (identity != null)
            {
                var knownHosts = KnownHostsFor(target);
                var (kept, hostKey) = SshConnectionPool.Shared.Take(identity, blob => knownHosts.Check(target.Address, port, blob).Status == HostKeyStatus.Known);
                if (kept != null)
                {
                    _keepable[kept] = (identity, hostKey, target.Name);
                    if (_clients.TryAdd(key, kept)) return (kept, null);
                    // The same node under another name of this run got there first: keep that one.
                    if (_clients.TryGetValue(key, out var other) && other.IsConnected)
                    {
                        _keepable.TryRemove(kept, out _);
                        SshConnectionPool.Shared.Give(identity, kept, hostKey, _options.ReuseConnection, target.Name);
                        return (other, null);
                    }
                    _clients[key] = kept;
                    return (kept, null);
                }
            }

            SshTunnel tunnel = null;
            if (!direct)
            {
                McpTransportError jumpError;
                (tunnel, jumpError) = await _jump.OpenAsync(target, port, cancel).ConfigureAwait(false);
                if (jumpError != null) return (null, jumpError);
            }
            var (client, hostKeyBlob, error) = await ConnectAsync(target, tunnel, cancel).ConfigureAwait(false);
            if (error != null) { tunnel?.Dispose(); return (null, error); }
            if (tunnel != null) _tunnels[client] = tunnel;
            if (identity != null) _keepable[client] = (identity, hostKeyBlob, target.Name);
            if (!_clients.TryAdd(key, client))
            {
                if (_clients.TryGetValue(key, out var other) && other.IsConnected) { _keepable.TryRemove(client, out _); Close(client); return (other, null); }
                _clients[key] = client;
            }
            return (client, null);
        }

        // A new, authenticated connection to the target (through the tunnel when given), its
        // host key checked under the target's own address and port.
        private async Task<(SshClient, byte[] HostKey, McpTransportError)> ConnectAsync(SshTarget target, SshTunnel tunnel, CancellationToken cancel)
        {
            var port = target.Port ?? _options.DefaultPort;
            var user = _secrets.CredentialUser ?? target.User ?? _options.DefaultUser;
            var keys = KeysFor(target, out var missing);
            if (keys == null)
                return (null, null, new McpTransportError(McpTransportErrorKind.Authentication, $"{target.Name}: the key file '{missing}' was not loaded for this run"));
            var knownHosts = KnownHostsFor(target);
            var methods = new List<AuthenticationMethod>();
            if (keys.Count > 0) methods.Add(new PrivateKeyAuthenticationMethod(user, keys.ToArray()));
            if (_secrets.Password != null) methods.Add(new PasswordAuthenticationMethod(user, _secrets.Password));
            if (methods.Count == 0) methods.Add(new NoneAuthenticationMethod(user));
            var info = tunnel == null
                ? new ConnectionInfo(target.Address, port, user, methods.ToArray()) { Timeout = _options.ConnectTimeout }
                : new ConnectionInfo("127.0.0.1", tunnel.BoundPort, user, methods.ToArray()) { Timeout = _options.ConnectTimeout };
            SshKeyExchange.Offer(info, _options.KeyExchangeAlgorithms);
            // Offer first (only) the key types known_hosts holds for this host, as OpenSSH does,
            // so a host with a known key is never asked for a type we cannot check.
            var knownTypes = knownHosts.KeyTypesFor(target.Address, port);
            if (knownTypes.Count > 0)
            {
                foreach (var algorithm in info.HostKeyAlgorithms.Keys.ToList())
                    if (!knownTypes.Contains(SshFailure.KeyTypeOfAlgorithm(algorithm))) info.HostKeyAlgorithms.Remove(algorithm);
            }
            McpTransportError hostKeyError = null;
            byte[] hostKey = null;
            var via = tunnel == null ? null : _jump.Label;
            var client = new SshClient(info);
            client.HostKeyReceived += (s, e) =>
            {
                hostKey = e.HostKey;
                hostKeyError = HostKeyVerification.Verify(target, port, knownHosts, e.HostKey, _options.AcceptNewHostKey, via);
                e.CanTrust = hostKeyError == null;
            };
            var error = await ConnectWithDeadlineAsync(client, target, cancel).ConfigureAwait(false);
            if (hostKeyError == null && error != null && tunnel != null)
                error = new McpTransportError(error.KindValue, tunnel.Problem != null
                    ? $"{target.Name}: the jump host {via} could not reach {HostLabel(target.Address, port)}: {tunnel.Problem}"
                    : error.KindValue == McpTransportErrorKind.Unreachable
                        // SSH.NET closes the forward without the bastion's reason when it cannot open the channel
                        ? $"{target.Name}: unreachable through the jump host {via}: it could not connect to {HostLabel(target.Address, port)}, or the connection closed ({error.Message})"
                        : error.Message + " (through the jump host " + via + ")");
            if (hostKeyError != null || error != null)
            {
                client.Dispose();
                return (null, null, hostKeyError ?? error);
            }
            return (client, hostKey, null);
        }

        // The keys offered to the target: its own key files (and the agent's when required), else
        // the run's; null (and the path) when one of its files was not loaded.
        private List<IPrivateKeySource> KeysFor(SshTarget target, out string missing)
        {
            missing = null;
            if (target.KeyFiles == null) return _keys;
            var keys = new List<IPrivateKeySource>();
            foreach (var path in target.KeyFiles)
            {
                if (!_keysByPath.TryGetValue(path, out var k)) { missing = path; return null; }
                keys.Add(k);
            }
            if (_options.Agent == SshAgentUse.Required) keys.AddRange(_agentKeys);
            return keys;
        }

        // What makes a connection the same one another run would make: where, as whom, with which
        // keys offered, checked against which known_hosts, over which key exchange. Null when this
        // run keeps no connection: reuse is off, or a password is given (a kept connection must
        // never stand in for a password another run would have sent).
        private string KeepableIdentity(SshTarget target, int port, string user)
        {
            if (_options.ReuseConnection <= TimeSpan.Zero || _secrets.Password != null) return null;
            var keys = KeysFor(target, out _);
            if (keys == null) return null;
            string offered;
            using (var sha = System.Security.Cryptography.SHA256.Create())
            {
                var blobs = keys.Select(PublicKeyOf).Select(Convert.ToBase64String).OrderBy(b => b, StringComparer.Ordinal);
                offered = Convert.ToBase64String(sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(string.Join(",", blobs))));
            }
            var knownHosts = KnownHostsFor(target).Path;
            return $"{user}@{target.Address}:{port}|{knownHosts}|{_options.AcceptNewHostKey}|{_options.ConnectTimeout.Ticks}|" +
                   $"{string.Join(",", _options.KeyExchangeAlgorithms ?? Array.Empty<string>())}|{offered}";
        }

        // Connects within the connect timeout; the error, or null when connected.
        private async Task<McpTransportError> ConnectWithDeadlineAsync(SshClient client, SshTarget target, CancellationToken cancel)
        {
            var timeout = _options.ConnectTimeout;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                deadline.CancelAfter(timeout);
                try
                {
                    var connect = client.ConnectAsync(deadline.Token);
                    if (await WaitAsync(connect, deadline.Token).ConfigureAwait(false) != null)
                    {
                        client.Dispose();
                        _ = connect.ContinueWith(t => t.Exception, TaskScheduler.Default);   // observed
                        return TimeoutOrCancel(target, "connecting to " + HostLabel(target.Address, target.Port ?? _options.DefaultPort), cancel);
                    }
                    await connect.ConfigureAwait(false);
                    return null;
                }
                catch (Exception e)
                {
                    // Once the deadline or a stop has fired, whatever SSH.NET throws is their doing:
                    // its netstandard2.0 build (the one the module ships) ends a cancelled connect
                    // with a SocketException (OperationAborted) since 2026.0.1, where 2026.0.0
                    // threw a TaskCanceledException.
                    if (e is OperationCanceledException || e is SshOperationTimeoutException || deadline.IsCancellationRequested)
                        return TimeoutOrCancel(target, "connecting to " + HostLabel(target.Address, target.Port ?? _options.DefaultPort), cancel);
                    var kind = SshFailure.Classify(e, cancel, out var what);
                    return new McpTransportError(kind, $"{target.Name}: {what} ({HostLabel(target.Address, target.Port ?? _options.DefaultPort)}: {Sanitize(e.Message)})");
                }
            }
        }

        private McpTransportError TimeoutOrCancel(SshTarget target, string doing, CancellationToken cancel) =>
            cancel.IsCancellationRequested
                ? new McpTransportError(McpTransportErrorKind.Cancelled, $"{target.Name}: stopped while {doing}")
                : new McpTransportError(McpTransportErrorKind.Timeout, $"{target.Name}: no answer within {Seconds(_options.ConnectTimeout)} while {doing}");

        // Waits for the task, or for the token plus a grace period (SSH.NET may not notice a
        // cancellation while a link is dead). Null when the task finished, else "late".
        private static async Task<string> WaitAsync(Task task, CancellationToken token)
        {
            var late = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (token.Register(() => Task.Delay(Grace).ContinueWith(_ => late.TrySetResult(true), TaskScheduler.Default)))
            {
                var first = await Task.WhenAny(task, late.Task).ConfigureAwait(false);
                if (first == task)
                {
                    if (task.IsCanceled) return "cancelled";
                    return null;
                }
                return "late";
            }
        }

        private void Drop(SshTarget target, SshClient client)
        {
            _keepable.TryRemove(client, out _);
            foreach (var pair in _clients)
                if (ReferenceEquals(pair.Value, client)) _clients.TryRemove(pair.Key, out _);
            // Disposing waits for the server on a dead link: never let that hold up the result.
            Task.Run(() => Close(client));
        }

        private void Close(SshClient client)
        {
            try { client.Dispose(); } catch (Exception) { /* already broken */ }
            if (_tunnels.TryRemove(client, out var tunnel)) tunnel.Dispose();
        }

        private static (string, string) SafeOut(SshCommand cmd)
        {
            try { return cmd == null ? (null, null) : (cmd.Result, cmd.Error); }
            catch (Exception) { return (null, null); }
        }

        private static McpCommandResult Fail(SshTarget t, TimeSpan elapsed, McpTransportErrorKind kind, string message, (string Out, string Err) output = default) =>
            new McpCommandResult(t.Name, t.Address, null, output.Out, output.Err, elapsed, new McpTransportError(kind, message));

        internal static string HostLabel(string address, int port) => port == 22 ? address : address + ":" + port;

        private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " s";

        // SSH.NET messages hold no secrets; keep them to one line.
        internal static string Sanitize(string message) => (message ?? "").Replace('\r', ' ').Replace('\n', ' ').Trim();

        public void Dispose()
        {
            foreach (var c in _clients.Values)
            {
                if (_keepable.TryRemove(c, out var kept)) SshConnectionPool.Shared.Give(kept.Identity, c, kept.HostKey, _options.ReuseConnection, kept.Node);
                else Close(c);
            }
            _keepable.Clear();
            _clients.Clear();
            foreach (var t in _tunnels.Values) t.Dispose();
            _tunnels.Clear();
            _jump?.Dispose();
            foreach (var k in _keysByPath.Values) (k as IDisposable)?.Dispose();
            _keys.Clear();
            _keysByPath.Clear();
        }
    }
}
