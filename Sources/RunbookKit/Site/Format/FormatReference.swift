/// The site description reference as Markdown, for `docs/site-description.md` and `runbook schema --format markdown`.
///
/// One table per mapping, in the order a file is written, made from `SiteFormat` so the
/// documentation says exactly what the checks enforce.
public enum FormatReference {
    /// The reference: one Markdown table per mapping of the site description.
    public static func markdown() -> String {
        let root = SiteFormat.root
        var sections: [String] = []
        var seen: Set<String> = []
        var queue: [ReferenceSection] = [ReferenceSection(path: "", variant: nil, shape: root, tag: nil)]
        while !queue.isEmpty {
            let section = queue.removeFirst()
            var lines = ["### \(section.title)", "", section.shape.summary, ""]
            if let tag = section.tag {
                lines.append("With `\(TaggedShape.tagKey): \(tag)`.")
                lines.append("")
            }
            if section.shape.properties.isEmpty {
                lines.append("No other keys.")
            } else {
                lines.append("| key | value | required | meaning |")
                lines.append("| --- | --- | --- | --- |")
                for property in section.shape.properties {
                    let required = property.isRequired ? "yes" : "no" + (property.defaultValue.map { ", default \(cell($0))" } ?? "")
                    lines.append("| `\(property.key)` | \(describe(property.shape)) | \(required) | \(cell(property.summary)) |")
                    let path = section.path.isEmpty ? property.key : "\(section.path).\(property.key)"
                    for child in children(of: property.shape, path: path, variant: section.variant)
                    where !seen.contains(child.shape.name + (child.tag ?? "")) {
                        seen.insert(child.shape.name + (child.tag ?? ""))
                        queue.append(child)
                    }
                }
            }
            sections.append(lines.joined(separator: "\n"))
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// One mapping of the reference: where it sits in a file (`xprotect.computers`), and the
    /// variant of a tagged mapping it belongs to (`failover-instance`), inherited by the
    /// mappings inside it.
    private struct ReferenceSection {
        let path: String
        let variant: String?
        let shape: ObjectShape
        let tag: String?

        /// The heading: the path as code and the variant in brackets, such as
        /// "`sql-server.directories` (failover-instance)".
        var title: String {
            path.isEmpty ? "top level" : "`\(path)`" + (variant.map { " (\($0))" } ?? "")
        }
    }

    private static func children(of shape: Shape, path: String, variant: String?) -> [ReferenceSection] {
        switch shape {
        case .object(let object): return [ReferenceSection(path: path, variant: variant, shape: object, tag: nil)]
        case .list(let item, _, _): return children(of: item, path: path + "[]", variant: variant)
        case .dictionary(let value, _): return children(of: value, path: path + ".NAME", variant: variant)
        case .either(_, let mapping): return children(of: mapping, path: path, variant: variant)
        case .tagged(let tagged):
            return tagged.variants.map { ReferenceSection(path: path, variant: $0.tag, shape: $0.object, tag: $0.tag) }
        case .text, .textOrNumber, .integer, .boolean, .choice: return []
        }
    }

    private static func describe(_ shape: Shape) -> String {
        switch shape {
        case .text(.ipv4): return "IPv4 address"
        case .text(.date): return "date"
        case .text(.account): return "account"
        case .text(.path): return "path"
        case .text: return "text"
        case .textOrNumber: return "text or number"
        case .integer(let range?): return "number \(range.lowerBound)-\(range.upperBound)"
        case .integer(nil): return "number"
        case .boolean: return "true/false"
        case .choice(let words): return words.map { "`\($0)`" }.joined(separator: ", ")
        case .object: return "mapping"
        case .list(let item, _, let maximum): return "list of \(describe(item))" + (maximum.map { " (at most \($0))" } ?? "")
        case .dictionary(let value, let keyMeaning): return "\(keyMeaning): \(describe(value))"
        case .either(let scalar, _): return "\(describe(scalar)) or mapping"
        case .tagged(let tagged): return "mapping with `type`: " + tagged.variants.map { "`\($0.tag)`" }.joined(separator: ", ")
        }
    }

    /// Markdown table cell text: pipes escaped, backslashes kept visible.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
    }
}
