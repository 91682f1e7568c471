using System.Diagnostics.CodeAnalysis;

// Analyzer findings (AnalysisLevel latest-recommended) that are the design, each with its reason.
// Rules turned off as a whole are in .editorconfig; both are listed in docs/design/code-health.md.

[assembly: SuppressMessage("Design", "CA1010:Generic interface should also be implemented", Scope = "type", Target = "~T:McpModule.McpPillar",
    Justification = "An IOrderedDictionary as OrderedDictionary is, on purpose: PowerShell treats it as a hashtable (dot access, -Key paths, ConvertTo-Json as an object); IDictionary<string, object> beside it would change how PowerShell binds and converts it")]
[assembly: SuppressMessage("Performance", "CA1822:Mark members as static", Scope = "member", Target = "~P:McpModule.Targeting.McpTargetException.ErrorId",
    Justification = "Read from the exception as every Mcp exception's ErrorId is")]
[assembly: SuppressMessage("Usage", "CA2208:Instantiate argument exceptions correctly", Scope = "type", Target = "~T:McpModule.Generator.McpClusterDesigner",
    Justification = "McpTemplateException's parameter name is what the user changes: a New-McpCluster parameter or a context key (the error record's target)")]
[assembly: SuppressMessage("Usage", "CA2208:Instantiate argument exceptions correctly", Scope = "type", Target = "~T:McpModule.Generator.McpCookiecutterContext",
    Justification = "McpTemplateException's parameter name is what the user changes: a New-McpCluster parameter or a context key (the error record's target)")]
