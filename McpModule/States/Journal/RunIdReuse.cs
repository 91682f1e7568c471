using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace McpModule.States.Journal
{
    /// What a run given a run id of its own (Invoke-McpState -RunId) finds in the journal before
    /// anything runs. The choice: a shard run again under the same id replaces that shard's part
    /// only — what a CI system's "re-run failed jobs" does, which keeps the pipeline's id — and says
    /// so in a warning; a whole run again replaces the whole run's record the same way. What cannot
    /// become one run is refused before any node is touched: a shard under the id of a whole run
    /// (or the reverse), or a part whose shard count, states, targets or -WhatIf differ from the
    /// parts already there.
    internal sealed class RunIdReuse
    {
        private RunIdReuse(string conflict, string replaces) { Conflict = conflict; Replaces = replaces; }

        /// Why the run must not go ahead under this id; null when it may.
        public string Conflict { get; }
        /// What earlier record the run replaces (for a warning); null when none.
        public string Replaces { get; }

        /// journalDirectory: the folder the run writes to (RunJournal.DirectoryOf or the setting).
        public static RunIdReuse Check(string journalDirectory, string runId, McpShard shard, IReadOnlyList<string> states,
                                       IReadOnlyList<string> targets, bool whatIf)
        {
            if (journalDirectory == null) throw new ArgumentNullException(nameof(journalDirectory));
            if (!RunJournal.IsValidRunId(runId)) throw new ArgumentException($"'{runId}' is not a run id.", nameof(runId));
            var whole = Path.Combine(journalDirectory, runId + ".json");
            var parts = RunJournal.PartFiles(journalDirectory, runId);
            if (shard == null)
            {
                if (parts.Count > 0)
                    return new RunIdReuse($"the run id '{runId}' names a sharded run already ({parts.Count} part(s) in {Path.Combine(journalDirectory, runId)}); a run of all the targets needs an id of its own.", null);
                return new RunIdReuse(null, File.Exists(whole) ? $"the run '{runId}' is in the journal already; this run replaces its record ({whole})." : null);
            }
            if (File.Exists(whole))
                return new RunIdReuse($"the run id '{runId}' names a whole (unsharded) run already ({whole}); shard {shard} cannot be a part of it.", null);

            string replaces = null;
            foreach (var file in parts)
            {
                McpRun part;
                try { part = RunJournal.Read(file); }
                catch (RunJournalException)
                {
                    // a broken file of this very shard is what a re-run is for; another one Merge-McpRun names
                    if (Path.GetFileName(file) == shard.PartFileName) replaces = $"shard {shard} of run '{runId}' has a part that cannot be read ({file}); this run replaces it.";
                    continue;
                }
                var at = $"the part of shard {part.Shard?.ToString() ?? "?"} of run '{runId}' ({file})";
                if (part.Shard == null || part.Shard.Count != shard.Count)
                    return new RunIdReuse($"{at} is one of {part.Shard?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} shards; shard {shard} is one of {shard.Count}. Give every shard of a run the same n.", null);
                if (!part.States.SequenceEqual(states ?? Array.Empty<string>(), StringComparer.Ordinal))
                    return new RunIdReuse($"{at} applied the states {Join(part.States)}; this run applies {Join(states)}. The shards of a run apply the same states.", null);
                if (!SameSet(part.Targets, targets))
                    return new RunIdReuse($"{at} targeted {part.Targets.Count} node(s); this run's targets match {targets?.Count ?? 0} node(s), not the same ones. The shards of a run select from the same targets.", null);
                if (part.WhatIf != whatIf)
                    return new RunIdReuse($"{at} was {(part.WhatIf ? "" : "not ")}a -WhatIf run; this one is{(whatIf ? "" : " not")}. The shards of a run are all dry runs or none.", null);
                if (part.Shard.Index == shard.Index)
                    replaces = $"shard {shard} of run '{runId}' is in the journal already (started {part.Started:u}, {part.Status}); this run replaces that part only ({file}).";
            }
            return new RunIdReuse(null, replaces);
        }

        private static string Join(IEnumerable<string> values) => values == null || !values.Any() ? "(none)" : string.Join(", ", values);

        internal static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) =>
            new HashSet<string>(a ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase).SetEquals(b ?? Array.Empty<string>());
    }
}
