import Foundation

/// A page around a rendered runbook: the HTML head and stylesheet, the DocBook root and its
/// `info`. Shells live in `Templates/shells/` so a documentation team can brand them; a
/// `--templates` folder with a `shells/` folder replaces them file by file.
///
/// A shell is text with `{{name}}` placeholders. Each is filled in one pass with text the
/// renderer has already escaped for the shell's format, so a value can never add a placeholder.
struct PageShell: Sendable, Hashable {
    var text: String
    /// Where the shell came from, for diagnostics.
    var file: String

    init(text: String, file: String) {
        self.text = text
        self.file = file
    }

    /// Every placeholder, with its line and column.
    func placeholders() -> [(name: String, location: SourceLocation)] {
        var result: [(String, SourceLocation)] = []
        var line = 1
        var column = 1
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("{{"), let close = text[index...].range(of: "}}") {
                let name = String(text[text.index(index, offsetBy: 2)..<close.lowerBound])
                if !name.contains("\n") {
                    result.append((name.trimmingWhitespace(), SourceLocation(file: file, line: line, column: column)))
                    column += text[index..<close.upperBound].count
                    index = close.upperBound
                    continue
                }
            }
            if text[index] == "\n" || text[index] == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index = text.index(after: index)
        }
        return result
    }

    /// Checks the shell's placeholders against the ones the renderer fills.
    func check(allowed: [String], required: [String]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let found = placeholders()
        for (name, location) in found where !allowed.contains(name) {
            let suggestion = Spelling.suggestion(for: name, among: allowed)
            diagnostics.append(
                Diagnostic(
                    .templateShell, "unknown placeholder {{\(name)}}; a shell may use " + allowed.map { "{{\($0)}}" }.joined(separator: ", "),
                    at: location, suggestion: suggestion))
        }
        for name in required where !found.contains(where: { $0.name == name }) {
            diagnostics.append(
                Diagnostic(
                    .templateShell, "the shell has no {{\(name)}} placeholder; add it where the \(name) belongs",
                    at: SourceLocation(file: file, line: 1, column: 1)))
        }
        return diagnostics
    }

    /// The shell with every placeholder replaced; unknown names are left as they are
    /// (``check(allowed:required:)`` reports them when the catalog loads).
    func filled(_ values: [String: String]) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + values.values.map(\.utf8.count).reduce(0, +))
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = rest[open.upperBound..<close.lowerBound].trimmingWhitespace()
            result += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        result += rest
        return result
    }
}

/// The three shells the renderers use: the HTML page, its stylesheet, and the DocBook root.
public struct PageShells: Sendable, Hashable {
    var html: PageShell
    var css: PageShell
    var docbook: PageShell

    static let htmlPlaceholders = (allowed: ["lang", "title", "style", "body"], required: ["title", "body"])
    static let docbookPlaceholders = (allowed: ["lang", "id", "info", "body"], required: ["info", "body"])

    /// The shells compiled into the library.
    public static var builtIn: PageShells {
        func shell(_ name: String) -> PageShell {
            let path = "Templates/shells/" + name
            let text = EmbeddedResources.data(at: path).flatMap { String(data: $0, encoding: .utf8) } ?? ""
            return PageShell(text: text, file: "(built-in) " + path)
        }
        return PageShells(html: shell("page.html"), css: shell("page.css"), docbook: shell("docbook.xml"))
    }

    func check() -> [Diagnostic] {
        html.check(allowed: Self.htmlPlaceholders.allowed, required: Self.htmlPlaceholders.required)
            + css.check(allowed: [], required: [])
            + docbook.check(allowed: Self.docbookPlaceholders.allowed, required: Self.docbookPlaceholders.required)
    }
}
