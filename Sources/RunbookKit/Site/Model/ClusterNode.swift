/// A server that becomes a cluster node.
struct ClusterNode: Sendable, Hashable {
    var host: String
    var windowsVersion: Int
    var windowsEdition: String
    var platform: Platform
    var cpu: String?
    var memory: String?
    /// The domain it is joined to (the site's unless the file says otherwise).
    var domain: String
    /// Its address on each network, in the order written.
    var addresses: [NodeAddress]

    enum Platform: String, Sendable, Hashable {
        case physical
        case virtual
    }

    /// The node's address on the named network.
    func address(on network: String) -> String? {
        addresses.first { $0.network == network }?.address
    }
}

struct NodeAddress: Sendable, Hashable {
    var network: String
    var address: String
}
