using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using McpModule.States.Formulas;

namespace McpModule.Tests.States
{
    /// Runs a plan's shell texts (cmd.run names, unless, onlyif) under the real /bin/sh with a
    /// PATH where every command the built-in formulas call is a no-op stub — except `touch`,
    /// which is real: a pillar value of `$(touch MARKER)` that reached the shell as code leaves
    /// the marker behind. Nothing here changes this machine (hostname, ceph, locale-gen are stubs).
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    internal sealed class StubShell : IDisposable
    {
        private static readonly string[] Stubbed =
        {
            "ceph", "ceph-mon", "monmaptool", "chown", "chmod", "mv", "install", "mktemp", "rm", "seq", "sleep", "python3",
            "hostname", "locale", "locale-gen", "tr", "sed", "grep", "systemctl", "cat", "sshd", "apt-get",
        };

        private readonly string _bin;

        public StubShell()
        {
            Folder = Path.Combine(Path.GetTempPath(), "mcpinject" + Guid.NewGuid().ToString("N"));
            _bin = Path.Combine(Folder, "bin");
            Directory.CreateDirectory(_bin);
            foreach (var name in Stubbed)
            {
                var path = Path.Combine(_bin, name);
                File.WriteAllText(path, "#!/bin/sh\nexit 0\n");
                Chmod(path);
            }
            var touch = new[] { "/usr/bin/touch", "/bin/touch" }.First(File.Exists);
            File.WriteAllText(Path.Combine(_bin, "touch"), "#!/bin/sh\nexec " + touch + " \"$@\"\n");
            Chmod(Path.Combine(_bin, "touch"));
        }

        /// The folder the marker lives in (no dots or spaces: a value may put it into a node name).
        public string Folder { get; }

        public string Marker => Path.Combine(Folder, "marker");

        /// `$(touch MARKER)`: code that leaves the marker when it runs.
        public string Payload => "$(touch " + Marker + ")";

        public bool MarkerExists => File.Exists(Marker);

        /// Runs every shell text of the plan's cmd.run resources; returns what ran.
        public IReadOnlyList<string> RunAll(NodePlan plan)
        {
            var ran = new List<string>();
            foreach (var r in plan.Resources.Where(r => r.Function == "cmd.run"))
            {
                foreach (var text in new[] { r.Name, Arg(r, "unless"), Arg(r, "onlyif") }.Where(t => t != null))
                {
                    Run(text);
                    ran.Add(r.StateId + ": " + text);
                }
            }
            return ran;
        }

        public void Run(string command)
        {
            var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(command);
            psi.Environment.Clear();
            psi.Environment["PATH"] = _bin;
            using var p = Process.Start(psi);
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            if (!p.WaitForExit(10000)) { p.Kill(); throw new TimeoutException("the shell text did not end in 10 s: " + command); }
        }

        private static string Arg(PlanResource r, string key) => r.Arguments.TryGetValue(key, out var v) ? v as string : null;

        private static void Chmod(string path) =>
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        public void Dispose() { if (Directory.Exists(Folder)) Directory.Delete(Folder, true); }
    }
}
