import Foundation

/// A size as written in the checklist: `20 GB`, `512 MB`, `1.5 TB`.
struct DataSize: Hashable, Sendable {
    var bytes: Double

    init?(_ text: String) {
        let trimmed = text.trimmingWhitespace()
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        let unit = trimmed.dropFirst(number.count).trimmingWhitespace().uppercased()
        guard !number.isEmpty, number.filter({ $0 == "." }).count <= 1, let value = Double(number), value > 0 else { return nil }
        let factors: [String: Double] = [
            "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
            "KIB": 1024, "MIB": 1_048_576, "GIB": 1_073_741_824, "TIB": 1_099_511_627_776,
        ]
        guard let factor = factors[unit] else { return nil }
        bytes = value * factor
    }
}
