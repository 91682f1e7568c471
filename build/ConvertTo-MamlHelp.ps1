<#
.SYNOPSIS
    Turns PlatyPS-shaped markdown (docs/<Verb-Noun>.md) into one MAML help file
    (en-US/<Assembly>.dll-Help.xml), the format Get-Help reads for compiled cmdlets.
.DESCRIPTION
    A small stand-in for PlatyPS's New-ExternalHelp, with no module dependencies. It reads
    the sections PlatyPS writes: SYNOPSIS, SYNTAX (### <set name>), DESCRIPTION, EXAMPLES
    (### Example N with fenced code and remarks), PARAMETERS (### -Name, a description and a
    ```yaml block with Type, Parameter Sets, Aliases, Required, Position, Default value,
    Accept pipeline input, Accept wildcard characters), INPUTS, OUTPUTS, NOTES, RELATED LINKS.

    Text is made for Get-Help's console: a markdown table becomes aligned columns, or one entry
    per row when the columns would not fit in 76 characters; a fenced code block in a
    description becomes its lines indented by four.

    With -Command it also checks that every listed command has a document with a synopsis
    and at least one example, and fails listing every command that does not.
.EXAMPLE
    ./build/ConvertTo-MamlHelp.ps1 -Path docs/Get-McpNode.md -OutputPath out/en-US/McpModule.dll-Help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string[]] $Path,
    [Parameter(Mandatory)] [string] $OutputPath,
    # Commands that must be documented (the module's CmdletsToExport).
    [string[]] $Command = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# --- markdown -------------------------------------------------------------------------

# Splits lines into sections at headings of one level ('## ' or '### '), ignoring fenced code.
function Split-Section([string[]] $Lines, [string] $Marker) {
    $sections = [System.Collections.Generic.List[object]]::new()
    $current = [pscustomobject]@{ Title = ''; Lines = [System.Collections.Generic.List[string]]::new() }
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($Marker)) {
            $sections.Add($current)
            $current = [pscustomobject]@{ Title = $line.Substring($Marker.Length).Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            continue
        }
        $current.Lines.Add($line)
    }
    $sections.Add($current)
    $sections
}

# Get-Help indents a description by four (a parameter's by eight) and wraps what is longer
# than the console at any character; text made into columns here keeps within this width.
$TextWidth = 76

# Words of a text in lines of at most $Width characters (a longer word stands alone).
function Split-Line([string] $Text, [int] $Width) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ''
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if ($line -and $line.Length + 1 + $word.Length -gt $Width) { $lines.Add($line); $line = $word }
        elseif ($line) { $line += ' ' + $word }
        else { $line = $word }
    }
    if ($line) { $lines.Add($line) }
    $lines
}

# A markdown table as text Get-Help shows readably (it would be one line of pipes otherwise):
# aligned columns under their headers when they fit in $TextWidth, else one entry per row,
# the first cell on its line (the middle cells after it in parentheses, "Header: value") and
# the last cell below it, indented and wrapped.
function ConvertFrom-MarkdownTable([string[]] $Lines) {
    $rows = [System.Collections.Generic.List[string[]]]::new()
    foreach ($line in $Lines) {
        $text = $line.Trim()
        if ($text.StartsWith('|')) { $text = $text.Substring(1) }
        if ($text.EndsWith('|') -and -not $text.EndsWith('\|')) { $text = $text.Substring(0, $text.Length - 1) }
        [string[]] $cells = @([regex]::Split($text, '(?<!\\)\|') | ForEach-Object { $_.Trim().Replace('\|', '|') })
        # the separator row under the header: | --- | :---: |
        if (-not ($cells | Where-Object { $_ -notmatch '^:?-+:?$' })) { continue }
        $rows.Add($cells)
    }
    if ($rows.Count -eq 0) { return '' }
    $columns = ($rows | ForEach-Object Count | Measure-Object -Maximum).Maximum
    $widths = @(foreach ($c in 0..($columns - 1)) {
            ($rows | ForEach-Object { if ($c -lt $_.Count) { $_[$c].Length } else { 0 } } | Measure-Object -Maximum).Maximum
        })
    $cell = { param($row, $c) if ($c -lt $row.Count) { $row[$c] } else { '' } }
    $out = [System.Collections.Generic.List[string]]::new()
    if (($widths | Measure-Object -Sum).Sum + 2 * ($columns - 1) -le $TextWidth) {
        $format = { param($values) (@(foreach ($c in 0..($columns - 1)) { "$($values[$c])".PadRight($widths[$c]) }) -join '  ').TrimEnd() }
        $out.Add((& $format @(foreach ($c in 0..($columns - 1)) { & $cell $rows[0] $c })))
        $out.Add((& $format @(foreach ($c in 0..($columns - 1)) { '-' * [Math]::Max(1, "$(& $cell $rows[0] $c)".Length) })))
        for ($r = 1; $r -lt $rows.Count; $r++) {
            $row = $rows[$r]
            $out.Add((& $format @(foreach ($c in 0..($columns - 1)) { & $cell $row $c })))
        }
        return $out -join "`n"
    }
    $header = $rows[0]
    for ($r = 1; $r -lt $rows.Count; $r++) {
        $row = $rows[$r]
        $first = & $cell $row 0
        if ($columns -gt 2) {
            $middle = @(foreach ($c in 1..($columns - 2)) {
                    $value = & $cell $row $c
                    if ($value) { "$(& $cell $header $c): $value" }
                })
            if ($middle) { $first += " ($($middle -join '; '))" }
        }
        $out.Add($first)
        if ($columns -gt 1) {
            foreach ($line in Split-Line (& $cell $row ($columns - 1)) ($TextWidth - 4)) { $out.Add("    $line") }
        }
    }
    $out -join "`n"
}

# Text blocks of a section: paragraphs (lines joined, list items kept on their own line),
# tables (as ConvertFrom-MarkdownTable writes them) and fenced code blocks ({ Code; Language; Text }).
function Get-Block([string[]] $Lines) {
    $blocks = [System.Collections.Generic.List[object]]::new()
    $paragraph = [System.Collections.Generic.List[string]]::new()
    $table = [System.Collections.Generic.List[string]]::new()
    $code = $null
    $language = ''
    $flush = {
        if ($paragraph.Count) {
            $text = ($paragraph | ForEach-Object {
                    if ($_ -match '^\s*([-*+]|\d+\.)\s') { "`n" + $_.Trim() } else { ' ' + $_.Trim() }
                }) -join ''
            $blocks.Add([pscustomobject]@{ Code = $false; Language = ''; Text = $text.Trim() })
            $paragraph.Clear()
        }
        if ($table.Count) {
            $blocks.Add([pscustomobject]@{ Code = $false; Language = ''; Text = (ConvertFrom-MarkdownTable $table) })
            $table.Clear()
        }
    }
    foreach ($line in $Lines) {
        if ($null -ne $code) {
            if ($line -match '^\s*```\s*$') {
                $blocks.Add([pscustomobject]@{ Code = $true; Language = $language; Text = ($code -join "`n") })
                $code = $null
            }
            else { $code.Add($line) }
            continue
        }
        if ($line -match '^\s*```\s*(\S*)') {
            & $flush
            $language = $Matches[1]
            $code = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($line.Trim() -eq '') { & $flush; continue }
        $isTableLine = $line.TrimStart().StartsWith('|')
        if ($isTableLine -ne [bool]$table.Count) { & $flush }
        if ($isTableLine) { $table.Add($line) } else { $paragraph.Add($line) }
    }
    & $flush
    $blocks
}

# The text of a section as paragraphs: a code block in it (a settings file, a command) becomes
# its lines indented by four, as Get-Help shows its own examples, joined to the paragraph before
# it (Get-Help drops the leading spaces of a paragraph, not those of the lines after its first).
function ConvertTo-Paragraph($Blocks) {
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    foreach ($block in $Blocks) {
        if (-not $block.Code) { $paragraphs.Add($block.Text); continue }
        $text = (($block.Text -split "`n") | ForEach-Object { if ($_.Trim()) { '    ' + $_.TrimEnd() } else { '' } }) -join "`n"
        if ($paragraphs.Count) { $paragraphs[$paragraphs.Count - 1] += "`n`n" + $text }
        else { $paragraphs.Add($text) }
    }
    $paragraphs
}

function Get-Paragraph([string[]] $Lines) {
    @(ConvertTo-Paragraph @(Get-Block $Lines))
}

# The key: value lines of a PlatyPS ```yaml parameter block.
function ConvertFrom-ParameterYaml([string] $Text) {
    $values = @{}
    foreach ($line in $Text -split "`n") {
        if ($line -match '^\s*([^:]+?)\s*:\s*(.*?)\s*$') { $values[$Matches[1]] = $Matches[2] }
    }
    $values
}

function Read-CommandDoc([string] $File) {
    $lines = [System.IO.File]::ReadAllLines($File)
    # Front matter.
    if ($lines.Count -and $lines[0].Trim() -eq '---') {
        $end = [Array]::IndexOf($lines, '---', 1)
        if ($end -gt 0) { $lines = $lines[($end + 1)..($lines.Count - 1)] }
    }
    $sections = Split-Section $lines '## '
    $name = ($sections[0].Lines | Where-Object { $_ -match '^# ' } | Select-Object -First 1) -replace '^# ', ''
    $byTitle = @{}
    foreach ($section in $sections | Select-Object -Skip 1) { $byTitle[$section.Title.ToUpperInvariant()] = $section.Lines.ToArray() }
    $get = { param($title) if ($byTitle.ContainsKey($title)) { , $byTitle[$title] } else { , @() } }

    $doc = [ordered]@{
        File        = $File
        Name        = $name.Trim()
        Synopsis    = (Get-Paragraph (& $get 'SYNOPSIS')) -join ' '
        SyntaxText  = (& $get 'SYNTAX') -join "`n"
        Description = Get-Paragraph (& $get 'DESCRIPTION')
        Sets        = [System.Collections.Generic.List[object]]::new()
        Examples    = [System.Collections.Generic.List[object]]::new()
        Parameters  = [System.Collections.Generic.List[object]]::new()
        Inputs      = [System.Collections.Generic.List[object]]::new()
        Outputs     = [System.Collections.Generic.List[object]]::new()
        Notes       = Get-Paragraph (& $get 'NOTES')
        Links       = [System.Collections.Generic.List[object]]::new()
    }

    foreach ($set in Split-Section (& $get 'SYNTAX') '### ' | Where-Object Title) {
        $doc.Sets.Add([pscustomobject]@{
                Name    = ($set.Title -replace '\s*\(Default\)\s*$', '').Trim()
                Default = $set.Title -match '\(Default\)'
            })
    }

    foreach ($example in Split-Section (& $get 'EXAMPLES') '### ' | Where-Object Title) {
        $blocks = @(Get-Block $example.Lines)
        $doc.Examples.Add([pscustomobject]@{
                Title   = $example.Title
                Code    = (@($blocks | Where-Object Code | ForEach-Object Text) -join "`n`n")
                Remarks = @($blocks | Where-Object { -not $_.Code } | ForEach-Object Text)
            })
    }

    foreach ($parameter in Split-Section (& $get 'PARAMETERS') '### ' | Where-Object Title) {
        if ($parameter.Title -eq 'CommonParameters') { continue }
        $blocks = @(Get-Block $parameter.Lines)
        $yaml = @($blocks | Where-Object { $_.Code -and $_.Language -eq 'yaml' } | ForEach-Object { ConvertFrom-ParameterYaml $_.Text })
        if (-not $yaml) { throw "$($File): parameter $($parameter.Title) has no ```yaml block." }
        $doc.Parameters.Add([pscustomobject]@{
                Name        = $parameter.Title.TrimStart('-')
                Description = @(ConvertTo-Paragraph @($blocks | Where-Object { -not ($_.Code -and $_.Language -eq 'yaml') }))
                Blocks      = $yaml   # one per group of parameter sets, as PlatyPS writes them
            })
    }

    foreach ($kind in 'INPUTS', 'OUTPUTS') {
        foreach ($item in Split-Section (& $get $kind) '### ' | Where-Object Title) {
            $doc[$kind.Substring(0, 1) + $kind.Substring(1).ToLowerInvariant()].Add([pscustomobject]@{
                    Type        = $item.Title
                    Description = Get-Paragraph $item.Lines
                })
        }
    }

    foreach ($line in & $get 'RELATED LINKS') {
        foreach ($match in [regex]::Matches($line, '\[([^\]]+)\]\(([^)]*)\)')) {
            $uri = $match.Groups[2].Value
            $doc.Links.Add([pscustomobject]@{
                    Text = $match.Groups[1].Value
                    Uri  = if ($uri -match '^[a-z]+://') { $uri } else { '' }
                })
        }
    }
    [pscustomobject]$doc
}

# --- checks ---------------------------------------------------------------------------

$docs = @($Path | Sort-Object | ForEach-Object { Read-CommandDoc $_ })
$problems = [System.Collections.Generic.List[string]]::new()
foreach ($doc in $docs) {
    if (-not $doc.Name) { $problems.Add("$($doc.File): no '# <command name>' title") }
    if (-not $doc.Synopsis) { $problems.Add("$($doc.Name): no SYNOPSIS") }
    if (-not $doc.Description) { $problems.Add("$($doc.Name): no DESCRIPTION") }
    if ($doc.Examples.Count -eq 0 -or -not ($doc.Examples | Where-Object Code)) { $problems.Add("$($doc.Name): no example with code") }
    # A cmdlet that supports ShouldProcess has -WhatIf and -Confirm: PlatyPS documents them as
    # parameters (### -WhatIf, ### -Confirm), and Get-Help shows only what the MAML has.
    foreach ($switch in 'WhatIf', 'Confirm') {
        $inSyntax = $doc.SyntaxText -match "\[-$switch\]"
        $documented = [bool]($doc.Parameters | Where-Object Name -EQ $switch)
        if ($inSyntax -and -not $documented) { $problems.Add("$($doc.Name): the syntax has [-$switch] but PARAMETERS has no ### -$switch") }
        if ($documented -and -not $inSyntax) { $problems.Add("$($doc.Name): ### -$switch is documented but the syntax has no [-$switch]") }
    }
}
foreach ($name in $Command) {
    if (-not ($docs | Where-Object Name -EQ $name)) { $problems.Add("$($name): exported but docs/$name.md is missing") }
}
if ($problems.Count) {
    throw "Help is incomplete:`n  " + ($problems -join "`n  ")
}

# --- MAML -----------------------------------------------------------------------------

$ns = @{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent ([System.IO.Path]::GetFullPath($OutputPath)))
$xml = [System.Xml.XmlWriter]::Create([System.IO.Path]::GetFullPath($OutputPath), $settings)

function Start-Element([string] $Prefix, [string] $Name) { $xml.WriteStartElement($Prefix, $Name, $ns[$Prefix]) }
function Close-Element { $xml.WriteEndElement() }
function Write-Element([string] $Prefix, [string] $Name, [string] $Text) {
    $xml.WriteElementString($Prefix, $Name, $ns[$Prefix], $Text)
}
function Write-Para([string[]] $Paragraphs) {
    if (-not $Paragraphs) { Write-Element maml para ''; return }
    foreach ($p in $Paragraphs) { Write-Element maml para $p }
}
function Write-Description([string[]] $Paragraphs) {
    Start-Element maml description
    Write-Para $Paragraphs
    Close-Element
}

# The attributes of a parameter in one parameter set (the yaml block that names the set).
function Get-ParameterBlock($Parameter, [string] $SetName) {
    foreach ($block in $Parameter.Blocks) {
        $sets = @(($block['Parameter Sets'] + '') -split ',' | ForEach-Object Trim)
        if ($SetName -eq '' -or $sets -contains '(All)' -or $sets -contains $SetName) { return $block }
    }
    $null
}

function Get-PipelineInput([hashtable] $Block) {
    $value = "$($Block['Accept pipeline input'])"
    if ($value -match '^True') { $value } else { 'False' }
}

function Write-Parameter($Parameter, [hashtable] $Block, [switch] $InSyntax) {
    $type = "$($Block['Type'])"
    $isSwitch = $type -in 'SwitchParameter', 'System.Management.Automation.SwitchParameter'
    $position = "$($Block['Position'])"
    if ($position -eq '' -or $position -eq 'Named') { $position = 'named' }
    $aliases = "$($Block['Aliases'])".Trim()
    Start-Element command parameter
    $xml.WriteAttributeString('required', ("$($Block['Required'])" -eq 'True').ToString().ToLowerInvariant())
    $xml.WriteAttributeString('variableLength', ($type -like '*`[`]').ToString().ToLowerInvariant())
    $xml.WriteAttributeString('globbing', ("$($Block['Accept wildcard characters'])" -eq 'True').ToString().ToLowerInvariant())
    $xml.WriteAttributeString('pipelineInput', (Get-PipelineInput $Block))
    $xml.WriteAttributeString('position', $position)
    $xml.WriteAttributeString('aliases', $(if ($aliases) { $aliases } else { 'none' }))
    Write-Element maml name $Parameter.Name
    Write-Description $Parameter.Description
    if (-not $isSwitch -or -not $InSyntax) {
        Start-Element command parameterValue
        $xml.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $xml.WriteAttributeString('variableLength', ($type -like '*`[`]').ToString().ToLowerInvariant())
        $xml.WriteString($type)
        Close-Element
    }
    Start-Element dev type
    Write-Element maml name $type
    Write-Element maml uri ''
    Close-Element
    Write-Element dev defaultValue $(if ($Block['Default value']) { "$($Block['Default value'])" } else { 'None' })
    Close-Element
}

$xml.WriteStartDocument()
$xml.WriteStartElement('helpItems', $ns.msh)
$xml.WriteAttributeString('schema', 'maml')
foreach ($doc in $docs) {
    $verb, $noun = $doc.Name -split '-', 2
    Start-Element command command
    foreach ($prefix in 'maml', 'command', 'dev', 'MSHelp') { $xml.WriteAttributeString('xmlns', $prefix, $null, $ns[$prefix]) }

    Start-Element command details
    Write-Element command name $doc.Name
    Write-Element command verb $verb
    Write-Element command noun $noun
    Write-Description $doc.Synopsis
    Close-Element

    Write-Description $doc.Description

    # Syntax: one item per parameter set, positional parameters first, then the others.
    Start-Element command syntax
    $sets = if ($doc.Sets.Count) { $doc.Sets } else { @([pscustomobject]@{ Name = ''; Default = $true }) }
    foreach ($set in $sets) {
        $setName = if ($set.Name -eq '__AllParameterSets') { '' } else { $set.Name }
        Start-Element command syntaxItem
        Write-Element maml name $doc.Name
        $members = foreach ($parameter in $doc.Parameters) {
            $block = Get-ParameterBlock $parameter $setName
            if ($block) {
                $position = "$($block['Position'])"
                [pscustomobject]@{
                    Parameter = $parameter; Block = $block
                    Order     = if ($position -match '^\d+$') { [int]$position } else { 1000 }
                }
            }
        }
        foreach ($member in @($members) | Sort-Object Order -Stable) {
            if ($member) { Write-Parameter $member.Parameter $member.Block -InSyntax }
        }
        Close-Element
    }
    Close-Element

    Start-Element command parameters
    foreach ($parameter in $doc.Parameters) { Write-Parameter $parameter $parameter.Blocks[0] }
    Close-Element

    foreach ($kind in @(@('inputTypes', 'inputType', $doc.Inputs), @('returnValues', 'returnValue', $doc.Outputs))) {
        Start-Element command $kind[0]
        foreach ($item in $kind[2]) {
            Start-Element command $kind[1]
            Start-Element dev type
            Write-Element maml name $item.Type
            Close-Element
            Write-Description $item.Description
            Close-Element
        }
        Close-Element
    }

    Start-Element maml alertSet
    Start-Element maml alert
    Write-Para $doc.Notes
    Close-Element
    Close-Element

    Start-Element command examples
    foreach ($example in $doc.Examples) {
        Start-Element command example
        Write-Element maml title "--------- $($example.Title) ---------"
        Write-Element dev code $example.Code
        Start-Element dev remarks
        Write-Para $example.Remarks
        Close-Element
        Close-Element
    }
    Close-Element

    Start-Element command relatedLinks
    foreach ($link in $doc.Links) {
        Start-Element maml navigationLink
        Write-Element maml linkText $link.Text
        Write-Element maml uri $link.Uri
        Close-Element
    }
    Close-Element

    Close-Element  # command:command
}
$xml.WriteEndElement()
$xml.WriteEndDocument()
$xml.Dispose()
Write-Verbose "Wrote $OutputPath ($($docs.Count) commands)"
