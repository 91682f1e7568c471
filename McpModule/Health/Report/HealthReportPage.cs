#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace McpModule.Health.Report
{
    /// One self-contained HTML page of health statuses (Export-McpHealthReport): a header (title,
    /// model, time, counts per status, legend), strips of the cluster and service statuses, and a
    /// heatmap of nodes by services. Its style and script are inline and its Content-Security-Policy
    /// allows those two by hash and nothing else, so the page loads nothing (no font, no image, no
    /// script from anywhere) even if a model's text tried. Every text of the model is escaped.
    internal static class HealthReportPage
    {
        internal const string DefaultTitle = "MCP health";

        internal static string Render(IEnumerable<McpHealthStatus> statuses, string? title = null)
        {
            var map = HealthHeatmap.From(statuses);
            var heading = string.IsNullOrWhiteSpace(title) ? DefaultTitle : title!;
            var css = ReportStyle.Text();
            var script = ReportScript.Text;
            var html = new StringBuilder(4096 + map.Rows.Count * map.Columns.Count * 200);
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-").Append(Sha256(css))
                .Append("'; script-src 'sha256-").Append(Sha256(script)).Append("'; base-uri 'none'; form-action 'none'\">\n");
            html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            html.Append("<title>").Append(Html.Escape(heading)).Append("</title>\n");
            html.Append("<style>").Append(css).Append("</style>\n</head>\n<body>\n");
            Header(html, map, heading);
            Strip(html, "Clusters", map.Clusters, "clusters");
            Strip(html, "Services", map.Services, "services");
            Table(html, map);
            html.Append("<aside id=\"details\" hidden aria-live=\"polite\"><button id=\"close\" type=\"button\" aria-label=\"Close\">×</button>")
                .Append("<h3 id=\"details-title\"></h3><div id=\"details-body\"></div></aside>\n");
            html.Append("<script>").Append(script).Append("</script>\n</body>\n</html>\n");
            return html.ToString();
        }

        private static void Header(StringBuilder html, HealthHeatmap map, string heading)
        {
            html.Append("<header>\n<h1>").Append(Html.Escape(heading)).Append("</h1>\n<p class=\"meta\">");
            html.Append("<span>Model <b id=\"model\">").Append(Html.Escape(map.ModelPath.Length > 0 ? map.ModelPath : "(not given)")).Append("</b></span>");
            html.Append("<span>Evaluated <b id=\"evaluated\">")
                .Append(map.Timestamp.HasValue ? map.Timestamp.Value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "(not given)")
                .Append("</b></span>");
            html.Append("<span>").Append(map.Rows.Count(r => r.Node.Length > 0)).Append(" node(s), ").Append(map.Columns.Count)
                .Append(map.ColumnsAreAlarms ? " alarm(s)" : " service column(s)").Append("</span></p>\n");

            html.Append("<table class=\"counts\" id=\"counts\"><thead><tr><th></th>");
            foreach (var status in StatusColours.LegendOrder)
                html.Append("<th><span class=\"sw ").Append(StatusColours.CssClass(status)).Append("\" data-status=\"").Append(status).Append("\"></span> ").Append(status).Append("</th>");
            html.Append("</tr></thead><tbody>\n");
            foreach (var (level, label) in new[] { (McpHealthLevel.Cluster, "Clusters"), (McpHealthLevel.Service, "Services"), (McpHealthLevel.Node, "Nodes") })
            {
                var counts = map.Count(level);
                html.Append("<tr data-level=\"").Append(level).Append("\"><th>").Append(label).Append("</th>");
                foreach (var status in StatusColours.LegendOrder)
                    html.Append(counts[status] == 0 ? "<td class=\"zero\"" : "<td").Append(" data-status=\"").Append(status).Append("\">").Append(counts[status]).Append("</td>");
                html.Append("</tr>\n");
            }
            html.Append("</tbody></table>\n");

            html.Append("<ul class=\"legend\" id=\"legend\">");
            foreach (var status in StatusColours.LegendOrder)
                html.Append("<li><span class=\"sw ").Append(StatusColours.CssClass(status)).Append("\" data-status=\"").Append(status).Append("\"></span>")
                    .Append(status).Append(" (").Append(HealthStatuses.Label(status)).Append(")</li>");
            html.Append("<li><span class=\"sw blank\" data-status=\"None\"></span>none of the service's alarms on the node</li></ul>\n");
            html.Append("<p class=\"hint\">A cell is the worst of the service's alarms on the node. Hover over a cell, a node or a service for its alarms and reasons; click to pin them.</p>\n");
            html.Append("</header>\n");
        }

        private static void Strip(StringBuilder html, string label, IReadOnlyList<McpHealthStatus> statuses, string id)
        {
            if (statuses.Count == 0) return;
            html.Append("<section class=\"strip\" id=\"").Append(id).Append("\"><h2>").Append(label).Append("</h2><ul class=\"badges\">");
            foreach (var s in statuses)
            {
                html.Append("<li class=\"badge ").Append(StatusColours.CssClass(s.Status)).Append("\" tabindex=\"0\"");
                Status(html, s.Status.ToString(), StatusText.OfStatus(s, s.Entity));
                html.Append(" data-entity=\"").Append(Html.Escape(s.Entity)).Append("\">").Append(Html.Escape(s.Entity)).Append("</li>");
            }
            html.Append("</ul></section>\n");
        }

        private static void Table(StringBuilder html, HealthHeatmap map)
        {
            html.Append("<div class=\"wrap\"><table class=\"heatmap\" id=\"heatmap\">\n<thead><tr><th class=\"corner\" scope=\"col\">node</th><th class=\"corner-ns\" scope=\"col\">status</th>");
            foreach (var column in map.Columns)
            {
                html.Append("<th scope=\"col\" class=\"svc");
                if (column.Service != null)
                {
                    html.Append(' ').Append(StatusColours.CssClass(column.Service.Status)).Append('"');
                    Status(html, column.Service.Status.ToString(), StatusText.OfStatus(column.Service, column.Name));
                }
                else
                {
                    html.Append("\" title=\"").Append(Html.Escape(column.Name + (map.ColumnsAreAlarms ? " (alarm)" : ": alarms that no service given holds"))).Append('"');
                }
                html.Append(" data-column=\"").Append(Html.Escape(column.Name)).Append("\"><span>").Append(Html.Escape(column.Name)).Append("</span></th>");
            }
            html.Append("</tr></thead>\n<tbody>\n");
            foreach (var row in map.Rows)
            {
                var name = StatusText.NodeName(row.Node);
                html.Append(row.Node.Length == 0 ? "<tr class=\"cw\"" : "<tr").Append(" data-node=\"").Append(Html.Escape(row.Node)).Append("\"><th scope=\"row\" title=\"")
                    .Append(Html.Escape(name)).Append("\">").Append(Html.Escape(name)).Append("</th>");
                if (row.Status == null) html.Append("<td class=\"ns blank\"");
                else html.Append("<td class=\"ns ").Append(StatusColours.CssClass(row.Status.Value)).Append("\" tabindex=\"0\"");
                Status(html, row.Status?.ToString() ?? "None", StatusText.OfRow(row));
                html.Append('>').Append(row.Status?.ToString() ?? "").Append("</td>");
                foreach (var cell in row.Cells)
                {
                    if (cell.Status == null) html.Append("<td class=\"cell blank\"");
                    else
                    {
                        html.Append("<td class=\"cell ").Append(StatusColours.CssClass(cell.Status.Value)).Append('"');
                        // only what needs looking at is on the keyboard's way: 300 nodes of okay cells are not
                        if (cell.Status != McpHealthState.Okay) html.Append(" tabindex=\"0\"");
                    }
                    Status(html, cell.Status?.ToString() ?? "None", StatusText.OfCell(cell));
                    html.Append(" data-column=\"").Append(Html.Escape(cell.Column.Name)).Append("\"></td>");
                }
                html.Append("</tr>\n");
            }
            html.Append("</tbody></table></div>\n");
        }

        private static void Status(StringBuilder html, string status, string title) =>
            html.Append(" data-status=\"").Append(status).Append("\" title=\"").Append(Html.Escape(title)).Append('"');

        private static string Sha256(string text)
        {
            using (var sha = SHA256.Create())
                return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
        }
    }
}
