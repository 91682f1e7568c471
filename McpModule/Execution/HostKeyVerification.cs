using System.Linq;

namespace McpModule.Execution
{
    /// The decision on a host key a server presented, always under the target's own name and
    /// port (also when the connection goes through a jump host's tunnel on 127.0.0.1): trust
    /// it, append it (only when accepting new keys was asked for), or refuse it with an
    /// error that names both fingerprints.
    internal static class HostKeyVerification
    {
        /// Null when the key is trusted (and appended when new and acceptNew), else the refusal.
        public static McpTransportError Verify(SshTarget target, int port, KnownHosts knownHosts, byte[] blob, bool acceptNew, string via = null)
        {
            var check = knownHosts.Check(target.Address, port, blob);
            var presented = HostKeyFingerprint.Sha256(blob);
            var host = SshRun.HostLabel(target.Address, port) + (via == null ? "" : " (through the jump host " + via + ")");
            switch (check.Status)
            {
                case HostKeyStatus.Known:
                    return null;
                case HostKeyStatus.Unknown when acceptNew:
                    knownHosts.Append(target.Address, port, blob);
                    return null;
                case HostKeyStatus.Unknown:
                    return new McpTransportError(McpTransportErrorKind.HostKeyUnknown,
                        $"{target.Name}: the host key of {host} ({HostKeyFingerprint.KeyTypeOf(blob)} {presented}) is not in {knownHosts.Path}; " +
                        "check it (Get-McpHostKey) and accept it with -AcceptNewHostKey");
                case HostKeyStatus.Revoked:
                    return new McpTransportError(McpTransportErrorKind.HostKeyChanged,
                        $"{target.Name}: the host key of {host} ({presented}) is marked @revoked in {knownHosts.Path} (line {check.KnownKeys[0].Line})");
                default:
                    var known = string.Join(", ", check.KnownKeys.Select(k => k.KeyType + " " + k.Fingerprint + " (line " + k.Line + ")"));
                    return new McpTransportError(McpTransportErrorKind.HostKeyChanged,
                        $"{target.Name}: the host key of {host} has CHANGED: the server presented {HostKeyFingerprint.KeyTypeOf(blob)} {presented}, " +
                        $"{knownHosts.Path} holds {known}. The connection was refused; if the change is expected, remove the old key (ssh-keygen -R) and connect again");
            }
        }
    }
}
