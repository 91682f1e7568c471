using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Playwright;

// Opens a health report (Export-McpHealthReport) in Debian's chromium through Playwright and prints
// what a person would meet, as JSON: errors on the console and of the page, every request the page
// made, the colours of the legend and of the cells of each status as the browser computed them, and
// what hovering over and clicking a cell that is not okay shows. It judges nothing: the Pester test
// (tests/Pester/HealthReport.Tests.ps1) asserts on the findings, so a wrong colour or a fetch is
// a failed test there. Exit 2 when it cannot run at all (no chromium, no driver).
//
// McpModule.Browser --report <file.html> --screenshot <file.png> [--chromium /usr/bin/chromium]
internal static class Program
{
    private static readonly JsonSerializerOptions Indented = new JsonSerializerOptions { WriteIndented = true };

    private static async Task<int> Main(string[] args)
    {
        var options = Options(args);
        if (!options.TryGetValue("report", out var report) || !options.TryGetValue("screenshot", out var screenshot))
        {
            Console.Error.WriteLine("usage: McpModule.Browser --report <file.html> --screenshot <file.png> [--chromium <path>]");
            return 2;
        }
        var chromium = options.TryGetValue("chromium", out var c) ? c : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            Console.Error.WriteLine($"Debian's chromium is not installed ({chromium}): run build.ps1 -Task Prerequisites (tests/prerequisites.txt lists it).");
            return 2;
        }
        // Playwright's driver (its node and package) is copied beside this program by the package's
        // build targets; it is never downloaded, and neither is a browser.
        var driver = Environment.GetEnvironmentVariable("PLAYWRIGHT_DRIVER_SEARCH_PATH") ?? AppContext.BaseDirectory;
        if (!Directory.Exists(Path.Combine(driver, ".playwright", "package")))
        {
            Console.Error.WriteLine($"Playwright's driver is not in {Path.Combine(driver, ".playwright")}: build tests/Browser (dotnet build), which copies it from the Microsoft.Playwright package.");
            return 2;
        }

        var findings = await Inspect(Path.GetFullPath(report), Path.GetFullPath(screenshot), chromium);
        Console.WriteLine(JsonSerializer.Serialize(findings, Indented));
        return 0;
    }

    private static async Task<Dictionary<string, object?>> Inspect(string report, string screenshot, string chromium)
    {
        var consoleErrors = new List<string>();
        var pageErrors = new List<string>();
        var requests = new List<string>();
        var failedRequests = new List<string>();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 720 } });
        page.Console += (_, message) => { if (message.Type == "error" || message.Type == "warning") consoleErrors.Add(message.Type + ": " + message.Text); };
        page.PageError += (_, error) => pageErrors.Add(error.ToString() ?? "");
        page.Request += (_, request) => requests.Add(request.Url);
        page.RequestFailed += (_, request) => failedRequests.Add(request.Url + " " + request.Failure);
        var url = new Uri(report).AbsoluteUri;
        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        // The computed colours: the legend's swatch of each status, and every cell's (data-status).
        var legend = await page.EvalOnSelectorAllAsync<Dictionary<string, string>>("#legend [data-status]",
            "els => Object.fromEntries(els.map(e => [e.dataset.status, getComputedStyle(e).backgroundColor]))");
        var cells = await page.EvalOnSelectorAllAsync<Dictionary<string, string[]>>("#heatmap td.cell",
            "els => { const by = {}; for (const e of els) { const c = getComputedStyle(e).backgroundColor; const s = e.dataset.status; by[s] = by[s] || []; if (!by[s].includes(c)) by[s].push(c); } return by; }");
        var cellCounts = await page.EvalOnSelectorAllAsync<Dictionary<string, int>>("#heatmap td.cell",
            "els => { const n = {}; for (const e of els) n[e.dataset.status] = (n[e.dataset.status] || 0) + 1; return n; }");

        // A cell that needs looking at: the worst there is. Hover shows its title (the browser's
        // tooltip is not in the DOM: the title it would show is read); a click pins the panel.
        Dictionary<string, object?>? picked = null;
        foreach (var status in new[] { "Down", "Critical", "Warn" })
        {
            var cell = page.Locator($"#heatmap td.cell[data-status=\"{status}\"]").First;
            if (await cell.CountAsync() == 0) continue;
            await cell.HoverAsync();
            var title = await cell.GetAttributeAsync("title");
            var panelBefore = await page.Locator("#details").IsVisibleAsync();
            await cell.ClickAsync();
            var panel = page.Locator("#details");
            picked = new Dictionary<string, object?>
            {
                ["status"] = status,
                ["node"] = await cell.EvaluateAsync<string>("e => e.parentElement.dataset.node"),
                ["column"] = await cell.GetAttributeAsync("data-column"),
                ["title"] = title,
                ["panelVisibleBeforeClick"] = panelBefore,
                ["panelVisible"] = await panel.IsVisibleAsync(),
                ["panelHeading"] = await page.Locator("#details-title").TextContentAsync(),
                ["panelText"] = await page.Locator("#details-body").InnerTextAsync(),
                ["pinned"] = await cell.EvaluateAsync<bool>("e => e.classList.contains('pinned')"),
            };
            break;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        // Escape closes the panel again.
        bool? closedByEscape = null;
        if (picked != null)
        {
            await page.Keyboard.PressAsync("Escape");
            closedByEscape = !await page.Locator("#details").IsVisibleAsync();
        }

        return new Dictionary<string, object?>
        {
            ["url"] = url,
            ["status"] = response?.Status,
            ["browser"] = browser.Version,
            ["consoleErrors"] = consoleErrors,
            ["pageErrors"] = pageErrors,
            ["requests"] = requests,
            ["failedRequests"] = failedRequests,
            ["legend"] = legend,
            ["cells"] = cells,
            ["cellCounts"] = cellCounts,
            ["picked"] = picked,
            ["closedByEscape"] = closedByEscape,
            ["screenshot"] = screenshot,
        };
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i + 1 < args.Length; i += 2)
            if (args[i].StartsWith("--", StringComparison.Ordinal)) options[args[i].Substring(2)] = args[i + 1];
        return options;
    }
}
