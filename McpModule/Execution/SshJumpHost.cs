using System;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;

namespace McpModule.Execution
{
    /// The jump host (bastion) of a run: one SSH connection to it, made when the first node
    /// needs it and shared by all, and one local forward per node over it (SSH.NET's
    /// ForwardedPortLocal: 127.0.0.1 on a free port → the node's address and port, a
    /// direct-tcpip channel per connection). The node's own SSH session runs through that
    /// forward, so its host key and authentication are the node's, end to end.
    ///
    /// A bastion that cannot be reached, refuses the credentials or presents a wrong host key
    /// fails once; every node behind it gets that failure (McpTransportErrorKind.JumpHost).
    /// A connection that drops during the run is made again for the next node that needs it.
    internal sealed class SshJumpHost : IDisposable
    {
        private readonly Func<SshTarget, CancellationToken, Task<(SshClient, McpTransportError)>> _connect;
        private readonly object _gate = new object();
        // SshClient keeps its forwarded ports in a plain List: nodes add and remove theirs one at a time.
        private readonly object _ports = new object();
        private Task<(SshClient Client, McpTransportError Error)> _connection;
        private bool _disposed;

        /// connect: how the run connects to a host directly (host key checks and credentials included).
        public SshJumpHost(SshTarget bastion, Func<SshTarget, CancellationToken, Task<(SshClient, McpTransportError)>> connect)
        {
            Target = bastion ?? throw new ArgumentNullException(nameof(bastion));
            _connect = connect ?? throw new ArgumentNullException(nameof(connect));
        }

        public SshTarget Target { get; }

        /// How messages name the bastion: its name, and its address when that differs.
        public string Label => Target.Name == Target.Address
            ? SshRun.HostLabel(Target.Address, Target.Port ?? 22)
            : Target.Name + " (" + SshRun.HostLabel(Target.Address, Target.Port ?? 22) + ")";

        /// True for the bastion itself: it is reached directly, not through itself.
        public bool IsBastion(SshTarget target, int port) =>
            string.Equals(target.Address, Target.Address, StringComparison.OrdinalIgnoreCase) && port == (Target.Port ?? 22);

        /// A forward to the node's address and port through the bastion; the error (naming the
        /// bastion) instead when the bastion cannot be used.
        public async Task<(SshTunnel Tunnel, McpTransportError Error)> OpenAsync(SshTarget target, int port, CancellationToken cancel)
        {
            var (client, error) = await ConnectionAsync(cancel).ConfigureAwait(false);
            if (error != null)
                return (null, new McpTransportError(McpTransportErrorKind.JumpHost,
                    $"{target.Name}: not reached: the jump host {Label} failed ({error.Kind}): {error.Message}"));
            SshTunnel tunnel = null;
            try
            {
                // Bound to 127.0.0.1 only, for the run's duration. Another local process could
                // connect to it too, as to an `ssh -L` forward: it would reach only this node's
                // sshd, which still asks for its own credentials.
                var forward = new ForwardedPortLocal("127.0.0.1", 0, target.Address, (uint)port);
                tunnel = new SshTunnel(client, forward, _ports);
                lock (_ports) client.AddForwardedPort(forward);
                forward.Start();
                return (tunnel, null);
            }
            catch (Exception e)
            {
                tunnel?.Dispose();
                return (null, new McpTransportError(McpTransportErrorKind.JumpHost,
                    $"{target.Name}: the jump host {Label} could not forward to {SshRun.HostLabel(target.Address, port)} ({SshRun.Sanitize(e.Message)})"));
            }
        }

        private Task<(SshClient Client, McpTransportError Error)> ConnectionAsync(CancellationToken cancel)
        {
            lock (_gate)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(SshJumpHost));
                var current = _connection;
                // A failure stays (every node gets the same answer); a connection that was lost is made again.
                if (current == null || (current.IsCompleted && current.Result.Error == null && !current.Result.Client.IsConnected))
                {
                    if (current != null && current.IsCompleted) Close(current.Result.Client);
                    _connection = current = _connect(Target, cancel);
                }
                return current;
            }
        }

        private static void Close(SshClient client)
        {
            try { client?.Dispose(); } catch (Exception) { /* closing anyway */ }
        }

        public void Dispose()
        {
            Task<(SshClient Client, McpTransportError Error)> connection;
            lock (_gate) { _disposed = true; connection = _connection; _connection = null; }
            if (connection != null && connection.Status == TaskStatus.RanToCompletion) Close(connection.Result.Client);
        }
    }

    /// One node's forward through the jump host: 127.0.0.1:BoundPort reaches the node.
    internal sealed class SshTunnel : IDisposable
    {
        private readonly SshClient _bastion;
        private readonly ForwardedPortLocal _forward;
        private readonly object _ports;
        private string _problem;

        public SshTunnel(SshClient bastion, ForwardedPortLocal forward, object ports)
        {
            _bastion = bastion; _forward = forward; _ports = ports;
            // The reason the bastion gave for not opening the channel (e.g. connection refused).
            _forward.Exception += (s, e) => _problem = SshRun.Sanitize(e.Exception?.Message);
        }

        public int BoundPort => (int)_forward.BoundPort;

        /// Why the bastion could not reach the node, when it said so; null otherwise.
        public string Problem => _problem;

        public void Dispose()
        {
            try { if (_forward.IsStarted) _forward.Stop(); } catch (Exception) { /* the bastion may be gone */ }
            try { lock (_ports) _bastion.RemoveForwardedPort(_forward); } catch (Exception) { /* the bastion may be gone */ }
            try { _forward.Dispose(); } catch (Exception) { /* closing anyway */ }
        }
    }
}
