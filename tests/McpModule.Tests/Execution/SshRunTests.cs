using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Execution;
using Xunit;

namespace McpModule.Tests.Execution
{
    public sealed class SshRunTests
    {
        // A node that accepts the TCP connection and never says a word: the SSH handshake hangs.
        private sealed class SilentNode : IDisposable
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
            public SilentNode() => _listener.Start();
            public SshTarget Target => new SshTarget("silent", "127.0.0.1", port: ((IPEndPoint)_listener.LocalEndpoint).Port);
            public void Dispose() => _listener.Stop();
        }

        private static SshRun NewRun() =>
            new SshRun(new SshOptions { ConnectTimeout = TimeSpan.FromMinutes(5), KnownHostsFile = "/nonexistent/known_hosts" }, null);

        [Fact]
        public async Task A_host_key_read_stopped_while_connecting_is_Cancelled_whatever_SSH_NET_throws()
        {
            // The tests run SSH.NET's net10.0 build, which ends a cancelled connect with an
            // OperationCanceledException; the module ships its netstandard2.0 build, which since
            // 2026.0.1 throws a SocketException (OperationAborted): tests/Pester/StateJob.Tests.ps1
            // holds that one to Cancelled.
            using (var node = new SilentNode())
            using (var run = NewRun())
            using (var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
            {
                var (key, error) = await run.ReadHostKeyAsync(node.Target, stop.Token);
                Assert.Null(key);
                Assert.Equal(McpTransportErrorKind.Cancelled.ToString(), error.Kind);
                Assert.StartsWith("silent: stopped while connecting", error.Message);
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(5)]
        [InlineData(20)]
        [InlineData(100)]
        [InlineData(500)]
        public async Task A_command_stopped_while_connecting_is_Cancelled_whatever_SSH_NET_throws(int afterMs)
        {
            using (var node = new SilentNode())
            using (var run = NewRun())
            using (var stop = new CancellationTokenSource())
            {
                var running = run.RunAsync(node.Target, "true", stop.Token);
                await Task.Delay(afterMs);
                stop.Cancel();
                var result = await running;
                Assert.Equal(McpTransportErrorKind.Cancelled.ToString(), result.Error.Kind);
                Assert.StartsWith("silent: stopped while connecting", result.Error.Message);
            }
        }

        [Fact]
        public async Task A_node_that_never_answers_times_out_within_the_connect_timeout()
        {
            using (var node = new SilentNode())
            using (var run = new SshRun(new SshOptions { ConnectTimeout = TimeSpan.FromMilliseconds(500), KnownHostsFile = "/nonexistent/known_hosts" }, null))
            {
                var (_, error) = await run.ReadHostKeyAsync(node.Target, CancellationToken.None);
                Assert.Equal(McpTransportErrorKind.Timeout.ToString(), error.Kind);
                Assert.StartsWith("silent: no answer within", error.Message);
            }
        }
    }
}
