/// The Windows Server failover cluster.
public struct ClusterSettings: Sendable, Hashable {
    public var name: String
    public var address: String
    public var witness: QuorumWitness
}

public enum QuorumWitness: Sendable, Hashable {
    /// A shared disk, by its name in storage.
    case disk(String)
    /// `\\server\share`.
    case fileShare(String)
    /// An Azure storage account name.
    case cloud(account: String)
    case none
}
