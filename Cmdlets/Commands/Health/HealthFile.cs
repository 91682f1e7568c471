using System;
using System.IO;
using System.Management.Automation;
using McpModule.FileSystem;

namespace McpModule.Cmdlets
{
    /// The files the health cmdlets write (an export, a report): whole or not at all, so a scrape or
    /// a browser never reads half of one; a failure ends the command naming the file.
    internal static class HealthFile
    {
        internal static void Write(PSCmdlet cmdlet, string path, string text)
        {
            try { AtomicFile.WriteAllText(path, text); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                cmdlet.ThrowTerminatingError(HealthErrorRecords.ExportFailed(e, path));
            }
        }
    }
}
