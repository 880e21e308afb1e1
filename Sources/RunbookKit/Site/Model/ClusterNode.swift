/// A server that becomes a cluster node.
public struct ClusterNode: Sendable, Hashable {
    public var host: String
    public var windowsVersion: Int
    public var windowsEdition: String
    public var platform: Platform
    public var cpu: String?
    public var memory: String?
    /// The domain it is joined to (the site's unless the file says otherwise).
    public var domain: String
    /// Its address on each network, in the order written.
    public var addresses: [NodeAddress]

    public enum Platform: String, Sendable, Hashable {
        case physical
        case virtual
    }

    /// The node's address on the named network.
    public func address(on network: String) -> String? {
        addresses.first { $0.network == network }?.address
    }
}

public struct NodeAddress: Sendable, Hashable {
    public var network: String
    public var address: String
}
