using System;

namespace McpModule.Execution
{
    /// Why a node gave no result. Each kind has its own ErrorId in the cmdlets.
    public enum McpTransportErrorKind
    {
        /// The name or address was refused before any connection (see NodeName).
        InvalidTarget,
        /// No connection: refused, no route, name not found, or the connection was lost.
        Unreachable,
        /// The server refused every credential offered.
        Authentication,
        /// The host key is not in known_hosts and accepting new keys was not asked for.
        HostKeyUnknown,
        /// known_hosts lists other keys for the host (or this key as @revoked).
        HostKeyChanged,
        /// Connecting or the command took longer than allowed.
        Timeout,
        /// The run was stopped (Ctrl+C).
        Cancelled,
        /// The command ran and exited non-zero (an error only when asked for).
        NonZeroExit,
        /// Anything else the SSH layer reported.
        Failed,
        /// The jump host (bastion) the node is reached through could not be used: unreachable,
        /// refused the credentials, or presented a wrong host key.
        JumpHost
    }

    /// Why a node failed: a kind and a message that names the node and never holds a secret.
    public sealed class McpTransportError
    {
        public McpTransportError(McpTransportErrorKind kind, string message)
        {
            KindValue = kind; Message = message;
        }

        /// Unreachable, Authentication, Timeout...: an McpTransportErrorKind by name, so that it exports as one.
        public string Kind => KindValue.ToString();
        internal McpTransportErrorKind KindValue { get; }
        public string Message { get; }
        public override string ToString() => Kind + ": " + Message;
    }

    /// A command's outcome on one node.
    public sealed class McpCommandResult
    {
        public McpCommandResult(string node, string address, int? exitCode, string stdOut, string stdErr, TimeSpan duration, McpTransportError error)
        {
            Node = node; Address = address; ExitCode = exitCode; StdOut = stdOut; StdErr = stdErr; Elapsed = duration; Error = error;
        }

        public string Node { get; }
        public string Address { get; }
        /// The exit code; null when the command did not run to an exit (see Error).
        public int? ExitCode { get; }
        public string StdOut { get; }
        public string StdErr { get; }
        /// TimeSpan text ("00:00:00.4031234"; [timespan] reads it back).
        public string Duration => McpModule.States.Durations.Text(Elapsed);
        public double DurationSeconds => McpModule.States.Durations.Seconds(Elapsed);
        internal TimeSpan Elapsed { get; }
        /// null when the command ran (whatever its exit code).
        public McpTransportError Error { get; }
        public bool Succeeded => Error == null && ExitCode == 0;

        public override string ToString() => Node;
    }

    /// A node's public host key as its server presented it.
    public sealed class McpHostKey
    {
        public McpHostKey(string node, string address, int port, string keyType, byte[] key, HostKeyStatus status, string knownHostsFile)
        {
            Node = node; Address = address; Port = port; KeyType = keyType; Key = key;
            Fingerprint = HostKeyFingerprint.Sha256(key); Status = status.ToString(); KnownHostsFile = knownHostsFile;
        }

        public string Node { get; }
        public string Address { get; }
        public int Port { get; }
        public string KeyType { get; }
        /// SHA256:... as ssh-keygen -l prints it.
        public string Fingerprint { get; }
        /// What the known_hosts file says about this key: a HostKeyStatus by name.
        public string Status { get; }
        public string KnownHostsFile { get; }
        public byte[] Key { get; }
        /// The line known_hosts would hold for this key.
        public string KnownHostsLine => KnownHosts.HostField(Address, Port) + " " + KeyType + " " + Convert.ToBase64String(Key);
        public override string ToString() => Node + " " + Fingerprint;
    }
}
