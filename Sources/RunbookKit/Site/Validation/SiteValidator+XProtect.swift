extension SiteValidator {
    mutating func checkXProtect() {
        let xprotect = site.xprotect
        if !Self.isXProtectVersion(xprotect.version) {
            report(.invalidVersion, "the XProtect version '\(xprotect.version)' is not written like 2024 R2", at: "xprotect.version")
        }
        if let upgrade = xprotect.upgradeVersion, !Self.isXProtectVersion(upgrade) {
            report(
                .invalidVersion, "the upgrade version '\(upgrade)' is not written like 2025 R1", at: "xprotect.upgrade-version")
        }
        let policy = xprotect.failoverPolicy
        if !(1...100).contains(policy.failures) {
            report(
                .failoverPolicy,
                "the failover policy allows \(policy.failures) failures; allow from 1 to 100 (the guide's default is 2)",
                at: "xprotect.failover-policy.failures")
        }
        if !(1...1193).contains(policy.periodHours) {
            report(
                .failoverPolicy,
                "the failover period is \(policy.periodHours) hours; Windows accepts 1 to 1193 hours (the guide's default is 6)",
                at: "xprotect.failover-policy.period-hours")
        }
        if let thumbprint = xprotect.idpCertificateThumbprint {
            checkThumbprint(thumbprint)
        }
        var services: [String: Int] = [:]
        for (i, service) in xprotect.registeredServices.enumerated() {
            let path = YAMLPath("xprotect.registered-services").index(i)
            if let first = services[service.name.lowercased()] {
                report(
                    .duplicateService, "the registered service '\(service.name)' is listed twice; list each service once, with all its endpoints",
                    at: path.key("name"), notes: [note("first listed here", at: YAMLPath("xprotect.registered-services").index(first).key("name"))])
            } else {
                services[service.name.lowercased()] = i
            }
            for (k, endpoint) in service.endpoints.enumerated() where !endpoint.path.hasPrefix("/") || endpoint.path.contains(where: \.isWhitespace) {
                report(
                    .invalidServicePath,
                    "the path '\(endpoint.path)' of \(service.name) must start with / and hold no spaces or other white space",
                    at: path.key("endpoints").index(k).key("path"))
            }
        }
        checkComputers()
    }

    mutating func checkThumbprint(_ thumbprint: String) {
        let hex = thumbprint.filter(\.isHexDigit)
        guard thumbprint.count != 40 || hex.count != 40 else { return }
        // Thumbprints copied from the certificate dialog carry spaces and an invisible mark.
        let cleaned = String(
            thumbprint.unicodeScalars.filter { $0.properties.isWhitespace == false && $0.properties.generalCategory != .format }.map(Character.init))
        let cleanedIsValid = cleaned.count == 40 && cleaned.allSatisfy(\.isHexDigit)
        report(
            .invalidThumbprint,
            cleanedIsValid
                ? "the certificate thumbprint holds spaces or invisible characters (as copied from the certificate dialog); write it as 40 hexadecimal characters: \(cleaned.uppercased())"
                : "the certificate thumbprint must be 40 hexadecimal characters (0-9, A-F); it has \(thumbprint.count) characters",
            at: "xprotect.idp-certificate-thumbprint", suggestion: cleanedIsValid ? cleaned.uppercased() : nil)
    }

    mutating func checkComputers() {
        let nodeHosts = Set(site.nodes.map { $0.host.lowercased() })
        for group in site.xprotect.computers.groups {
            var seen: [String: Int] = [:]
            for (i, computer) in group.computers.enumerated() {
                let path = YAMLPath("xprotect.computers").key(group.key).index(i).key("host")
                if let problem = Names.hostNameProblem(computer.host) {
                    report(.invalidName, "the computer name '\(computer.host)' \(problem)", at: path)
                }
                let key = computer.host.lowercased()
                // REC1 and rec1.corp.example.com are one computer: a short name is in the site's domain.
                let domainSuffix = "." + site.domain.name.lowercased()
                let sameComputer = key.hasSuffix(domainSuffix) ? String(key.dropLast(domainSuffix.count)) : key
                if let first = seen[sameComputer] {
                    let firstHost = group.computers[first].host
                    report(
                        .duplicateComputer,
                        firstHost.lowercased() == key
                            ? "\(computer.host) is listed twice among the \(group.key); list each computer once"
                            : "\(computer.host) and \(firstHost) name the same computer in the site's domain, already listed among the \(group.key); list each computer once, by one name",
                        at: path, notes: [note("first listed here", at: YAMLPath("xprotect.computers").key(group.key).index(first).key("host"))])
                } else {
                    seen[sameComputer] = i
                }
                let short = key.split(separator: ".").first.map(String.init) ?? key
                if nodeHosts.contains(short) {
                    report(
                        .componentOnNode,
                        group.key.contains("recording")
                            ? "\(computer.host) is a cluster node; recording servers do not belong on the management server nodes"
                            : "\(computer.host) is a cluster node, where the management server install already puts this component; list only computers outside the cluster",
                        at: path)
                }
            }
        }
    }

    static func isXProtectVersion(_ text: String) -> Bool {
        let parts = text.split(separator: " ")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), year >= 2017,
            ["R1", "R2", "R3"].contains(parts[1])
        else { return false }
        return true
    }
}
