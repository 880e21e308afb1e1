/// A network the cluster nodes are on.
public struct Network: Sendable, Hashable {
    public var name: String
    public var role: NetworkRole
    public var subnet: SubnetText
    public var gateway: String?
    public var dns: [String]
}

public enum NetworkRole: String, Sendable, Hashable, CaseIterable {
    /// Client access and cluster traffic (cluster network role 3).
    case `public`
    /// Cluster traffic only (cluster network role 1).
    case heartbeat
    /// iSCSI or other storage traffic, not used by the cluster (role 0).
    case storage
}

/// A subnet as the user wrote it: CIDR text, or address and mask.
public enum SubnetText: Sendable, Hashable {
    case cidr(String)
    case addressAndMask(address: String, mask: String)

    /// The parsed subnet, or a reason it is not one.
    public var parsed: Result<IPv4Subnet, IPv4Subnet.ParseError> {
        switch self {
        case .cidr(let text): return IPv4Subnet.parse(cidr: text)
        case .addressAndMask(let address, let mask): return IPv4Subnet.parse(address: address, mask: mask)
        }
    }
}
