using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace McpModule.Tests.Model
{
    /// What the hostile-input tests need from Linux: FIFOs, symbolic links, and a folder that
    /// even root cannot read.
    internal static class Posix
    {
        [DllImport("libc", SetLastError = true, BestFitMapping = false)] private static extern int mkfifo(string path, uint mode);
        [DllImport("libc")] private static extern uint geteuid();

        [StructLayout(LayoutKind.Sequential)] private struct CapHeader { public uint Version; public int Pid; }
        [StructLayout(LayoutKind.Sequential)] private struct CapData { public uint Effective, Permitted, Inheritable; }
        [DllImport("libc", SetLastError = true)] private static extern int capget(ref CapHeader header, [In, Out] CapData[] data);
        [DllImport("libc", SetLastError = true)] private static extern int capset(ref CapHeader header, CapData[] data);

        public static void MakeFifo(string path)
        {
            if (mkfifo(path, Convert.ToUInt32("644", 8)) != 0)
                throw new IOException($"mkfifo '{path}' failed: errno {Marshal.GetLastWin32Error()}");
        }

        /// Runs the action on a thread of its own that lacks CAP_DAC_OVERRIDE and
        /// CAP_DAC_READ_SEARCH, so a folder with mode 000 cannot be listed even when the tests
        /// run as root (capabilities belong to a thread; the other threads keep theirs).
        public static T WithoutFileOverrides<T>(Func<T> action)
        {
            T result = default;
            Exception failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    if (geteuid() == 0)
                    {
                        var header = new CapHeader { Version = 0x20080522, Pid = 0 };   // _LINUX_CAPABILITY_VERSION_3
                        var data = new CapData[2];
                        if (capget(ref header, data) != 0) throw new IOException($"capget failed: errno {Marshal.GetLastWin32Error()}");
                        data[0].Effective &= ~((1u << 1) | (1u << 2));   // CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
                        if (capset(ref header, data) != 0) throw new IOException($"capset failed: errno {Marshal.GetLastWin32Error()}");
                    }
                    result = action();
                }
                catch (Exception e) { failure = e; }
            }, 16 * 1024 * 1024);
            thread.Start();
            thread.Join();
            if (failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            return result;
        }
    }
}
