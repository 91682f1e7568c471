using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpModule.States;
using McpModule.States.Journal;
using Xunit;

namespace McpModule.Tests.States
{
    public sealed class RunJournalTests : IDisposable
    {
        private readonly string _repo;

        public RunJournalTests()
        {
            _repo = Path.Combine(Path.GetTempPath(), "mcp-journal-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_repo);
        }

        public void Dispose() => Directory.Delete(_repo, recursive: true);

        private string RunsDir => Path.Combine(_repo, ".mcp", "runs");

        [Fact]
        public void A_run_is_written_to_mcp_runs_under_the_repository_named_after_its_id()
        {
            var path = RunJournal.Write(RunSamples.Full(), _repo);
            Assert.Equal(Path.Combine(RunsDir, "20261125T181500Z-0a1b2c.json"), path);
            Assert.True(File.Exists(path));
        }

        [Fact]
        public void A_run_says_who_made_it_from_where_and_with_which_cmdlet_and_a_journal_without_those_still_reads()
        {
            var path = RunJournal.Write(RunSamples.Full(), _repo);
            var read = RunJournal.Read(path);
            Assert.Equal(("alice", "ops-jump01", "Add-McpCephOsd"), (read.User, read.Host, read.Command));
            // journals written before host and command were recorded
            var old = RunJournal.Write(RunSamples.Simple("20261125T180000Z-aaaaaa", DateTimeOffset.UnixEpoch), _repo);
            Assert.DoesNotContain("\"host\"", File.ReadAllText(old), StringComparison.Ordinal);
            var again = RunJournal.Read(old);
            Assert.Null(again.Host);
            Assert.Null(again.Command);
        }

        [Fact]
        public void The_run_ids_of_a_journal_come_newest_first_from_the_file_names_alone()
        {
            var t = new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);
            RunJournal.Write(RunSamples.Simple("20261125T180000Z-aaaaaa", t), _repo);
            RunJournal.Write(RunSamples.Simple("20261125T200000Z-bbbbbb", t.AddHours(2)), _repo);
            RunJournal.Write(RunSamples.Simple("20261125T190000Z-cccccc", t.AddHours(1)), _repo);
            File.WriteAllText(Path.Combine(RunsDir, "20261126T000000Z-dddddd.json"), "not json");    // named as a run: listed unread
            File.WriteAllText(Path.Combine(RunsDir, ".20261127T000000Z-eeeeee.json.1.tmp"), "{}");  // an atomic write's temp file
            File.WriteAllText(Path.Combine(RunsDir, "notes.txt"), "");

            Assert.Equal(new[] { "20261126T000000Z-dddddd", "20261125T200000Z-bbbbbb", "20261125T190000Z-cccccc", "20261125T180000Z-aaaaaa" },
                         RunJournal.ListRunIds(_repo));
        }

        [Fact]
        public void A_repository_without_a_journal_has_no_run_ids_and_a_journal_folder_of_its_own_is_read_instead()
        {
            Assert.Empty(RunJournal.ListRunIds(_repo));
            var elsewhere = Path.Combine(_repo, "journal");
            Directory.CreateDirectory(elsewhere);
            RunJournal.Write(RunSamples.Simple("20261125T180000Z-aaaaaa", DateTimeOffset.UnixEpoch), _repo, null, elsewhere);
            Assert.Equal(new[] { "20261125T180000Z-aaaaaa" }, RunJournal.ListRunIds(_repo, elsewhere));
        }

        [Fact]
        public void Every_field_of_the_run_its_nodes_and_results_reads_back_as_written()
        {
            var run = RunSamples.Full();
            var back = RunJournal.Read(RunJournal.Write(run, _repo));

            Assert.Equal(run.RunId, back.RunId);
            Assert.Equal(run.Started, back.Started);
            Assert.Equal(run.Started.UtcTicks, back.Started.UtcTicks);
            Assert.Equal(run.Finished.UtcTicks, back.Finished.UtcTicks);
            Assert.Equal(run.Duration, back.Duration);
            Assert.Equal(run.User, back.User);
            Assert.Equal(run.ModelPath, back.ModelPath);
            Assert.Equal(run.ModelCommit, back.ModelCommit);
            Assert.Equal(run.Targets, back.Targets);
            Assert.Equal(run.States, back.States);
            Assert.Equal(run.LabOverrides, back.LabOverrides);
            Assert.Equal(run.WhatIf, back.WhatIf);
            Assert.Equal(run.Status, back.Status);
            Assert.Equal(run.Nodes.Count, back.Nodes.Count);
            for (int n = 0; n < run.Nodes.Count; n++)
            {
                var (a, b) = (run.Nodes[n], back.Nodes[n]);
                Assert.Equal(a.Node, b.Node);
                Assert.Equal(a.Status, b.Status);
                Assert.Equal(a.Error, b.Error);
                Assert.Equal(a.Log, b.Log);
                Assert.Equal(a.Results.Count, b.Results.Count);
                for (int r = 0; r < a.Results.Count; r++)
                {
                    var (x, y) = (a.Results[r], b.Results[r]);
                    Assert.Equal(x.Node, y.Node);
                    Assert.Equal(x.StateId, y.StateId);
                    Assert.Equal(x.Resource, y.Resource);
                    Assert.Equal(x.Result, y.Result);
                    Assert.Equal(x.Changes, y.Changes);
                    Assert.Equal(x.Comment, y.Comment);
                    Assert.Equal(x.Duration, y.Duration);
                }
            }
        }

        [Fact]
        public void Times_are_ISO_8601_UTC_and_durations_milliseconds_in_the_file()
        {
            var path = RunJournal.Write(RunSamples.Full(), _repo);
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            Assert.Equal("2026-11-25T18:15:00.1234567Z", root.GetProperty("started").GetString());
            Assert.Equal(120000.0042m, root.GetProperty("durationMs").GetDecimal());
            var result = root.GetProperty("nodes")[0].GetProperty("results")[0];
            Assert.Equal(1234.5678m, result.GetProperty("durationMs").GetDecimal());
            Assert.Equal("Unchanged", result.GetProperty("result").GetString());
            Assert.Equal(JsonValueKind.Null, result.GetProperty("changes").ValueKind);
            Assert.Equal(1, root.GetProperty("version").GetInt32());
        }

        [Fact]
        public void Writing_leaves_no_temp_file_and_a_rewrite_replaces_the_run()
        {
            var run = RunSamples.Full();
            RunJournal.Write(run, _repo);
            var finished = new McpRun(run.RunId, run.Started, run.Finished, run.User, run.ModelPath, run.ModelCommit, run.Targets,
                                      run.States, run.WhatIf, McpRunStatus.Succeeded, run.Nodes);
            RunJournal.Write(finished, _repo);

            Assert.Equal(new[] { run.RunId + ".json" }, Directory.GetFiles(RunsDir).Select(Path.GetFileName).ToArray());
            Assert.Equal(McpRunStatus.Succeeded, RunJournal.Read(Path.Combine(RunsDir, run.RunId + ".json")).StatusValue);
        }

        [Fact]
        public void A_run_id_that_is_not_a_safe_file_name_is_refused_and_nothing_is_written()
        {
            foreach (var id in new[] { "../escape", "a/b", "", ".hidden", "-dash", "a b" })
            {
                var run = RunSamples.Simple(id, DateTimeOffset.UtcNow);
                var e = Assert.Throws<ArgumentException>(() => RunJournal.Write(run, _repo));
                Assert.Contains("cannot name a journal file", e.Message);
            }
            Assert.False(Directory.Exists(Path.Combine(_repo, ".mcp")));
            Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_repo), "escape.json")));
        }

        [Fact]
        public void A_missing_repository_is_not_created_by_writing_a_run()
        {
            var missing = Path.Combine(_repo, "typo");
            var e = Assert.Throws<DirectoryNotFoundException>(() => RunJournal.Write(RunSamples.Full(), missing));
            Assert.Contains(missing, e.Message);
            Assert.False(Directory.Exists(missing));
        }

        [Fact]
        public void Run_ids_sort_by_time_as_text_and_are_unique()
        {
            var t = new DateTimeOffset(2026, 11, 25, 18, 15, 0, TimeSpan.Zero);
            var id = RunJournal.NewRunId(t);
            Assert.Matches(new Regex("^20261125T181500Z-[0-9a-f]{6}$"), id);
            var ids = Enumerable.Range(0, 50).Select(i => RunJournal.NewRunId(t.AddSeconds(i * 37))).ToList();
            Assert.Equal(ids, ids.OrderBy(x => x, StringComparer.Ordinal).ToList());
            Assert.Equal(200, Enumerable.Range(0, 200).Select(_ => RunJournal.NewRunId(t)).Distinct().Count());
            Assert.True(RunJournal.IsValidRunId(RunJournal.NewRunId()));
            // a trailing newline is no part of a valid id (`$` would let it through; the validators end in \z)
            Assert.False(RunJournal.IsValidRunId(RunJournal.NewRunId() + "\n"));
            // A local time is written as UTC: 20:15 at +02:00 is 18:15Z.
            Assert.StartsWith("20261125T181500Z-", RunJournal.NewRunId(t.ToOffset(TimeSpan.FromHours(2))));
        }

        [Fact]
        public void Runs_are_listed_newest_first()
        {
            var t = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            RunJournal.Write(RunSamples.Simple("b-middle", t.AddHours(1)), _repo);
            RunJournal.Write(RunSamples.Simple("c-oldest", t), _repo);
            RunJournal.Write(RunSamples.Simple("a-newest", t.AddHours(2)), _repo);

            var listing = RunJournal.List(_repo);
            Assert.Equal(new[] { "a-newest", "b-middle", "c-oldest" }, listing.Runs.Select(r => r.RunId).ToArray());
            Assert.Empty(listing.Problems);
        }

        [Fact]
        public void A_repository_without_a_journal_has_no_runs()
        {
            var listing = RunJournal.List(_repo);
            Assert.Empty(listing.Runs);
            Assert.Empty(listing.Problems);
        }

        [Fact]
        public void A_corrupt_file_is_skipped_with_a_problem_naming_it_and_the_other_runs_are_listed()
        {
            RunJournal.Write(RunSamples.Full(), _repo);
            var truncated = Path.Combine(RunsDir, "20261126T000000Z-ffffff.json");
            File.WriteAllText(truncated, "{ \"version\": 1, \"runId\": \"x\", \"nod");
            var wrongEnum = Path.Combine(RunsDir, "20261126T000001Z-eeeeee.json");
            File.WriteAllText(wrongEnum, File.ReadAllText(RunJournal.Write(RunSamples.Simple("tmp", DateTimeOffset.UtcNow), _repo)).Replace("\"Succeeded\"", "\"Sucseeded\""));
            File.Delete(Path.Combine(RunsDir, "tmp.json"));
            File.WriteAllText(Path.Combine(RunsDir, ".left-over.json.1234abcd.tmp"), "{");

            var listing = RunJournal.List(_repo);

            Assert.Equal(new[] { "20261125T181500Z-0a1b2c" }, listing.Runs.Select(r => r.RunId).ToArray());
            Assert.Equal(2, listing.Problems.Count);
            var json = listing.Problems.Single(p => p.Path == truncated);
            Assert.Contains("not valid JSON at line 1", json.Message);
            Assert.Contains(truncated, json.Message);
            var status = listing.Problems.Single(p => p.Path == wrongEnum);
            Assert.Contains("'status' of the run is 'Sucseeded'; it is one of Succeeded, Failed, Interrupted", status.Message);
        }

        [Fact]
        public async System.Threading.Tasks.Task A_FIFO_or_an_empty_file_in_the_journal_is_skipped_unopened_and_the_other_runs_are_listed()
        {
            if (!OperatingSystem.IsLinux()) return;
            RunJournal.Write(RunSamples.Full(), _repo);
            var fifo = Path.Combine(RunsDir, "20261126T000000Z-ffffff.json");
            McpModule.Tests.Model.Posix.MakeFifo(fifo);
            var empty = Path.Combine(RunsDir, "20261126T000001Z-eeeeee.json");
            File.WriteAllText(empty, "");

            var listing = System.Threading.Tasks.Task.Run(() => RunJournal.List(_repo));
            Assert.True(listing == await System.Threading.Tasks.Task.WhenAny(listing, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(10))), "listing the journal blocked on the FIFO");
            var result = await listing;

            Assert.Equal(new[] { "20261125T181500Z-0a1b2c" }, result.Runs.Select(r => r.RunId).ToArray());
            Assert.Empty(result.Problems);
            Assert.Equal(new[] { fifo, empty }, result.Skipped.Select(s => s.Path).ToArray());
            Assert.Contains("empty or not a regular file (a FIFO, socket or device)", result.Skipped[0].Message);
            var read = Assert.Throws<RunJournalException>(() => RunJournal.Read(fifo));
            Assert.Contains("not a regular file", read.Message);
        }

        [Fact]
        public void A_journal_file_larger_than_the_bound_is_a_problem_naming_it_and_is_not_read()
        {
            Directory.CreateDirectory(RunsDir);
            var huge = Path.Combine(RunsDir, "20261126T000000Z-ffffff.json");
            using (var f = File.Create(huge)) f.SetLength(RunJournal.MaxFileBytes + 1);   // sparse: nothing is written
            var problem = Assert.Single(RunJournal.List(_repo).Problems);
            Assert.Equal(huge, problem.Path);
            Assert.Contains("it holds 268,435,457 bytes; a file here may hold at most 256 MiB", problem.Message);
        }

        [Theory]
        [InlineData("[]", "the file is not a JSON object")]
        [InlineData("{\"version\": 2}", "format version 2")]
        [InlineData("{\"version\": 1, \"nodes\": []}", "the run has no 'runId'")]
        [InlineData("{\"version\": 1, \"runId\": \"r\", \"started\": \"yesterday\", \"nodes\": []}", "'started' of the run is 'yesterday', not an ISO 8601 time")]
        [InlineData("{\"version\": 1, \"runId\": \"r\", \"nodes\": [{\"node\": \"n\", \"status\": \"Failed\", \"results\": [{\"node\": \"n\", \"result\": \"Changed\", \"durationMs\": \"fast\"}]}]}",
                    "'durationMs' of a result of node 'n' is not a duration in milliseconds")]
        [InlineData("{\"version\": 1, \"runId\": \"r\", \"nodes\": [{\"node\": \"n\", \"status\": \"1\", \"results\": []}]}",
                    "'status' of node 'n' is '1'")]
        public void A_file_that_is_not_a_run_is_refused_by_name_with_what_is_wrong(string json, string expected)
        {
            Directory.CreateDirectory(RunsDir);
            var path = Path.Combine(RunsDir, "bad.json");
            File.WriteAllText(path, json);
            var e = Assert.Throws<RunJournalException>(() => RunJournal.Read(path));
            Assert.Equal(path, e.Path);
            Assert.Contains(expected, e.Message);
        }

        [Fact]
        public void A_missing_file_is_a_journal_error_naming_it()
        {
            var path = Path.Combine(_repo, "nope.json");
            var e = Assert.Throws<RunJournalException>(() => RunJournal.Read(path));
            Assert.Equal(path, e.Path);
        }

        [Fact]
        public void Secrets_in_logs_errors_comments_and_changes_are_masked_before_they_are_written()
        {
            var node = new McpNodeRun("db01", McpRunStatus.Failed, new[]
            {
                new McpStateResult("db01", "mysql_conf", "file:/etc/mysql/my.cnf", McpResourceResult.Failed,
                                   "-password = old-pw\n+password = S3cr3t!", "mysql -uroot -pS3cr3t! failed", TimeSpan.Zero),
            }, error: "auth failed with token=abc123", log: "connecting with S3cr3t!\nMYSQL_PASSWORD=S3cr3t!\n");
            var run = RunSamples.Simple("masked", DateTimeOffset.UtcNow, McpRunStatus.Failed, node);

            var path = RunJournal.Write(run, _repo, new SecretMasker(new[] { "S3cr3t!" }));
            var text = File.ReadAllText(path);

            Assert.DoesNotContain("S3cr3t!", text);
            Assert.DoesNotContain("old-pw", text);
            Assert.DoesNotContain("abc123", text);
            var back = RunJournal.Read(path).Nodes[0];
            Assert.Equal("connecting with ********\nMYSQL_PASSWORD=********\n", back.Log);
            Assert.Equal("auth failed with token=********", back.Error);
            Assert.Equal("-password = ********\n+password = ********", back.Results[0].Changes);
            Assert.Equal("mysql -uroot -p******** failed", back.Results[0].Comment);
        }

        [Fact]
        public void A_journal_folder_of_its_own_takes_the_run_and_lists_it_and_the_repository_stays_clean()
        {
            var elsewhere = Path.Combine(_repo, "..", Path.GetFileName(_repo) + "-journal");
            try
            {
                var path = RunJournal.Write(RunSamples.Full(), _repo, null, elsewhere);
                Assert.Equal(Path.Combine(elsewhere, RunSamples.Full().RunId + ".json"), path);
                Assert.False(Directory.Exists(RunsDir));
                Assert.Equal(RunSamples.Full().RunId, Assert.Single(RunJournal.List(_repo, elsewhere).Runs).RunId);
                Assert.Empty(RunJournal.List(_repo).Runs);
            }
            finally { Directory.Delete(elsewhere, true); }
        }

        [Fact]
        public void A_journal_folder_in_the_repository_that_links_out_of_it_is_refused()
        {
            var outside = Path.Combine(Path.GetTempPath(), "mcp-journal-out-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(outside);
            try
            {
                File.CreateSymbolicLink(Path.Combine(_repo, ".mcp"), outside);
                Assert.Throws<McpModule.FileSystem.PathOutsideRootException>(() => RunJournal.Write(RunSamples.Full(), _repo));
                Assert.Empty(Directory.GetFileSystemEntries(outside));
            }
            finally { Directory.Delete(outside, true); }
        }

        private static McpRun ShardPart(string runId, string shard, DateTimeOffset started) =>
            new McpRun(runId, started, started.AddSeconds(3), "ci", "/srv/model", null, new[] { "a", "b" }, new[] { "ntp" }, false,
                       McpRunStatus.Succeeded, Array.Empty<McpNodeRun>(), shard: McpShard.Parse(shard));

        [Fact]
        public void A_shard_part_is_written_to_a_file_of_its_own_under_the_run_id_and_reads_back_with_its_shard()
        {
            var t = new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);
            var two = RunJournal.Write(ShardPart("4711", "2/8", t), _repo);
            var three = RunJournal.Write(ShardPart("4711", "3/8", t), _repo);
            Assert.Equal(Path.Combine(RunsDir, "4711", "shard-2-of-8.json"), two);
            Assert.Equal(Path.Combine(RunsDir, "4711", "shard-3-of-8.json"), three);
            Assert.Contains("\"shard\": \"2/8\"", File.ReadAllText(two));
            Assert.Equal("2/8", RunJournal.Read(two).Shard.ToString());
            Assert.Null(RunJournal.Read(RunJournal.Write(RunSamples.Full(), _repo)).Shard);
        }

        [Fact]
        public void The_listing_holds_each_part_of_a_sharded_run_and_the_run_id_once()
        {
            var t = new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);
            RunJournal.Write(ShardPart("4711", "2/2", t), _repo);
            RunJournal.Write(ShardPart("4711", "1/2", t), _repo);
            RunJournal.Write(RunSamples.Full(), _repo);
            var listing = RunJournal.List(_repo);
            Assert.Empty(listing.Problems);
            Assert.Equal(new[] { "1/2", "2/2" }, listing.Runs.Where(r => r.RunId == "4711").Select(r => r.Shard.ToString()));
            Assert.Equal(3, listing.Runs.Count);
            Assert.Equal(new[] { "4711", "20261125T181500Z-0a1b2c" }, RunJournal.ListRunIds(_repo));
        }

        [Fact]
        public void A_part_file_with_a_shard_that_does_not_exist_is_a_problem_named_by_its_file()
        {
            var path = RunJournal.Write(ShardPart("4711", "2/8", DateTimeOffset.UtcNow), _repo);
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"2/8\"", "\"9/8\""));
            var e = Assert.Throws<RunJournalException>(() => RunJournal.Read(path));
            Assert.Contains("'shard' of the run: '9/8' is not a shard", e.Message);
            Assert.Equal(path, e.Path);
        }

        [Fact]
        public void Part_files_are_found_in_a_folder_and_its_subfolders_and_nothing_else_is()
        {
            var root = Path.Combine(_repo, "download");
            foreach (var k in new[] { 1, 2 })
            {
                var dir = Directory.CreateDirectory(Path.Combine(root, "mcp-run-shard-" + k)).FullName;
                File.WriteAllText(Path.Combine(dir, $"shard-{k}-of-2.json"), "{}");
                File.WriteAllText(Path.Combine(dir, "report.json"), "{}");
            }
            File.WriteAllText(Path.Combine(root, "shard-x-of-2.json"), "{}");
            Assert.Equal(new[] { Path.Combine(root, "mcp-run-shard-1", "shard-1-of-2.json"), Path.Combine(root, "mcp-run-shard-2", "shard-2-of-2.json") },
                         RunJournal.FindPartFiles(root));
        }
    }
}
