Get-ClusterResource | Where-Object OwnerGroup -eq '{sql-server.resource-group}' | Get-ClusterOwnerNode |
    ForEach-Object { $_.ClusterObject.Name + ': ' + ($_.OwnerNodes.Name -join ', ') }
