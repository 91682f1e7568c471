using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using McpModule.Execution.Agent;
using Renci.SshNet.Common;
using Renci.SshNet.Messages.Transport;

namespace McpModule.Execution
{
    /// What an exception from SSH.NET (or the agent) means for a node: the kind of failure and
    /// the words for it.
    internal static class SshFailure
    {
        internal static McpTransportErrorKind Classify(Exception e, CancellationToken cancel, out string what)
        {
            for (var x = e; x != null; x = x.InnerException)
            {
                switch (x)
                {
                    case SshAgentException _:
                        // the exception's message (which the caller adds) says what the agent did
                        what = "authentication failed, the ssh-agent did not sign"; return McpTransportErrorKind.Authentication;
                    case SshAuthenticationException _:
                        what = "authentication failed (no key or password offered was accepted)"; return McpTransportErrorKind.Authentication;
                    case SshOperationTimeoutException _:
                        what = "timed out"; return McpTransportErrorKind.Timeout;
                    case OperationCanceledException _:
                        what = cancel.IsCancellationRequested ? "stopped" : "timed out";
                        return cancel.IsCancellationRequested ? McpTransportErrorKind.Cancelled : McpTransportErrorKind.Timeout;
                    case SocketException s when s.SocketErrorCode == SocketError.OperationAborted && cancel.IsCancellationRequested:
                        // a stop aborted a pending socket operation (SSH.NET's netstandard2.0 build)
                        what = "stopped"; return McpTransportErrorKind.Cancelled;
                    case SocketException s when s.SocketErrorCode == SocketError.OperationAborted:
                        // No stop asked for it, so a timer did: SSH.NET's own connect timeout
                        // (ConnectionInfo.Timeout, the same length as ours) can abort the socket a few
                        // milliseconds before our deadline fires — a timeout, not an unreachable node.
                        what = "timed out"; return McpTransportErrorKind.Timeout;
                    case SocketException s when s.SocketErrorCode == SocketError.TimedOut:
                        what = "no answer (TCP timeout)"; return McpTransportErrorKind.Timeout;
                    case SocketException _:
                        what = "unreachable"; return McpTransportErrorKind.Unreachable;
                    case SshConnectionException c when c.DisconnectReason == DisconnectReason.KeyExchangeFailed:
                        // reachable, but nothing in common (the KexAlgorithms setting, or an old server)
                        what = "no key exchange algorithm in common with the node"; return McpTransportErrorKind.Failed;
                    case SshConnectionException _:
                        what = "the connection failed or was closed"; return McpTransportErrorKind.Unreachable;
                    case IOException _:
                        what = "the connection was lost"; return McpTransportErrorKind.Unreachable;
                }
            }
            what = "the SSH layer failed";
            return McpTransportErrorKind.Failed;
        }

        /// The key type a host key algorithm verifies with (rsa-sha2-* → ssh-rsa).
        internal static string KeyTypeOfAlgorithm(string algorithm)
        {
            switch (algorithm)
            {
                case "rsa-sha2-512":
                case "rsa-sha2-256":
                    return "ssh-rsa";
                default:
                    return algorithm;
            }
        }

    }
}
