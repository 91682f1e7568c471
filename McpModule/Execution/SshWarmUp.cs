using System.Reflection;
using System.Text.RegularExpressions;
using Renci.SshNet;

namespace McpModule.Execution
{
    /// SSH.NET's regexes for a private key file and a server's version line are compiled
    /// (Reflection.Emit in their class initializers, the JIT at their first match) the first time
    /// a key is read and a connection made: ~30 ms of a new process's pipeline thread, then a
    /// wait on every connection thread. Started when an SSH cmdlet begins, while it resolves its
    /// targets: each regex matched once against a line of the kind it reads.
    internal static class SshWarmUp
    {
        public static void Start() => WarmUp.Start("ssh", () =>
        {
            Match(typeof(PrivateKeyFile), "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
            // internal to SSH.NET; a version without it has nothing to warm here
            Match(typeof(SshClient).Assembly.GetType("Renci.SshNet.Connection.ProtocolVersionExchange", false), "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3");
        });

        private static void Match(System.Type type, string sample)
        {
            if (type == null) return;
            foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
                if (field.FieldType == typeof(Regex) && field.GetValue(null) is Regex regex) regex.IsMatch(sample);
        }
    }
}
