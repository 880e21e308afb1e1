/// A disk of the shared storage.
public struct SharedDisk: Sendable, Hashable {
    public var name: String
    public var purpose: DiskPurpose
    public var volume: String
    /// A drive letter (`F:\`) or an absolute mount path.
    public var path: String
    public var size: String?
}

public enum DiskPurpose: String, Sendable, Hashable, CaseIterable {
    case quorum
    case sqlData = "sql-data"
    case sqlLogs = "sql-logs"
    case tempdb
    case backup
    case other
}
