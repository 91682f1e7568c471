using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace McpModule.Execution.Agent
{
    /// A client of the ssh-agent on a Unix socket (SSH_AUTH_SOCK): lists its keys and has it
    /// sign. Each request opens its own connection, so parallel node connections never share
    /// a stream and an agent restarted during a run is simply reached again.
    ///
    /// The engine targets netstandard2.0, which has no UnixDomainSocketEndPoint: the runtime's
    /// own type is found by reflection. PowerShell 7 (.NET 8+) has it on Linux, macOS and
    /// Windows 10+; Windows PowerShell 5.1 (.NET Framework) has none, and Windows' OpenSSH
    /// agent listens on a named pipe (\\.\pipe\openssh-ssh-agent), which this client does not
    /// speak: both are SshAgentProblem.Unavailable.
    internal sealed class SshAgentClient
    {
        public const string SocketVariable = "SSH_AUTH_SOCK";
        private static readonly Type EndPointType =
            typeof(Socket).Assembly.GetType("System.Net.Sockets.UnixDomainSocketEndPoint", throwOnError: false);
        private readonly TimeSpan _timeout;

        public SshAgentClient(string socketPath, TimeSpan? timeout = null)
        {
            if (string.IsNullOrEmpty(socketPath)) throw new ArgumentNullException(nameof(socketPath));
            SocketPath = socketPath;
            _timeout = timeout ?? TimeSpan.FromSeconds(30);   // a key added with ssh-add -c waits for a person
        }

        public string SocketPath { get; }

        /// The agent of SSH_AUTH_SOCK; SshAgentException (Unavailable) when it is not set or
        /// this runtime has no Unix sockets.
        public static SshAgentClient FromEnvironment()
        {
            var path = Environment.GetEnvironmentVariable(SocketVariable);
            if (string.IsNullOrEmpty(path))
                throw new SshAgentException(SshAgentProblem.Unavailable,
                    "SSH_AUTH_SOCK is not set: no ssh-agent to ask for keys (start one with `eval $(ssh-agent)` and add keys with ssh-add)" +
                    (IsWindows ? "; Windows' OpenSSH agent (named pipe) is not supported, give -KeyFile instead" : ""));
            if (EndPointType == null)
                throw new SshAgentException(SshAgentProblem.Unavailable,
                    "this PowerShell's .NET has no Unix sockets, which the ssh-agent needs: use PowerShell 7, or give -KeyFile");
            return new SshAgentClient(path);
        }

        /// The keys the agent holds (maybe none).
        public IReadOnlyList<SshAgentIdentity> ListIdentities()
        {
            var answer = Exchange(SshAgentProtocol.EncodeRequestIdentities());
            try { return SshAgentProtocol.DecodeIdentitiesAnswer(answer); }
            catch (SshAgentRefusedException) { throw new SshAgentRefusedException($"the ssh-agent at {SocketPath} refused to list its keys (is it locked? ssh-add -X unlocks it)"); }
            catch (FormatException e) { throw new SshAgentException(SshAgentProblem.Protocol, $"the ssh-agent at {SocketPath} sent a list of keys that does not parse: {e.Message}", e); }
        }

        /// The agent's signature of data with one of its keys, as the SSH signature encoding;
        /// algorithm is the signature algorithm asked for (rsa-sha2-512 for an RSA key, else
        /// the key type). A signature of another algorithm than asked for is refused.
        public byte[] Sign(SshAgentIdentity key, string algorithm, byte[] data)
        {
            var answer = Exchange(SshAgentProtocol.EncodeSignRequest(key.PublicKey, data, SshAgentProtocol.FlagsFor(algorithm)));
            byte[] signature;
            try { signature = SshAgentProtocol.DecodeSignResponse(answer); }
            catch (SshAgentRefusedException)
            {
                throw new SshAgentRefusedException($"the ssh-agent at {SocketPath} refused to sign with {key} " +
                                                   "(a key added with ssh-add -c that was not confirmed, a locked agent, or a key removed during the run)");
            }
            catch (FormatException e) { throw new SshAgentException(SshAgentProblem.Protocol, $"the ssh-agent at {SocketPath} sent a signature that does not parse: {e.Message}", e); }
            string got;
            try { got = SshAgentProtocol.SignatureAlgorithm(signature); }
            catch (FormatException e) { throw new SshAgentException(SshAgentProblem.Protocol, $"the ssh-agent at {SocketPath} sent a malformed signature: {e.Message}", e); }
            if (!string.Equals(got, algorithm, StringComparison.Ordinal))
                throw new SshAgentException(SshAgentProblem.Protocol, $"the ssh-agent at {SocketPath} signed with {got} when {algorithm} was asked for");
            return signature;
        }

        /// Sends one framed request and returns the answer (type byte first).
        public byte[] Exchange(byte[] request)
        {
            using (var socket = Connect())
            using (var stream = new NetworkStream(socket, ownsSocket: false))
            {
                try
                {
                    stream.Write(request, 0, request.Length);
                    var answer = SshAgentProtocol.ReadMessage(stream);
                    if (answer == null) throw new SshAgentException(SshAgentProblem.Protocol, $"the ssh-agent at {SocketPath} closed the connection without an answer");
                    return answer;
                }
                catch (IOException e)
                {
                    throw new SshAgentException(SshAgentProblem.Unreachable, $"the ssh-agent at {SocketPath} did not answer: {e.Message}", e);
                }
                catch (FormatException e)
                {
                    throw new SshAgentException(SshAgentProblem.Protocol, $"the ssh-agent at {SocketPath}: {e.Message}", e);
                }
            }
        }

        private Socket Connect()
        {
            if (EndPointType == null)
                throw new SshAgentException(SshAgentProblem.Unavailable, "this PowerShell's .NET has no Unix sockets, which the ssh-agent needs: use PowerShell 7");
            var endPoint = (EndPoint)Activator.CreateInstance(EndPointType, SocketPath);
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.ReceiveTimeout = socket.SendTimeout = (int)_timeout.TotalMilliseconds;
                socket.Connect(endPoint);
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new SshAgentException(SshAgentProblem.Unreachable,
                    $"no ssh-agent answers at {SocketPath} (SSH_AUTH_SOCK): {e.Message}", e);
            }
        }

        private static bool IsWindows => Path.DirectorySeparatorChar == '\\';
    }
}
