/// The expected shape of a value in the site description.
///
/// `SiteFormat` describes the whole format with these; `StructureChecker` checks a file
/// against it and `JSONSchemaWriter` turns it into the published JSON Schema, so the two can
/// never disagree.
indirect enum Shape: Sendable {
    /// Text. A plain YAML number or boolean is not text (quote it).
    case text(TextFormat)
    /// Text or a number, for values such as a revision (`1.0`, `2b`).
    case textOrNumber
    case integer(ClosedRange<Int>?)
    case boolean
    /// One of a fixed set of words.
    case choice([String])
    case object(ObjectShape)
    /// A list of `minimum` entries or more, and no more than `maximum` when it is given: the
    /// bound on what no real site has, so that a small file cannot ask for a huge runbook.
    case list(Shape, minimum: Int, maximum: Int? = nil)
    /// A mapping from names the user chooses (such as network names) to values.
    case dictionary(Shape, keyMeaning: String)
    /// A scalar or a mapping, each with its own shape.
    case either(scalar: Shape, mapping: Shape)
    /// A mapping whose `type` key picks one of several object shapes.
    case tagged(TaggedShape)

    /// What the shape expects, in the words of a type error message.
    var expectation: String {
        switch self {
        case .text(let format): return format.expectation
        case .textOrNumber: return "text or a number"
        case .integer: return "a whole number"
        case .boolean: return "true or false"
        case .choice(let words): return "one of " + words.joined(separator: ", ")
        case .object, .dictionary, .tagged: return "a mapping"
        case .list: return "a list"
        case .either(let scalar, _): return "\(scalar.expectation) or a mapping"
        }
    }
}

/// What a text value means; it adds a JSON Schema `format` where one exists.
enum TextFormat: Sendable {
    case plain
    case ipv4
    case date
    case name
    case account
    case path

    var expectation: String {
        switch self {
        case .plain, .name, .path: return "text"
        case .ipv4: return "an IPv4 address as text"
        case .date: return "a date written YYYY-MM-DD"
        case .account: return "an account written DOMAIN\\user"
        }
    }
}

/// A mapping with a fixed set of keys.
struct ObjectShape: Sendable {
    /// The name of its definition in the JSON Schema.
    var name: String
    var summary: String
    var properties: [Property]
    /// Whether keys starting with `x-` are allowed and ignored (a home for YAML anchors).
    var allowsExtensions: Bool

    init(_ name: String, _ summary: String, allowsExtensions: Bool = false, _ properties: [Property]) {
        self.name = name
        self.summary = summary
        self.allowsExtensions = allowsExtensions
        self.properties = properties
    }

    static let extensionPrefix = "x-"

    func property(_ key: String) -> Property? { properties.first { $0.key == key } }
}

struct Property: Sendable {
    var key: String
    var shape: Shape
    var isRequired: Bool
    var summary: String
    /// The default as the user would write it, for the schema and the format reference.
    var defaultValue: String?
    /// Values the key refuses with a rule of their own, because the generic "must be one of"
    /// would not say why (a choice the format once offered and that breaks the cluster).
    var refusedValues: [RefusedValue] = []

    static func required(_ key: String, _ shape: Shape, _ summary: String) -> Property {
        Property(key: key, shape: shape, isRequired: true, summary: summary, defaultValue: nil)
    }

    static func optional(
        _ key: String, _ shape: Shape, _ summary: String, default value: String? = nil, refusing refused: [RefusedValue] = []
    ) -> Property {
        Property(key: key, shape: shape, isRequired: false, summary: summary, defaultValue: value, refusedValues: refused)
    }
}

/// A value a key refuses, with the rule that reports it and the reason and remedy it gives.
struct RefusedValue: Sendable {
    var value: String
    var id: DiagnosticID
    /// Why the value is wrong and what to write instead, as the end of the message.
    var reason: String
    /// The value to write instead, offered as the fix.
    var replacement: String?

    init(_ value: String, _ id: DiagnosticID, _ reason: String, replacement: String? = nil) {
        self.value = value
        self.id = id
        self.reason = reason
        self.replacement = replacement
    }
}

/// A mapping whose `type` key chooses the rest of its keys.
struct TaggedShape: Sendable {
    var name: String
    var summary: String
    var variants: [(tag: String, object: ObjectShape)]

    static let tagKey = "type"

    func variant(_ tag: String) -> ObjectShape? { variants.first { $0.tag == tag }?.object }
}
