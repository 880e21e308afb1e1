$node = Read-Host 'Node that asks for the restart'
# From another node: this one would restart itself before it could take itself back.
if ($node -eq $env:COMPUTERNAME) { throw "Run this on another node than $node" }
Suspend-ClusterNode -Name $node -Drain -Wait -ErrorAction Stop
if ((Get-ClusterNode -Name $node).DrainStatus -ne 'Completed') { throw "The roles did not leave $node; do not restart it" }
Restart-Computer -ComputerName $node -Force -Wait -For PowerShell
# Windows answers before the cluster has taken the node back: it rejoins paused.
$deadline = (Get-Date).AddMinutes(30)
while ((Get-ClusterNode -Name $node).State -ne 'Paused') {
    if ((Get-Date) -gt $deadline) { throw "$node has not rejoined the cluster in 30 minutes: collect the cluster log and find out why" }
    Start-Sleep -Seconds 10
}
Resume-ClusterNode -Name $node -Failback NoFailback
