/// Where a value sits in a YAML document (a site description or a template), in the user's
/// words: `nodes[1].addresses.iSCSI`.
struct YAMLPath: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    var components: [Component]

    init(_ components: [Component] = []) {
        self.components = components
    }

    /// Parses the written form, such as `nodes[1].addresses.iSCSI`.
    init(stringLiteral value: String) {
        var components: [Component] = []
        for part in value.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                if bracket > rest.startIndex { components.append(.key(String(rest[..<bracket]))) }
                rest = rest[bracket...]
                while rest.first == "[", let end = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<end]) {
                    components.append(.index(index))
                    rest = rest[rest.index(after: end)...]
                }
            } else {
                components.append(.key(String(rest)))
            }
        }
        self.components = components
    }

    func key(_ key: String) -> YAMLPath { YAMLPath(components + [.key(key)]) }
    func index(_ index: Int) -> YAMLPath { YAMLPath(components + [.index(index)]) }

    var description: String {
        var out = ""
        for component in components {
            switch component {
            case .key(let key): out += out.isEmpty ? key : "." + key
            case .index(let index): out += "[\(index)]"
            }
        }
        return out.isEmpty ? "the top level" : out
    }
}

/// The source location of every value in a site description, by path.
struct SourceMap: Sendable {
    let file: String
    var values: [YAMLPath: SourceLocation] = [:]

    init(file: String) {
        self.file = file
    }

    /// Where the value at `path` starts; the nearest enclosing value when it is absent (a key
    /// left out and filled in by its default), and the file's start as a last resort.
    subscript(path: YAMLPath) -> SourceLocation {
        var probe = path
        while true {
            if let location = values[probe] { return location }
            if probe.components.isEmpty { return SourceLocation(file: file, line: 1, column: 1) }
            probe.components.removeLast()
        }
    }

    /// Records where a value starts, unless its key was recorded (lists and mappings are
    /// better pointed at by their key, `nodes:`, than by their first entry).
    mutating func record(_ path: YAMLPath, _ location: SourceLocation) {
        if values[path] == nil { values[path] = location }
    }

    /// Records the key of a list or mapping value as the place to point at.
    mutating func recordKey(_ path: YAMLPath, _ location: SourceLocation) {
        values[path] = location
    }
}
