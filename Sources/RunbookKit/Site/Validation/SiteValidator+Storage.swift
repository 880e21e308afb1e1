extension SiteValidator {
    mutating func checkStorage() {
        var names: [String: Int] = [:]
        var places: [String: Int] = [:]
        for (i, disk) in site.storage.enumerated() {
            let path = YAMLPath("storage").index(i)
            if let first = names[disk.name.lowercased()] {
                report(
                    .duplicateDrive, "a disk named '\(disk.name)' is already listed; give each disk its own name",
                    at: path.key("name"), notes: [note("first listed here", at: YAMLPath("storage").index(first).key("name"))])
            } else {
                names[disk.name.lowercased()] = i
            }
            if !Paths.isAbsolute(disk.path) {
                report(
                    .invalidDiskPath,
                    "disk '\(disk.name)' has the path '\(disk.path)'; write a drive letter such as F:\\ or an absolute mount path such as C:\\Mounts\\Data",
                    at: path.key("path"))
                continue
            }
            if disk.path.count <= 3, Paths.driveLetter(disk.path) == "C" {
                report(
                    .invalidDiskPath, "disk '\(disk.name)' is given C:, the nodes' system drive; choose another letter",
                    at: path.key("path"))
            }
            let place = Paths.root(disk.path).lowercased()
            if let first = places[place] {
                report(
                    .duplicateDrive,
                    "disk '\(disk.name)' uses \(Paths.root(disk.path)), which disk '\(site.storage[first].name)' uses already; each disk needs its own drive letter or mount path",
                    at: path.key("path"), notes: [note("first used here", at: YAMLPath("storage").index(first).key("path"))])
            } else {
                places[place] = i
            }
            if let size = disk.size, DataSize(size) == nil {
                report(.invalidSize, "the size of disk '\(disk.name)', '\(size)', is not a size such as 20 GB", at: path.key("size"))
            }
        }
        // Disks that nothing uses are probably a mistake in the plan.
        let used = Set(witnessDiskName.map { [$0.lowercased()] } ?? []).union((failoverInstance?.disks ?? []).map { $0.lowercased() })
        for (i, disk) in site.storage.enumerated() where disk.purpose != .other && !used.contains(disk.name.lowercased()) {
            report(
                .unusedDisk,
                "disk '\(disk.name)' (\(disk.purpose.rawValue)) is neither the quorum witness nor given to the SQL Server instance; use it, or give it purpose 'other'",
                at: YAMLPath("storage").index(i).key("name"))
        }
    }

    var witnessDiskName: String? {
        if case .disk(let name) = site.cluster.witness { return name }
        return nil
    }

    mutating func checkWitness() {
        switch site.cluster.witness {
        case .disk(let name):
            guard let disk = site.disk(named: name) else {
                let quorum = site.storage.filter { $0.purpose == .quorum }.map(\.name)
                let suggestion = Spelling.suggestion(for: name, among: site.storage.map(\.name))
                report(
                    .unknownDisk,
                    "the witness disk '\(name)' is not in storage"
                        + (site.storage.isEmpty ? ", which has no disks" : " (its disks: " + EnglishList.joined(site.storage.map(\.name)) + ")")
                        + (suggestion.map { "; did you mean '\($0)'?" } ?? (quorum.isEmpty ? "; add a disk with purpose quorum" : "")),
                    at: "cluster.witness.disk", suggestion: suggestion)
                return
            }
            if disk.purpose != .quorum {
                report(
                    .missingQuorumDisk,
                    "the witness disk '\(disk.name)' has purpose '\(disk.purpose.rawValue)'; a disk witness needs a small disk of its own with purpose quorum",
                    at: "cluster.witness.disk")
            }
            if let size = disk.size.flatMap(DataSize.init), size.bytes < 500_000_000 {
                report(
                    .smallQuorumDisk, "the quorum disk '\(disk.name)' is \(disk.size ?? ""); Microsoft recommends at least 512 MB",
                    at: YAMLPath("storage").index(site.storage.firstIndex(of: disk) ?? 0).key("size"))
            }
        case .fileShare(let path):
            let parts = path.split(separator: "\\", omittingEmptySubsequences: true)
            if !path.hasPrefix("\\\\") || path.hasPrefix("\\\\\\") || parts.count < 2 || path.contains("/") {
                report(.invalidWitnessShare, "the file share witness '\(path)' is not written \\\\server\\share", at: "cluster.witness.path")
            }
            if let server = parts.first.map({ HostName(droppingDomainOf: String($0)) }),
                let node = site.nodes.first(where: { HostName($0.host) == server })
            {
                report(
                    .invalidWitnessShare,
                    "the file share witness is on \(node.host), a node of this cluster; when that node stops, the witness goes with it. Put the share on a server outside the cluster",
                    at: "cluster.witness.path")
            }
        case .cloud(let account):
            // Microsoft, "Storage account name": 3 to 24 lower-case letters and digits.
            let allowed = account.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            if !allowed || !(3...24).contains(account.count) {
                report(
                    .invalidName,
                    "the cloud witness's storage account '\(account)' is no Azure storage account name; those have 3 to 24 lower-case letters and digits",
                    at: "cluster.witness.account")
            }
        case .none:
            report(
                .noWitness,
                site.nodes.count % 2 == 0
                    ? "the cluster has no witness; with \(site.nodes.count) nodes, losing half of them stops the cluster. Add a disk, file share or cloud witness"
                    : "the cluster has no witness; Microsoft recommends one for every cluster",
                at: "cluster.witness")
        }
    }
}
