using System.Net.Sockets;
using System.Threading;
using McpModule.Execution;
using Xunit;

namespace McpModule.Tests.Execution
{
    public class SshFailureTests
    {
        [Fact]
        public void An_aborted_socket_is_a_stop_when_one_was_asked_for_and_a_timeout_otherwise()
        {
            var aborted = new SocketException((int)SocketError.OperationAborted);
            using (var stop = new CancellationTokenSource())
            {
                // SSH.NET's own connect timeout aborts the socket just before our deadline fires
                Assert.Equal(McpTransportErrorKind.Timeout, SshFailure.Classify(aborted, stop.Token, out _));
                stop.Cancel();
                Assert.Equal(McpTransportErrorKind.Cancelled, SshFailure.Classify(aborted, stop.Token, out _));
            }
        }

        [Fact]
        public void A_refused_or_unroutable_connection_is_unreachable()
        {
            Assert.Equal(McpTransportErrorKind.Unreachable, SshFailure.Classify(new SocketException((int)SocketError.ConnectionRefused), CancellationToken.None, out _));
            Assert.Equal(McpTransportErrorKind.Unreachable, SshFailure.Classify(new SocketException((int)SocketError.HostUnreachable), CancellationToken.None, out var what));
            Assert.Equal("unreachable", what);
        }
    }
}
