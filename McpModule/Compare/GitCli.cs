#nullable enable
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace McpModule.Compare
{
    /// The git command line, read-only: the commands run here (rev-parse, ls-tree, cat-file) never
    /// write to a repository, its index or its working tree, and take no optional locks.
    internal static class GitCli
    {
        internal sealed class Result
        {
            public int ExitCode { get; set; }
            public string StdOut { get; set; } = "";
            public string StdErr { get; set; } = "";
        }

        /// Runs git in directory with args (no shell; each argument quoted) and reads it to the end.
        public static Result Run(string directory, IReadOnlyList<string> args, CancellationToken cancellation)
        {
            using (var process = Start(directory, args))
            using (cancellation.Register(() => Kill(process)))
            {
                process.StandardInput.Close();
                var err = process.StandardError.ReadToEndAsync();
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                cancellation.ThrowIfCancellationRequested();
                return new Result { ExitCode = process.ExitCode, StdOut = output, StdErr = err.Result };
            }
        }

        /// `git cat-file --batch` over objects: each object's content given to each, in order.
        /// Throws ModelCompareException when git stops early or an object is missing.
        public static void ReadObjects(string directory, IReadOnlyList<string> objects, Action<string, byte[]> each, CancellationToken cancellation)
        {
            using (var process = Start(directory, new[] { "cat-file", "--batch" }))
            using (cancellation.Register(() => Kill(process)))
            {
                var err = process.StandardError.ReadToEndAsync();
                // Written from another thread: git answers while it reads, and a full pipe either way would stall both.
                var writer = Task.Run(() =>
                {
                    try
                    {
                        var input = process.StandardInput;
                        foreach (var id in objects) input.Write(id + "\n");
                        input.Close();
                    }
                    catch (IOException) { }   // git ended early; its stderr says why
                }, CancellationToken.None);
                var stream = new BufferedStream(process.StandardOutput.BaseStream, 1 << 16);
                foreach (var id in objects)
                {
                    var header = ReadLine(stream);
                    cancellation.ThrowIfCancellationRequested();
                    if (header == null) throw new ModelCompareException("Mcp.Compare.GitFailed", "Reference", $"git cat-file stopped before '{id}': {err.Result.Trim()}");
                    var parts = header.Split(' ');
                    if (parts.Length < 3 || !long.TryParse(parts[2], out var size))
                        throw new ModelCompareException("Mcp.Compare.GitFailed", "Reference", $"git cat-file cannot read '{id}': {header}");
                    var content = new byte[size];
                    var read = 0;
                    while (read < size)
                    {
                        var n = stream.Read(content, read, (int)Math.Min(size - read, int.MaxValue));
                        if (n <= 0) throw new ModelCompareException("Mcp.Compare.GitFailed", "Reference", $"git cat-file stopped inside '{id}'.");
                        read += n;
                    }
                    stream.ReadByte();   // the newline after each object
                    each(id, content);
                }
                writer.Wait(CancellationToken.None);   // the kill on cancellation ends it
                process.WaitForExit();
            }
        }

        private static string? ReadLine(Stream stream)
        {
            var bytes = new List<byte>(64);
            int b;
            while ((b = stream.ReadByte()) >= 0 && b != '\n') bytes.Add((byte)b);
            return b < 0 && bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
        }

        private static Process Start(string directory, IReadOnlyList<string> args)
        {
            var all = new List<string> { "-C", directory, "-c", "core.quotePath=false" };
            all.AddRange(args);
            var start = new ProcessStartInfo("git", McpModule.Lab.LabHost.Quote(all))
            {
                UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
                CreateNoWindow = true,
            };
            start.Environment["LC_ALL"] = "C";
            start.Environment["GIT_OPTIONAL_LOCKS"] = "0";       // no index refresh: reading changes nothing
            start.Environment["GIT_TERMINAL_PROMPT"] = "0";
            start.Environment["GIT_LITERAL_PATHSPECS"] = "1";    // a model folder named 'a*' is that folder
            try { return Process.Start(start) ?? throw new InvalidOperationException("git did not start."); }
            catch (Win32Exception e)
            {
                throw new ModelCompareException("Mcp.Compare.GitNotFound", "Reference",
                    $"Comparing with a revision needs the git command line, which is not on PATH: {e.Message}", e);
            }
        }

        private static void Kill(Process process)
        {
            try { if (!process.HasExited) process.Kill(); }
            catch (InvalidOperationException) { }
            catch (Win32Exception) { }
        }
    }
}
