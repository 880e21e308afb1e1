/// A site value as templates see it: text with its kind, a list, or a record of named values.
indirect enum ParameterValue: Sendable, Hashable {
    case text(String, ValueKind)
    case list([ParameterValue])
    case record([String: ParameterValue])

    static func plain(_ text: String) -> ParameterValue { .text(text, .plain) }

    /// True for non-empty text and lists, and for records; what a `when` condition tests.
    var isTruthy: Bool {
        switch self {
        case .text(let text, _): return !text.isEmpty
        case .list(let items): return !items.isEmpty
        case .record: return true
        }
    }

    subscript(key: String) -> ParameterValue? {
        if case .record(let fields) = self { return fields[key] }
        return nil
    }
}

/// The values a template can refer to, with loop variables on top.
struct ParameterScope: Sendable {
    var root: [String: ParameterValue]

    enum Lookup: Equatable {
        case found(ParameterValue)
        /// The first part of the path that does not exist, and the names that do exist there.
        case missing(known: [String])
    }

    func lookup(_ path: String) -> Lookup {
        var current = ParameterValue.record(root)
        for part in path.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
            guard case .record(let fields) = current, let next = fields[part] else {
                if case .record(let fields) = current { return .missing(known: fields.keys.sorted()) }
                return .missing(known: [])
            }
            current = next
        }
        return .found(current)
    }

    func binding(_ name: String, to value: ParameterValue) -> ParameterScope {
        var copy = self
        copy.root[name] = value
        return copy
    }
}
