#nullable enable
using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using McpModule.Health;
using McpModule.Health.Report;
using Xunit;
using static McpModule.Tests.Health.Report.ReportStatuses;

namespace McpModule.Tests.Health.Report
{
    public class HealthReportPageTests
    {
        private const string Hostile = "<script>alert('x')</script>&\"<img src=\"https://evil.example/x.png\">";

        // The start tag of the cell of a node and column (attributes in the order the page writes them).
        private static string CellTag(string page, string node, string column)
        {
            var row = Regex.Match(page, "<tr[^>]*data-node=\"" + Regex.Escape(node) + "\">(.*?)</tr>", RegexOptions.Singleline);
            Assert.True(row.Success, "no row of " + node);
            var cell = Regex.Match(row.Groups[1].Value, "<td class=\"cell[^>]*data-column=\"" + Regex.Escape(column) + "\">");
            Assert.True(cell.Success, "no cell of " + node + " / " + column);
            return cell.Value;
        }

        [Fact]
        public void A_cell_carries_its_status_as_a_class_and_a_data_attribute_and_its_reasons_in_the_title()
        {
            var page = HealthReportPage.Render(Evaluated(Chrony("ctl02.lab.local", 0)));
            var down = CellTag(page, "ctl02.lab.local", "ntp");
            Assert.Contains("class=\"cell s-down\"", down, StringComparison.Ordinal);
            Assert.Contains("data-status=\"Down\"", down, StringComparison.Ordinal);
            Assert.Contains("ctl02.lab.local · ntp: Down&#10;ntp_service: Down&#10;  ctl02.lab.local: ntp_service_down last(systemd_unit_active{unit=chrony.service}) = 0 &lt; 1 (down) — chronyd is not running.",
                down, StringComparison.Ordinal);
            Assert.Contains("class=\"cell s-okay\"", CellTag(page, "ctl01.lab.local", "ntp"), StringComparison.Ordinal);
            // the service's own status is its header's
            Assert.Matches("<th scope=\"col\" class=\"svc s-warn\" data-status=\"Warn\" title=\"ntp \\(Service, [a-z_]+\\): Warn&#10;  ctl02", page);
        }

        [Fact]
        public void A_node_without_the_services_alarms_has_a_blank_cell()
        {
            var page = HealthReportPage.Render(new[]
            {
                Service("ceph-osd", McpHealthState.Okay, Alarm("osd1", "ceph_osd_down", McpHealthState.Okay)),
                Service("ntp", McpHealthState.Okay, Alarm("osd1", "ntp_down", McpHealthState.Okay), Alarm("ctl1", "ntp_down", McpHealthState.Okay)),
            });
            var blank = CellTag(page, "ctl1", "ceph-osd");
            Assert.Contains("class=\"cell blank\"", blank, StringComparison.Ordinal);
            Assert.Contains("data-status=\"None\"", blank, StringComparison.Ordinal);
        }

        [Fact]
        public void Every_text_of_the_model_is_escaped_names_messages_and_the_title()
        {
            var alarm = Alarm(Hostile, Hostile, McpHealthState.Critical, Reason(Hostile, Hostile, McpHealthState.Critical, Hostile));
            var service = Service(Hostile, McpHealthState.Critical, alarm);
            var cluster = new McpHealthStatus { Level = McpHealthLevel.Cluster, Entity = Hostile, Status = McpHealthState.Critical, Members = { service }, ModelPath = Hostile };
            var page = HealthReportPage.Render(new[] { cluster }, Hostile);
            Assert.DoesNotContain("<img", page, StringComparison.Ordinal);
            Assert.DoesNotContain("alert('x')", page, StringComparison.Ordinal);
            Assert.DoesNotContain("\"https://", page, StringComparison.Ordinal);
            // the page's own script and nothing else
            Assert.Equal(1, Regex.Count(page, "<script"));
            Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;&lt;img src=&quot;https://evil.example/x.png&quot;&gt;", page, StringComparison.Ordinal);
            Assert.Contains("<title>&lt;script&gt;", page, StringComparison.Ordinal);
        }

        [Fact]
        public void The_page_names_no_address_and_allows_only_its_own_style_and_script()
        {
            var page = HealthReportPage.Render(Evaluated(Chrony("ctl02.lab.local", 0)));
            foreach (var fetching in new[] { "http:", "https:", "//", "src=", "href=", "url(", "@import", "<link", "<img", "<iframe", "<object", "<embed" })
            {
                var at = page.IndexOf(fetching, StringComparison.OrdinalIgnoreCase);
                Assert.True(at < 0, fetching + " at " + at + ": " + (at < 0 ? "" : page.Substring(Math.Max(0, at - 60), 120)));
            }
            var csp = Regex.Match(page, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").Groups[1].Value;
            Assert.StartsWith("default-src 'none'; ", csp, StringComparison.Ordinal);
            var style = Regex.Match(page, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
            var script = Regex.Match(page, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
            Assert.Contains("style-src 'sha256-" + Sha256(style) + "'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'sha256-" + Sha256(script) + "'", csp, StringComparison.Ordinal);
            // handlers in attributes would not run under that policy: the script adds its own
            Assert.DoesNotMatch(" on[a-z]+=", page);
        }

        [Fact]
        public void The_header_lists_the_clusters_the_counts_per_status_and_the_legend()
        {
            var statuses = Evaluated(Chrony("ctl02.lab.local", 0));
            statuses.Add(new McpHealthStatus { Level = McpHealthLevel.Cluster, Entity = "control-plane", Status = McpHealthState.Warn, Policy = "highest_severity", Members = { statuses.First(s => s.Entity == "ntp") } });
            var page = HealthReportPage.Render(statuses, "Lab health");
            Assert.Contains("<h1>Lab health</h1>", page, StringComparison.Ordinal);
            Assert.Contains("<b id=\"model\">/models/lab</b>", page, StringComparison.Ordinal);
            Assert.Contains("<b id=\"evaluated\">2026-12-03 12:00:00 UTC</b>", page, StringComparison.Ordinal);
            var clusters = Regex.Match(page, "<section class=\"strip\" id=\"clusters\">.*?</section>", RegexOptions.Singleline).Value;
            Assert.Contains("class=\"badge s-warn\" tabindex=\"0\" data-status=\"Warn\" title=\"control-plane (Cluster, highest_severity): Warn", clusters, StringComparison.Ordinal);
            var nodes = Regex.Match(page, "<tr data-level=\"Node\">.*?</tr>").Value;
            Assert.Contains("<td data-status=\"Okay\">2</td>", nodes, StringComparison.Ordinal);
            Assert.Contains("<td data-status=\"Down\">1</td>", nodes, StringComparison.Ordinal);
            Assert.Contains("<td class=\"zero\" data-status=\"Warn\">0</td>", nodes, StringComparison.Ordinal);
            foreach (var status in new[] { "okay", "warn", "unkw", "crit", "down" })
                Assert.Contains("<li><span class=\"sw s-" + status + "\"", page, StringComparison.Ordinal);
            foreach (var status in Enum.GetValues<McpHealthState>())
                Assert.Contains("." + StatusColours.CssClass(status) + " { background: " + StatusColours.Colour(status) + ";", page, StringComparison.Ordinal);
        }

        [Fact]
        public void Each_status_has_a_colour_of_its_own()
        {
            var colours = StatusColours.LegendOrder.Select(StatusColours.Colour).Append(StatusColours.Blank).ToList();
            Assert.Equal(colours.Count, colours.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.Equal(Enum.GetValues<McpHealthState>().Length, StatusColours.LegendOrder.Count);
        }

        [Fact]
        public void A_status_with_very_many_reasons_shows_the_first_and_how_many_more()
        {
            var reasons = Enumerable.Range(0, 500).Select(i => Reason("n" + i, "ntp_down", McpHealthState.Down)).ToArray();
            var service = Service("ntp", McpHealthState.Down, Alarm("n1", "ntp_down", McpHealthState.Down));
            service.Reasons.AddRange(reasons);
            var page = HealthReportPage.Render(new[] { service });
            Assert.Contains("… and 442 more line(s)", page, StringComparison.Ordinal);
            Assert.DoesNotContain("n499: ", page, StringComparison.Ordinal);
        }

        [Fact]
        public void Three_hundred_nodes_make_one_row_each()
        {
            var alarms = Enumerable.Range(1, 300).Select(i => Alarm("cmp" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture), "ntp_down", i == 150 ? McpHealthState.Down : McpHealthState.Okay)).ToArray();
            var page = HealthReportPage.Render(new[] { Service("ntp", McpHealthState.Warn, alarms) });
            Assert.Equal(300, Regex.Count(page, "<tr data-node=\"cmp\\d{3}\">"));
            Assert.Contains("class=\"cell s-down\"", CellTag(page, "cmp150", "ntp"), StringComparison.Ordinal);
        }

        private static string Sha256(string text)
        {
            return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        }
    }
}
