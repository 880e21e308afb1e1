/// Inline content with meaning, not just emphasis: what each renderer turns into its own
/// element (`guibutton`, `menuchoice`, `systemitem`...).
enum Inline: Sendable, Hashable {
    case text(String)
    /// A button the user clicks.
    case button(String)
    /// A label, check box or option in a window.
    case label(String)
    /// A window, wizard, wizard page or pane.
    case window(String)
    /// A menu path, such as Tools > Failover Cluster Manager.
    case menu([String])
    case file(String)
    /// Text the user types.
    case userInput(String)
    /// A Windows service, by name.
    case service(String)
    case address(String)
    case url(String)
    /// A value from the site description, with what it is.
    case value(String, ValueKind)
    /// A link to a section or step of the same document, shown as `text`.
    case crossReference(Anchor, String)

    /// The text a reader sees, without markup.
    var plainText: String {
        switch self {
        case .text(let text), .button(let text), .label(let text), .window(let text), .file(let text),
            .userInput(let text), .service(let text), .address(let text), .url(let text), .value(let text, _),
            .crossReference(_, let text):
            return text
        case .menu(let items): return items.joined(separator: " > ")
        }
    }
}

/// What a site value is, so that renderers can mark it up as such.
enum ValueKind: String, Sendable, Hashable {
    case plain
    case address
    case computerName = "computer-name"
    case domainName = "domain-name"
    case account
    case path
    case url
    case service
    case number
}

extension Array where Element == Inline {
    var plainText: String { map(\.plainText).joined() }
}

/// A stable identifier for a section or step: an XML NCName and an HTML id at once, unique
/// within its document and derived only from template and site ids, so it survives regeneration.
struct Anchor: Sendable, Hashable, CustomStringConvertible {
    let rawValue: String
    init(_ rawValue: String) { self.rawValue = rawValue }
    var description: String { rawValue }
}
