/// A YAML (or JSON) node with the position it came from.
///
/// Composed by `YAMLComposer` from libyaml's events rather than by Yams' own composer, so
/// that every duplicate key can be reported, aliases stay bounded, and merge keys resolve.
struct YAMLNode: Sendable, Hashable {
    enum Content: Sendable, Hashable {
        case scalar(Scalar)
        case sequence([YAMLNode])
        case mapping([Pair])
    }

    struct Scalar: Sendable, Hashable {
        enum Style: Sendable, Hashable {
            case plain, singleQuoted, doubleQuoted, literal, folded
        }

        var text: String
        var style: Style
        /// Quoted, literal and folded scalars are always text; plain ones are resolved.
        var isPlain: Bool { style == .plain }
        /// True for an explicit `!!str` tag.
        var isTaggedString: Bool

        var kind: ScalarKind {
            isPlain && !isTaggedString ? ScalarKind(plain: text) : .string
        }
    }

    struct Pair: Sendable, Hashable {
        var key: YAMLNode
        var value: YAMLNode
    }

    var content: Content
    var line: Int
    var column: Int

    var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    var mapping: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The value of the first pair whose key is the plain text `key`.
    subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar?.text == key }?.value
    }

    /// The scalar as an integer as YAML 1.2 writes one (`12`, `0x1F`, `0o17`), or nil.
    var integer: Int? {
        guard let text else { return nil }
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        return Int(text)
    }

    /// The scalar as a boolean as YAML 1.2 writes one (`true`, `False`), or nil for anything
    /// else: text that reads `yes` or a quoted "true" is no boolean.
    var boolean: Bool? {
        guard let scalar, scalar.kind == .bool else { return nil }
        return scalar.text.lowercased() == "true"
    }

    /// The scalar's text, or nil for a null or a collection.
    var text: String? {
        guard let scalar, scalar.kind != .null else { return nil }
        return scalar.text
    }

    /// What this node is, in the words of a type error message.
    var kindDescription: String {
        switch content {
        case .scalar(let scalar): return scalar.kind.description
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

/// The type of a scalar under the YAML 1.2 core schema, which JSON also follows.
///
/// YAML 1.1's extra booleans (`yes`, `no`, `on`, `off`) are text here, as in YAML 1.2, so a
/// value such as `NO` never turns into `false` behind the user's back.
enum ScalarKind: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool
    case integer
    case float
    case string

    init(plain text: String) {
        switch text {
        case "", "~", "null", "Null", "NULL": self = .null
        case "true", "True", "TRUE", "false", "False", "FALSE": self = .bool
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            self = .float
        default:
            if Self.isInteger(text) {
                self = .integer
            } else if Self.isFloat(text) {
                self = .float
            } else {
                self = .string
            }
        }
    }

    var description: String {
        switch self {
        case .null: return "an empty value"
        case .bool: return "true or false"
        case .integer: return "a whole number"
        case .float: return "a decimal number"
        case .string: return "text"
        }
    }

    private static func isInteger(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("0o") { return body.count > 2 && body.dropFirst(2).allSatisfy { ("0"..."7").contains($0) } }
        if body.hasPrefix("0x") { return body.count > 2 && body.dropFirst(2).allSatisfy(\.isHexDigit) }
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        return !body.isEmpty && body.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func isFloat(_ text: String) -> Bool {
        // [-+]? ( . [0-9]+ | [0-9]+ ( . [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var chars = Substring(text)
        if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
        let digits: (inout Substring) -> Int = { s in
            let n = s.prefix { $0.isASCII && $0.isNumber }.count
            s = s.dropFirst(n)
            return n
        }
        let whole = digits(&chars)
        var fraction = 0
        var hasPoint = false
        if chars.first == "." {
            hasPoint = true
            chars = chars.dropFirst()
            fraction = digits(&chars)
        }
        guard whole > 0 || (hasPoint && fraction > 0) else { return false }
        if chars.first == "e" || chars.first == "E" {
            chars = chars.dropFirst()
            if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
            guard digits(&chars) > 0 else { return false }
        }
        return chars.isEmpty
    }
}
