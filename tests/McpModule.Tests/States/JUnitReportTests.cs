using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using McpModule.States;
using McpModule.States.Journal;
using Xunit;

namespace McpModule.Tests.States
{
    public sealed class JUnitReportTests
    {
        private static XElement Parse(McpRun run) => XDocument.Parse(JUnitReport.ToXml(run)).Root;
        private static int Attr(XElement e, string name) => int.Parse(e.Attribute(name).Value, System.Globalization.CultureInfo.InvariantCulture);

        [Fact]
        public void The_report_has_one_testsuite_per_node_and_one_testcase_per_resource_result()
        {
            var root = Parse(RunSamples.Full());
            Assert.Equal("testsuites", root.Name.LocalName);
            var suites = root.Elements("testsuite").ToList();
            Assert.Equal(new[] { "ctl01.lab.local", "cmp001.lab.local", "kvm01.lab.local" }, suites.Select(s => s.Attribute("name").Value));

            var ctl = suites[0].Elements("testcase").ToList();
            Assert.Equal(4, ctl.Count);
            Assert.All(ctl, c => Assert.Equal("ctl01.lab.local", c.Attribute("classname").Value));
            Assert.Equal("nginx_pkg pkg:nginx", ctl[0].Attribute("name").Value);
            Assert.Equal("nginx_conf file:/etc/nginx/nginx.conf", ctl[1].Attribute("name").Value);
            Assert.Equal("1.235", ctl[0].Attribute("time").Value);
        }

        [Fact]
        public void Counts_on_suites_and_on_the_run_match_the_test_cases()
        {
            var root = Parse(RunSamples.Full());
            var ctl = root.Elements("testsuite").First();
            Assert.Equal((4, 1, 1, 0), (Attr(ctl, "tests"), Attr(ctl, "failures"), Attr(ctl, "skipped"), Attr(ctl, "errors")));
            // ctl: 4 results; cmp: the node's own failing case; kvm: 1 result + the interruption.
            Assert.Equal((7, 3, 1), (Attr(root, "tests"), Attr(root, "failures"), Attr(root, "skipped")));
            Assert.Equal(7, root.Descendants("testcase").Count());
            Assert.Equal(3, root.Descendants("failure").Count());
            Assert.Equal("120.000", root.Attribute("time").Value);
            Assert.Equal("2026-11-25T18:15:00", ctl.Attribute("timestamp").Value);
        }

        [Fact]
        public void A_failed_resource_is_a_failure_with_its_comment_and_changes_and_a_skipped_one_is_skipped_with_the_reason()
        {
            var cases = Parse(RunSamples.Full()).Elements("testsuite").First().Elements("testcase").ToList();
            var failure = cases[2].Element("failure");
            Assert.Equal("systemctl start nginx: exit 1", failure.Attribute("message").Value);
            Assert.Equal("Failed", failure.Attribute("type").Value);
            Assert.Contains("systemctl start nginx: exit 1", failure.Value);
            Assert.Contains("dead -> running", failure.Value);
            Assert.Equal("requisite nginx_service failed", cases[3].Element("skipped").Attribute("message").Value);
            Assert.Null(cases[0].Element("failure"));
            Assert.Null(cases[0].Element("skipped"));
            Assert.Contains("+worker_processes 4;", cases[1].Element("system-out").Value);
            Assert.Contains("\"quoted\" & <tagged> ünïcode ✓", cases[1].Element("system-out").Value);
        }

        [Fact]
        public void A_node_that_failed_as_a_whole_is_one_failing_test_case_with_its_error()
        {
            var cmp = Parse(RunSamples.Full()).Elements("testsuite").Single(s => s.Attribute("name").Value == "cmp001.lab.local");
            var only = Assert.Single(cmp.Elements("testcase"));
            Assert.Equal("cmp001.lab.local", only.Attribute("classname").Value);
            Assert.Equal(JUnitReport.NodeCaseName, only.Attribute("name").Value);
            Assert.Equal("unreachable: connection refused (10.11.0.101:22)", only.Element("failure").Attribute("message").Value);
        }

        [Fact]
        public void An_interrupted_node_shows_how_far_it_got()
        {
            var kvm = Parse(RunSamples.Full()).Elements("testsuite").Single(s => s.Attribute("name").Value == "kvm01.lab.local");
            var cases = kvm.Elements("testcase").ToList();
            Assert.Equal(2, cases.Count);
            Assert.Null(cases[0].Element("failure"));
            var failure = cases[1].Element("failure");
            Assert.Equal("Interrupted", failure.Attribute("type").Value);
            Assert.Equal("Interrupted after 1 result(s): the run was stopped (Ctrl+C)", failure.Attribute("message").Value);
            Assert.Contains("Last result: ntp_pkg pkg:ntp (Changed)", failure.Value);
            Assert.Contains(kvm.Element("properties").Elements("property"),
                            p => p.Attribute("name").Value == "nodeStatus" && p.Attribute("value").Value == "Interrupted");
            Assert.Equal("apt-get install ntp\n", kvm.Element("system-out").Value);
        }

        [Fact]
        public void A_run_that_failed_without_a_failing_node_is_not_reported_green()
        {
            var t = DateTimeOffset.UtcNow;
            var ok = new McpNodeRun("n1", McpRunStatus.Succeeded, new[] { new McpStateResult("n1", "s", "pkg:x", McpResourceResult.Unchanged) });
            var root = Parse(RunSamples.Simple("r1", t, McpRunStatus.Interrupted, ok));
            Assert.Equal(1, Attr(root, "failures"));
            var run = root.Elements("testsuite").Single(s => s.Attribute("name").Value == JUnitReport.RunCaseName);
            Assert.Equal("Interrupted", run.Element("testcase").Element("failure").Attribute("type").Value);

            var green = Parse(RunSamples.Simple("r2", t, McpRunStatus.Succeeded, ok));
            Assert.Equal(0, Attr(green, "failures"));
            Assert.Single(green.Elements("testsuite"));
        }

        [Fact]
        public void An_empty_error_or_comment_counts_as_none()
        {
            var node = new McpNodeRun("n1", McpRunStatus.Failed, new[]
            {
                new McpStateResult("n1", "s1", "pkg:x", McpResourceResult.Failed, "", ""),
                new McpStateResult("n1", "s2", "pkg:y", McpResourceResult.Skipped, null, ""),
            }, error: "", log: "");
            var suite = Parse(RunSamples.Simple("r", DateTimeOffset.UtcNow, McpRunStatus.Failed, node)).Element("testsuite");
            Assert.Equal(2, suite.Elements("testcase").Count());
            Assert.Equal("failed", suite.Element("testcase").Element("failure").Attribute("message").Value);
            Assert.Equal("skipped", suite.Elements("testcase").Last().Element("skipped").Attribute("message").Value);
            Assert.Null(suite.Element("system-out"));
        }

        [Fact]
        public void Control_characters_in_logs_do_not_make_the_XML_unreadable()
        {
            var node = new McpNodeRun("n1", McpRunStatus.Succeeded,
                new[] { new McpStateResult("n1", "s", "cmd:x", McpResourceResult.Changed, "\u001b[31mred\u001b[0m\0", "ok") },
                log: "bell\u0007 and a lone \ud800 surrogate, emoji 🙂");
            var root = Parse(RunSamples.Simple("r", DateTimeOffset.UtcNow, McpRunStatus.Succeeded, node));
            Assert.Contains("\\x1B[31mred\\x1B[0m\\x00", root.Descendants("testcase").Single().Element("system-out").Value);
            Assert.Equal("bell\\x07 and a lone \uFFFD surrogate, emoji 🙂", root.Element("testsuite").Element("system-out").Value);
        }

        [Fact]
        public void The_run_and_what_if_are_named_on_the_root_and_in_properties()
        {
            var root = Parse(RunSamples.Full());
            Assert.Equal("McpRun 20261125T181500Z-0a1b2c (WhatIf)", root.Attribute("name").Value);
            var props = root.Element("testsuite").Element("properties").Elements("property")
                            .ToDictionary(p => p.Attribute("name").Value, p => p.Attribute("value").Value);
            Assert.Equal("20261125T181500Z-0a1b2c", props["runId"]);
            Assert.Equal("true", props["whatIf"]);
            Assert.Equal("Interrupted", props["runStatus"]);
            Assert.Equal("0123456789abcdef0123456789abcdef01234567", props["modelCommit"]);
        }

        [Fact]
        public void Writing_a_report_replaces_the_file_atomically_and_a_missing_folder_writes_nothing()
        {
            var dir = Path.Combine(Path.GetTempPath(), "mcp-junit-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var path = Path.Combine(dir, "report.xml");
                File.WriteAllText(path, "old");
                JUnitReport.Write(RunSamples.Full(), path);
                Assert.Equal("testsuites", XDocument.Load(path).Root.Name.LocalName);
                Assert.Equal(new[] { "report.xml" }, Directory.GetFiles(dir).Select(Path.GetFileName));

                var missing = Path.Combine(dir, "nope", "report.xml");
                var e = Assert.Throws<DirectoryNotFoundException>(() => JUnitReport.Write(RunSamples.Full(), missing));
                Assert.Contains(missing, e.Message);
                Assert.False(Directory.Exists(Path.Combine(dir, "nope")));
            }
            finally { Directory.Delete(dir, true); }
        }
    }
}
