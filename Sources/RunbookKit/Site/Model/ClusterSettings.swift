/// The Windows Server failover cluster.
struct ClusterSettings: Sendable, Hashable {
    var name: String
    var address: String
    var witness: QuorumWitness
}

enum QuorumWitness: Sendable, Hashable {
    /// A shared disk, by its name in storage.
    case disk(String)
    /// `\\server\share`.
    case fileShare(String)
    /// An Azure storage account name.
    case cloud(account: String)
    case none
}
