#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace McpModule.Compare
{
    /// The branches and tags of the repository a folder is in, for tab completion of -Reference.
    internal static class GitRevisions
    {
        /// Short names, local branches first, then tags and remote branches; none when the folder is
        /// in no repository or git is missing.
        public static IReadOnlyList<string> List(string folder, CancellationToken cancellation = default)
        {
            try
            {
                var result = GitCli.Run(folder, new[] { "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags", "refs/remotes" }, cancellation);
                if (result.ExitCode != 0) return Array.Empty<string>();
                return result.StdOut.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.EndsWith("/HEAD", StringComparison.Ordinal)).ToList();
            }
            catch (ModelCompareException) { return Array.Empty<string>(); }
        }
    }
}
