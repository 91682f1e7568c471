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
    Copyright            = '(c) McpModule contributors. All rights reserved.'
    Description          = 'Reads, renders and checks MCP (Mirantis Cloud Platform) reclass models: clusters, nodes and their pillar as PowerShell objects, with a reclass-compatible engine written in C#.'
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('Formats/McpModule.Format.ps1xml')
    CmdletsToExport      = @('Get-McpCluster', 'Get-McpNode', 'Get-McpPillar', 'Test-McpModel', 'New-McpCluster', 'Get-McpNetworkPlan', 'Get-McpComputeSizing', 'Get-McpVcpSizing', 'Start-McpLab', 'Get-McpLab', 'Stop-McpLab', 'Restart-McpLabNode', 'Invoke-McpCommand', 'Get-McpHostKey', 'Get-McpSetting', 'Invoke-McpState', 'Get-McpRun', 'Export-McpRunReport')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('MCP', 'Mirantis', 'reclass', 'SaltStack', 'pillar', 'OpenStack', 'Ceph', 'Linux', 'PSEdition_Core', 'PSEdition_Desktop')
        }
    }
}
