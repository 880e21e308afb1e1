/// A network the cluster nodes are on.
struct Network: Sendable, Hashable {
    var name: String
    var role: NetworkRole
    var subnet: SubnetText
    var gateway: String?
    var dns: [String]
}

enum NetworkRole: String, Sendable, Hashable, CaseIterable {
    /// Client access and cluster traffic (cluster network role 3).
    case `public`
    /// Cluster traffic only (cluster network role 1).
    case heartbeat
    /// iSCSI or other storage traffic, not used by the cluster (role 0).
    case storage
}

/// A subnet as the user wrote it: CIDR text, or address and mask.
enum SubnetText: Sendable, Hashable {
    case cidr(String)
    case addressAndMask(address: String, mask: String)

    /// The parsed subnet, or a reason it is not one.
    var parsed: Result<IPv4Subnet, IPv4Subnet.ParseError> {
        switch self {
        case .cidr(let text): return IPv4Subnet.parse(cidr: text)
        case .addressAndMask(let address, let mask): return IPv4Subnet.parse(address: address, mask: mask)
        }
    }
}
