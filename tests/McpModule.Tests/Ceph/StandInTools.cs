#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace McpModule.Tests.Ceph
{
    /// Stand-ins for the Ceph tools a node command calls (ceph, ceph-volume, ceph-bluestore-tool:
    /// they need a cluster and disks; the lab suite runs the real ones), first on PATH, so that the
    /// command itself runs on a real /bin/sh with the real python3. Linux only.
    internal sealed class StandInTools : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "mcp-ceph-tools-" + Guid.NewGuid().ToString("N"));

        internal StandInTools() => Directory.CreateDirectory(_dir);

        /// A tool named name whose body is a shell script.
        internal void Add(string name, string body)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
            if (OperatingSystem.IsLinux()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        /// The command on /bin/sh with the stand-ins first on PATH: exit code, stdout, stderr.
        internal (int Code, string Out, string Err) Run(string command, IReadOnlyDictionary<string, string>? environment = null)
        {
            var psi = new ProcessStartInfo("/bin/sh", new[] { "-c", command }) { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.Environment["PATH"] = _dir + ":/usr/bin:/bin";
            if (environment != null) foreach (var kv in environment) psi.Environment[kv.Key] = kv.Value;
            using var p = Process.Start(psi)!;
            var errors = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output, errors.Result);
        }

        public void Dispose() => Directory.Delete(_dir, true);
    }
}
