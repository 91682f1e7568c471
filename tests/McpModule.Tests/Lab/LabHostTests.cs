using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using McpModule.Lab;
using Xunit;

namespace McpModule.Tests.Lab
{
    public sealed class LabHostTests
    {
        [DllImport("libc", SetLastError = true, BestFitMapping = false)] private static extern int open(string path, int flags);
        [DllImport("libc")] private static extern int close(int fd);

        [Fact]
        public void A_detached_process_keeps_its_pid_and_inherits_no_descriptor_of_the_caller()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;   // /proc and setsid: Linux only
            var dir = Path.Combine(Path.GetTempPath(), "mcp-labhost-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var held = Path.Combine(dir, "held.lock");
            File.WriteAllText(held, "");
            // as flock(1) leaves the lock to its command: a descriptor without close-on-exec
            var fd = open(held, 0);
            Assert.True(fd > 2, "open failed: " + Marshal.GetLastWin32Error());
            var pid = 0;
            try
            {
                pid = LabHost.StartDetached(Path.Combine(dir, "log"), "sleep", "30");
                string[] cmdline = null;
                for (var i = 0; i < 100 && (cmdline == null || cmdline[0] != "sleep"); i++)
                {
                    Thread.Sleep(20);
                    cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
                }
                Assert.Equal("sleep", cmdline[0]);
                var targets = Directory.GetFiles($"/proc/{pid}/fd").Select(f => new FileInfo(f).LinkTarget).ToList();
                Assert.DoesNotContain(held, targets);
                Assert.Equal(3, targets.Count);   // stdin /dev/null, stdout and stderr the log
            }
            finally
            {
                _ = close(fd);
                if (pid > 0) LabHost.Signal(pid, LabHost.SIGKILL);
                Directory.Delete(dir, true);
            }
        }
    }
}
