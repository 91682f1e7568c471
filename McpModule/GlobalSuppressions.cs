using System.Diagnostics.CodeAnalysis;

// Analyzer findings (AnalysisLevel latest-recommended) that are the design, each with its reason.
// Rules turned off as a whole are in .editorconfig; both are listed in docs/design/code-health.md.

[assembly: SuppressMessage("Design", "CA1010:Generic interface should also be implemented", Scope = "type", Target = "~T:McpModule.McpPillar",
    Justification = "An OrderedDictionary on purpose: PowerShell treats it as a hashtable (dot access, -Key paths, ConvertTo-Json as an object)")]
[assembly: SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Scope = "type", Target = "~T:McpModule.Model.Data.OrderedMap",
    Justification = "Named after what it is, the ordered map of reclass's values; a rename would break scripts that name the type")]
[assembly: SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Scope = "type", Target = "~T:McpModule.States.Runs.StateRunPlan`1",
    Justification = "Create is the factory of the plan for the caller's item type, which the caller names anyway")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "member", Target = "~F:McpModule.Execution.Agent.SshAgentProtocol.RsaSha2_256",
    Justification = "The SSH agent protocol's flag SSH_AGENT_RSA_SHA2_256: the digits need the separator")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "member", Target = "~F:McpModule.Execution.Agent.SshAgentProtocol.RsaSha2_512",
    Justification = "The SSH agent protocol's flag SSH_AGENT_RSA_SHA2_512: the digits need the separator")]
[assembly: SuppressMessage("Performance", "CA1822:Mark members as static", Scope = "member", Target = "~P:McpModule.Planning.McpVcpSizing.Source",
    Justification = "A property of the object Get-McpVcpSizing returns: PowerShell shows instance properties only")]
[assembly: SuppressMessage("Performance", "CA1822:Mark members as static", Scope = "member", Target = "~P:McpModule.Targeting.McpTargetException.ErrorId",
    Justification = "Read from the exception as every Mcp exception's ErrorId is")]
[assembly: SuppressMessage("Usage", "CA2208:Instantiate argument exceptions correctly", Scope = "type", Target = "~T:McpModule.Generator.McpClusterDesigner",
    Justification = "McpTemplateException's parameter name is what the user changes: a New-McpCluster parameter or a context key (the error record's target)")]
[assembly: SuppressMessage("Usage", "CA2208:Instantiate argument exceptions correctly", Scope = "type", Target = "~T:McpModule.Generator.McpCookiecutterContext",
    Justification = "McpTemplateException's parameter name is what the user changes: a New-McpCluster parameter or a context key (the error record's target)")]
