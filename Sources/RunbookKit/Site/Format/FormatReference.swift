/// The site description reference as Markdown, for the README and `runbook schema --format markdown`.
///
/// One table per mapping, in the order a file is written, made from `SiteFormat` so the
/// documentation says exactly what the checks enforce.
public enum FormatReference {
    /// The reference: one Markdown table per mapping of the site description.
    public static func markdown() -> String {
        let root = SiteFormat.root
        var sections: [String] = []
        var seen: Set<String> = []
        var queue: [(title: String, shape: ObjectShape, tag: String?)] = [("top level", root, nil)]
        while !queue.isEmpty {
            let (title, shape, tag) = queue.removeFirst()
            var lines = ["#### \(title)", "", shape.summary, ""]
            if let tag {
                lines.append("With `\(TaggedShape.tagKey): \(tag)`.")
                lines.append("")
            }
            if shape.properties.isEmpty {
                lines.append("No other keys.")
            } else {
                lines.append("| key | value | required | meaning |")
                lines.append("| --- | --- | --- | --- |")
                for property in shape.properties {
                    let required = property.isRequired ? "yes" : "no" + (property.defaultValue.map { ", default \(cell($0))" } ?? "")
                    lines.append("| `\(property.key)` | \(describe(property.shape)) | \(required) | \(cell(property.summary)) |")
                    for (childTitle, child, childTag) in children(of: property.shape, key: property.key, parent: title)
                    where !seen.contains(child.name + (childTag ?? "")) {
                        seen.insert(child.name + (childTag ?? ""))
                        queue.append((childTitle, child, childTag))
                    }
                }
            }
            sections.append(lines.joined(separator: "\n"))
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    private static func children(of shape: Shape, key: String, parent: String) -> [(String, ObjectShape, String?)] {
        let path = parent == "top level" ? key : "\(parent).\(key)"
        switch shape {
        case .object(let object): return [("`\(path)`", object, nil)]
        case .list(let item, _, _): return children(of: item, key: key + "[]", parent: parent)
        case .dictionary(let value, _): return children(of: value, key: key + ".NAME", parent: parent)
        case .either(_, let mapping): return children(of: mapping, key: key, parent: parent)
        case .tagged(let tagged): return tagged.variants.map { ("`\(path)` (\($0.tag))", $0.object, $0.tag) }
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
