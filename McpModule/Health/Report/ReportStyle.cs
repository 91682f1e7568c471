#nullable enable
using System.Text;

namespace McpModule.Health.Report
{
    /// The page's one style sheet, inline (the page fetches nothing): a dark Grafana-like theme, a
    /// compact table whose header row and node column stay in view while 300 nodes scroll, and one
    /// class per status with its colour (StatusColours).
    internal static class ReportStyle
    {
        private const string Layout = @"
:root { color-scheme: dark; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.35 system-ui, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif; background: #111217; color: #ccccdc; }
header { padding: 12px 16px 10px; background: #181b1f; border-bottom: 1px solid #2c3038; }
h1 { margin: 0 0 4px; font-size: 18px; font-weight: 600; color: #ffffff; }
h2 { display: inline-block; min-width: 72px; margin: 0 8px 0 0; font-size: 13px; font-weight: 600; color: #9fa7b3; }
.meta { margin: 0 0 8px; color: #9fa7b3; }
.meta span { margin-right: 18px; }
.meta b { font-weight: normal; color: #ccccdc; }
.counts { border-collapse: collapse; margin: 0 0 8px; }
.counts th, .counts td { padding: 1px 10px 1px 0; text-align: right; font-variant-numeric: tabular-nums; }
.counts th { text-align: left; font-weight: normal; color: #9fa7b3; }
.counts thead th { text-align: right; }
.counts td.zero { color: #4c525c; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 0; padding: 0; list-style: none; color: #9fa7b3; }
.legend li { display: flex; align-items: center; gap: 5px; }
.sw { display: inline-block; width: 14px; height: 14px; border-radius: 2px; }
.hint { margin: 6px 0 0; color: #6e7580; font-size: 12px; }
.strip { padding: 7px 16px; border-bottom: 1px solid #2c3038; }
.badges { display: inline-flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; list-style: none; vertical-align: middle; }
.badge { padding: 2px 8px; border-radius: 3px; font-weight: 600; cursor: pointer; }
.wrap { padding: 8px 16px 24px; }
.heatmap { border-collapse: separate; border-spacing: 2px; }
.heatmap thead th { position: sticky; top: 0; z-index: 2; padding: 4px 3px 8px; vertical-align: bottom; font-weight: 600; background: #181b1f; }
.heatmap thead th.svc { cursor: pointer; }
.heatmap thead th.svc span { display: inline-block; max-height: 150px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; writing-mode: vertical-rl; transform: rotate(180deg); }
.heatmap thead th.corner { left: 0; z-index: 3; text-align: left; color: #9fa7b3; font-weight: normal; }
.heatmap tbody th { position: sticky; left: 0; z-index: 1; max-width: 260px; padding: 0 10px 0 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; text-align: left; font-weight: normal; background: #111217; }
.heatmap td { min-width: 24px; height: 17px; padding: 0 4px; border-radius: 2px; cursor: pointer; }
.heatmap td.ns { min-width: 64px; font-size: 11px; font-weight: 600; text-align: center; }
.heatmap tr.cw th { font-style: italic; color: #9fa7b3; }
.blank { background: " + StatusColours.Blank + @"; }
.pinned { outline: 2px solid #ffffff; outline-offset: 1px; }
#details { position: fixed; right: 16px; bottom: 16px; z-index: 10; width: min(620px, calc(100vw - 32px)); max-height: 60vh; overflow: auto; padding: 10px 12px; background: #22252b; border: 1px solid #3d434d; border-radius: 4px; box-shadow: 0 4px 18px rgba(0, 0, 0, 0.55); }
#details[hidden] { display: none; }
#details h3 { margin: 0 28px 6px 0; font-size: 14px; color: #ffffff; }
#details .alarm { display: flex; align-items: center; gap: 6px; margin-top: 6px; font-weight: 600; }
#details .reason { padding-left: 20px; font: 12px/1.4 ui-monospace, 'DejaVu Sans Mono', monospace; white-space: pre-wrap; word-break: break-word; }
#close { position: absolute; top: 4px; right: 8px; border: 0; background: none; color: #ccccdc; font-size: 20px; cursor: pointer; }
";

        internal static string Text()
        {
            var css = new StringBuilder(Layout);
            foreach (var status in StatusColours.LegendOrder)
                css.Append('.').Append(StatusColours.CssClass(status)).Append(" { background: ").Append(StatusColours.Colour(status))
                    .Append("; color: ").Append(StatusColours.TextColour(status)).Append("; }\n");
            // a service's header keeps the names readable: its status is a bar under the name
            foreach (var status in StatusColours.LegendOrder)
                css.Append(".heatmap thead th.svc.").Append(StatusColours.CssClass(status)).Append(" { color: #ccccdc; box-shadow: inset 0 -4px 0 ")
                    .Append(StatusColours.Colour(status)).Append("; }\n");
            return css.ToString();
        }
    }
}
