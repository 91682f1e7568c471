@{
    RootModule           = 'McpModule.dll'
    # Imported before the root module: makes the engine and the libraries in dependencies/
    # resolvable (on pwsh 7 in a load context of their own) before PowerShell reads McpModule.dll.
    NestedModules        = @('McpModule.Loader.dll')
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6f0d7c3e-2b8a-4e51-9c4d-8a1f5e27b0c9'
    Author               = 'McpModule contributors'
    CompanyName          = 'McpModule'
    Copyright            = 'Copyright (c) 2026 McpModule contributors. MIT License (LICENSE).'
    Description          = 'Reads, renders and checks MCP (Mirantis Cloud Platform) reclass models: clusters, nodes and their pillar as PowerShell objects, with a reclass-compatible engine written in C#.'
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('Formats/McpModule.Format.ps1xml')
    CmdletsToExport      = @('Get-McpCluster', 'Get-McpNode', 'Get-McpPillar', 'Test-McpModel', 'New-McpCluster', 'Get-McpNetworkPlan', 'Get-McpComputeSizing', 'Get-McpVcpSizing', 'Start-McpLab', 'Get-McpLab', 'Stop-McpLab', 'Restart-McpLabNode', 'Invoke-McpCommand', 'Disconnect-McpNode', 'Get-McpHostKey', 'Get-McpSetting', 'Invoke-McpState', 'Get-McpRun', 'Merge-McpRun', 'Export-McpRunReport', 'Get-McpCephDevice', 'Get-McpCephOsd', 'Add-McpCephOsd', 'Remove-McpCephOsd', 'Select-McpCephDevice', 'Get-McpMetric', 'Get-McpHealth', 'Export-McpHealth', 'Start-McpHealthExporter', 'Get-McpHealthExporter', 'Stop-McpHealthExporter', 'Get-McpCapacity', 'Export-McpHealthReport', 'Compare-McpModel', 'Export-McpModelChange', 'Register-McpShouldOperator')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('MCP', 'Mirantis', 'reclass', 'SaltStack', 'Salt', 'pillar', 'OpenStack', 'Ceph', 'SSH', 'Linux', 'PSEdition_Core', 'PSEdition_Desktop')
            # The repository has no remote yet: these are the addresses it is to be published at.
            ProjectUri   = 'https://github.com/McpModule/McpModule'
            LicenseUri   = 'https://github.com/McpModule/McpModule/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0, the first release:
- A reclass-compatible model engine: Get-McpCluster, Get-McpNode (Salt-style -Target), Get-McpPillar,
  Test-McpModel; errors name the file, line and column and the chain of classes. Renders are kept in
  the user's cache folder for the next session, each used while the files it was rendered from are
  byte for byte the same (the RenderCache setting, on by default).
- New-McpCluster writes a cluster model from a reference-architecture template or a cookiecutter
  context; Get-McpNetworkPlan, Get-McpComputeSizing and Get-McpVcpSizing plan and size it.
- Invoke-McpCommand and Get-McpHostKey over SSH (SSH.NET): parallel, host keys checked against
  known_hosts and never prompted for, ssh-agent and jump hosts, -AsJob; connections kept for the next
  command with the ReuseConnectionSeconds setting (off by default), closed by Disconnect-McpNode.
  The post-quantum exchange OpenSSH 9.0-9.8 picks (sntrup761x25519-sha512) is the module's own
  implementation, at about a fifth of the CPU of SSH.NET's.
- Invoke-McpState applies formulas (linux, openssh, ntp, ceph, or the model's own) with -WhatIf, a
  run journal (Get-McpRun) and JUnit reports (Export-McpRunReport).
- Start-McpLab, Get-McpLab, Stop-McpLab, Restart-McpLabNode: a lab of real Debian nodes (Linux, root).
- Settings from defaults, mcp.settings.json, MCP_* variables and parameters (Get-McpSetting).
'@
        }
    }
}
