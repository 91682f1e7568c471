<#
.SYNOPSIS
    Rotates a node's SSH host key: a new key made on the node, sshd restarted, the known_hosts file
    McpModule checks host keys against updated (the new key in, the old one out), and a connection
    with the host key checked proves it.

.DESCRIPTION
    1. Reads the key the node presents (Get-McpHostKey) and refuses unless known_hosts lists it
       (Status Known): a rotation over a connection that was not verified would trust an impostor.
       The key of that type is the one rotated (the type McpModule's connections use).
    2. Makes a new key of that type on the node (ssh-keygen, beside the old one) over the verified
       connection, and reads its public half back.
    3. Adds the new key to known_hosts under every host name the old key was listed under (hashed
       names stay hashed), before the switch, so that there is no moment without a trusted key.
    4. Puts the new key in place of the old one and restarts sshd.
    5. Checks that the node now presents the new key and known_hosts lists it, then removes every
       line of the old key from known_hosts, and runs a command on the node (host key checked).
    known_hosts is written whole to a temporary file and renamed over the old one. It stops at the
    first failure with an error that says what was done. -WhatIf reads the key and changes nothing.
    It writes one object: Node, KeyType, OldFingerprint, NewFingerprint, KnownHostsFile.

.EXAMPLE
    ./examples/runbooks/Update-NodeHostKey.ps1 -Path ./model -Node ctl01

.EXAMPLE
    ./examples/runbooks/Update-NodeHostKey.ps1 -Path ./model -Node cmp001 -KnownHostsFile ~/.ssh/known_hosts -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    # The model repository.
    [Parameter(Mandatory)] [string] $Path,
    # One node of the model.
    [Parameter(Mandatory)] [string] $Node,
    # The known_hosts file to update; by default the one McpModule uses for the node (the lab's for a
    # lab node, else the KnownHostsFile setting).
    [string] $KnownHostsFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$nodes = @(Get-McpNode -Path $Path -Target $Node)
if ($nodes.Count -ne 1) { throw "$Node selects $($nodes.Count) nodes of the model; this runbook rotates the key of one node." }
$name = $nodes[0].Name
$keyArgs = @{}
if ($KnownHostsFile) { $keyArgs.KnownHostsFile = $KnownHostsFile }
$done = [System.Collections.Generic.List[string]]::new()
function Stop-Runbook([string] $why) {
    throw "Update-NodeHostKey stopped at ${name}: $why. Done: $(if ($done.Count) { $done -join '; ' } else { 'nothing' })."
}
function Invoke-OnNode([string] $command) {
    $p = @{ Path = $Path; Target = $name; Command = $command; ErrorAction = 'Continue' }
    if ($KnownHostsFile) { $p.KnownHostsFile = $KnownHostsFile }
    $r = Invoke-McpCommand @p
    if (-not $r.Succeeded) { Stop-Runbook "'$command' failed ($(if ($r.Error) { "$($r.Error)" } else { "exit $($r.ExitCode): $($r.StdErr.Trim())" }))" }
    $r.StdOut.Trim()
}
# known_hosts, written whole to a temporary file beside it and renamed over it.
function Write-KnownHosts([string] $file, [string[]] $lines) {
    $temp = "$file.$PID.tmp"
    [IO.File]::WriteAllText($temp, (($lines | ForEach-Object { "$_`n" }) -join ''))
    Move-Item -LiteralPath $temp -Destination $file -Force
}
# The key (type and base64) a plain known_hosts line holds; null for comments and @-marked lines.
function Get-LineKey([string] $line) {
    $f = $line.Trim() -split '\s+'
    if ($f.Count -lt 3 -or $f[0].StartsWith('#') -or $f[0].StartsWith('@')) { return $null }
    "$($f[1]) $($f[2])"
}

# 1. The key the node presents, verified.
$old = Get-McpHostKey -Path $Path -Node $name @keyArgs
if ($old.Status -ne 'Known') { Stop-Runbook "known_hosts ($($old.KnownHostsFile)) does not list the key it presents ($($old.KeyType) $($old.Fingerprint): $($old.Status)); verify it first, a rotation would trust whoever answers" }
$file = $old.KnownHostsFile
$type = switch -Wildcard ($old.KeyType) { 'ssh-ed25519' { 'ed25519' } 'ecdsa-sha2-*' { 'ecdsa' } 'ssh-rsa' { 'rsa' } 'rsa-sha2-*' { 'rsa' } default { Stop-Runbook "its key type '$($old.KeyType)' is none this runbook rotates (ed25519, ecdsa, rsa)" } }
$oldKey = "$($old.KeyType) $([Convert]::ToBase64String($old.Key))"
if (-not $PSCmdlet.ShouldProcess("$name ($($old.KeyType) $($old.Fingerprint))", "Rotate the SSH host key, and update $file")) { return }

# 2. A new key on the node, beside the old one.
$key = "/etc/ssh/ssh_host_${type}_key"
$newPublic = Invoke-OnNode "rm -f $key.new $key.new.pub && ssh-keygen -q -t $type -N '' -C '' -f $key.new && cat $key.new.pub"
$f = $newPublic -split '\s+'
if ($f.Count -lt 2) { Stop-Runbook "ssh-keygen printed no public key ('$newPublic')" }
$newKey = "$($f[0]) $($f[1])"
$done.Add("made a new $type key on the node ($key.new)")

# 3. The new key trusted under the old key's host names, before the switch.
$lines = @(Get-Content -LiteralPath $file)
$hostFields = @($lines | Where-Object { (Get-LineKey $_) -eq $oldKey } | ForEach-Object { ($_.Trim() -split '\s+')[0] })
if ($hostFields.Count -eq 0) { Stop-Runbook "no line of $file holds the old key" }
Write-KnownHosts $file (@($lines) + @($hostFields | ForEach-Object { "$_ $newKey" }))
$done.Add("added the new key to $file (the old one is still there)")

# 4. The switch.
$null = Invoke-OnNode "mv -f $key.new $key && mv -f $key.new.pub $key.pub && (systemctl restart ssh.service || systemctl restart sshd.service)"
$done.Add('put the new key in place and restarted sshd')

# 5. The new key presented and trusted; then the old one goes.
$new = Get-McpHostKey -Path $Path -Node $name @keyArgs
if ("$($new.KeyType) $([Convert]::ToBase64String($new.Key))" -ne $newKey -or $new.Status -ne 'Known') {
    Stop-Runbook "after the restart it presents $($new.KeyType) $($new.Fingerprint) ($($new.Status)), not the new key; $file lists both"
}
Write-KnownHosts $file @(Get-Content -LiteralPath $file | Where-Object { (Get-LineKey $_) -ne $oldKey })
$done.Add("removed the old key from $file")
$null = Invoke-OnNode 'true'
[pscustomobject]@{ Node = $name; KeyType = $new.KeyType; OldFingerprint = $old.Fingerprint; NewFingerprint = $new.Fingerprint; KnownHostsFile = $file }
