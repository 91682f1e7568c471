using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace McpModule.Tests.Execution
{
    /// A real OpenSSH ssh-agent (openssh-client) on a socket in a temporary folder, with keys
    /// made by ssh-keygen and added by ssh-add. Dispose ends the agent this created and
    /// removes the folder.
    public sealed class RealSshAgent : IDisposable
    {
        private readonly Process _agent;

        public RealSshAgent()
        {
            Folder = Path.Combine(Path.GetTempPath(), "mcp-agent-test-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(Folder);
            SocketPath = Path.Combine(Folder, "agent.sock");
            var start = new ProcessStartInfo("ssh-agent") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-D");            // foreground: this process is the agent, ended by Dispose
            start.ArgumentList.Add("-a");
            start.ArgumentList.Add(SocketPath);
            start.Environment["SSH_ASKPASS"] = "/bin/false";   // ssh-add -c keys can never be confirmed
            start.Environment["SSH_ASKPASS_REQUIRE"] = "force";
            _agent = Process.Start(start);
            // the socket file exists once bound, a moment before the agent listens: wait until it answers
            for (var i = 0; i < 200 && !Answers(); i++) Thread.Sleep(25);
            if (!Answers()) throw new InvalidOperationException("ssh-agent does not answer on its socket: " + _agent.StandardError.ReadToEnd());
        }

        private bool Answers()
        {
            if (!File.Exists(SocketPath)) return false;
            try
            {
                using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
                    socket.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(SocketPath));
                return true;
            }
            catch (System.Net.Sockets.SocketException) { return false; }
        }

        public string Folder { get; }
        public string SocketPath { get; }

        /// A new unencrypted key of this type (ssh-keygen -t), not yet in the agent.
        public string NewKey(string type, string comment)
        {
            var file = Path.Combine(Folder, "id_" + comment);
            Run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", comment, "-f", file);
            return file;
        }

        /// ssh-add with SSH_AUTH_SOCK set to this agent; its standard output.
        public string Add(params string[] args) => Run("ssh-add", args);

        public string Run(string program, params string[] args)
        {
            var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) start.ArgumentList.Add(a);
            start.Environment["SSH_AUTH_SOCK"] = SocketPath;
            start.Environment["SSH_ASKPASS"] = "/bin/false";
            start.Environment["SSH_ASKPASS_REQUIRE"] = "force";
            using (var p = Process.Start(start))
            {
                var output = p.StandardOutput.ReadToEnd();
                var error = p.StandardError.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0 && !(program == "ssh-add" && args.Length == 1 && args[0] == "-L" && p.ExitCode == 1))
                    throw new InvalidOperationException($"{program} {string.Join(" ", args)} exited {p.ExitCode}: {error}");
                return output;
            }
        }

        public void Dispose()
        {
            try { if (!_agent.HasExited) { _agent.Kill(); _agent.WaitForExit(5000); } } catch (InvalidOperationException) { }
            _agent.Dispose();
            try { Directory.Delete(Folder, true); } catch (IOException) { }
        }
    }
}
