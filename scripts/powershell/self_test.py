"""The judge's own cases: commands that must pass and commands that must fail with a given finding."""

import sys

from .judging import Report, judge_code

SELF_TEST = [
    # (code, the finding's id or None when the code must pass)
    ("Install-WindowsFeature -Name Failover-Clustering -IncludeManagementTools", None),
    ("New-Cluster -Name CL -Node N1, N2 -StaticAddress 10.0.0.20 -IgnoreNetwork 192.168.0.0/28,10.0.0.0/8", None),
    ("New-Cluster CL -No N1", "powershell.ambiguous-parameter"),
    ("New-Cluster -N CL", "powershell.ambiguous-parameter"),
    ("New-Cluster -Name CL -Nodes N1", "powershell.unknown-parameter"),
    ("New-Cluster -Node N1, N2", "powershell.missing-mandatory"),
    ("Set-Service -Name W3SVC -StartupType Manualish", "powershell.accepted-values"),
    ("Set-Service -Name W3SVC -StartupType manual", None),
    ("Set-Service -Name W3SVC -StartMode Disabled -ea Stop", None),
    ("Set-Service -Name W3SVC -ErrorAction Sometimes", "powershell.accepted-values"),
    ("Set-Service W3SVC -Status 'Running'", None),
    ("Install-WindowsFeature -Name Failover-Clustering -IncludeManagementTools $true", "powershell.positional"),
    ("Install-WindowsFeature -Name Failover-Clustering -IncludeManagementTools:$true", None),
    ("Set-Service -StartupType Manual", "powershell.missing-mandatory"),
    ("Get-Service -Name X | Set-Service -StartupType Manual", None),
    ("Get-Service -Name X -DisplayName Y", "powershell.no-parameter-set"),
    ("Move-ClusterGroup 'VMS' NODE2", None),
    ("Move-ClusterGroup 'VMS' NODE2 extra", "powershell.positional"),
    ("Move-ClusterGroup -Name -Node N2", "powershell.missing-value"),
    ("Get-ClusterGroup -Name 'X' | Get-ClusterResource |\n    Where-Object ResourceType -eq 'Generic Service' |"
     " ForEach-Object { $_.RestartAction = 0 }", None),
    ("$role = Get-ClusterGroup -Name 'X'\n$role.FailoverThreshold = 2", None),
    ("(Get-ClusterGroup 'X').FailoverThreshold = 2", None),
    ("(Get-ClusterGroup -Nmae 'X').FailoverThreshold = 2", "powershell.unknown-parameter"),
    ("Get-ClusterGroup | ? { $_.State -eq 'Online' } | % { Move-ClusterGroup -Name $_.Name -Nodes N2 }",
     "powershell.unknown-parameter"),
    ("gsv | where Status -eq 'Running' | select Name | sort Name", None),
    ("Get-ClusterResource | Where-Object -Property State -EQ -Value Online", None),
    ("Get-ClusterResource | Where-Object State -Like 'On*' -Match x", "powershell.no-parameter-set"),
    ("Get-Service -Name `\n    W3SVC `\n    -ComputerName N1", None),
    ("Get-Service -Name `\n    W3SVC `\n    -Computer N1 -Wibble", "powershell.unknown-parameter"),
    ("$x = 'it''s'; Get-Service -Name $x # -Bogus in a comment", None),
    ("Write-Host \"count: $(Get-ClusterNode -Bogus | Measure-Object)\"", "powershell.unknown-parameter"),
    ("$name = if ($a) { Get-ClusterGroup -Name A } elseif ($b) { Get-ClusterGroup -Wrong B } else { 'c' }",
     "powershell.unknown-parameter"),
    ("foreach ($n in 'a', 'b') { Stop-Service -Name $n -Force }", None),
    ("$p = @{ Name = 'X'; Node = 'N2' }\nMove-ClusterGroup @p", None),
    ("Move-ClusterGroup @p -Nonsense 1", "powershell.unknown-parameter"),
    ("sqlcmd -S VMS -E -Q \"SELECT 1\"", None),
    ("& 'C:\\SQL\\setup.exe' /ACTION=Install /QS", None),
    (". .\\Prepare-Node.ps1 -Anything 1", None),
    ("& Get-Service -Nme X", "powershell.unknown-parameter"),
    ("$b = { Get-ClusterNode -Bogus }; & $b", "powershell.unknown-parameter"),
    ("Get-Service | Select-Object Name, @{ Name = 'Up'; Expression = { $_.Status -eq 'Running' } }", None),
    ("Invoke-Sqlcmd -ServerInstance X -Query 'SELECT 1' -Whatever", None),
    ("Get-ClusterGroups -Name X", "powershell.unknown-command"),
    ("Get-CimInstance -Namespace root/MSCluster -ClassName MSCluster_Resource -Filter \"Type = 'Physical Disk'\" |"
     " ForEach-Object { $_ | Get-CimAssociatedInstance -ResultClassName MSCluster_Disk }", None),
    ("Get-CimAssociatedInstance -ResultClassName MSCluster_Disk", "powershell.missing-mandatory"),
    ("$s = @'\nGet-Service -Bogus\n'@\nGet-Service -Name $s", None),
    ('$s = @"\nnodes: $((Get-ClusterNode -Clstr X).Name -join \', \')\n"@', "powershell.unknown-parameter"),
    ("Set-ClusterQuorum -FileShareWitness '\\\\FS01\\Witness$'", None),
    ("Test-Cluster -Cluster CL -Include 'Inventory', 'Network'", None),
    ("New-NetFirewallRule -DisplayName 'SQL' -Direction Inbound -Action Allow -Protocol UDP -LocalPort 1434", None),
    ("New-NetFirewallRule -DisplayName 'SQL' -Direction Sideways -Action Allow", "powershell.accepted-values"),
    ("New-NetFirewallRule -DisplayName 'SQL' -Profile 'Domain, Private' -LocalPort 1433 -Protocol TCP", None),
    ("New-NetFirewallRule -DisplayName 'SQL' -Profile Domain, Pirate", "powershell.accepted-values"),
    ("Get-Service -Name W3SVC -Name X", "powershell.duplicate-parameter"),
    ("Get-Service -Name (Get-ClusterGroup -Name X).Name", None),
    ("Get-ClusterGroup -Name { unclosed", "powershell.parse"),
]


def self_test(reference):
    failures = 0
    for code, expected in SELF_TEST:
        report = Report()
        judge_code(code, reference, report, "self-test", 1)
        ids = [finding.id for _, _, _, finding, _ in report.findings]
        ok = ids == [] if expected is None else expected in ids and len(set(ids)) == 1
        if not ok:
            failures += 1
            shown = "; ".join(f"{f.id}: {f.message}" for _, _, _, f, _ in report.findings) or "no finding"
            print(f"self-test FAILED: {code!r}: expected {expected or 'no finding'}, got {shown}", file=sys.stderr)
    print(f"self-test: {len(SELF_TEST) - failures} of {len(SELF_TEST)} cases as expected")
    return failures == 0
