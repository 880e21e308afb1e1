/// A disk of the shared storage.
struct SharedDisk: Sendable, Hashable {
    var name: String
    var purpose: DiskPurpose
    var volume: String
    /// A drive letter (`F:\`) or an absolute mount path.
    var path: String
    var size: String?
}

enum DiskPurpose: String, Sendable, Hashable, CaseIterable {
    case quorum
    case sqlData = "sql-data"
    case sqlLogs = "sql-logs"
    case tempdb
    case backup
    case other
}
