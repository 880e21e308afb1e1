/// GitHub-flavoured Markdown: ATX headings, a contents list, numbered steps with their
/// substeps nested, GFM tables, alerts for notes, fenced code with a language.
///
/// Prose is wrapped at 80 columns. Headings, table rows and code cannot be wrapped without
/// changing them, so a top-level block with a longer line is preceded by a pymarkdown pragma
/// that exempts exactly its lines from the line-length rule.
///
/// Markdown has no anchors of its own: links point at the fragments GitHub derives from
/// heading text, which is why only sections can be linked to.
struct MarkdownRenderer: Sendable {
    /// The longest prose line.
    static let width = 80

    init() {}

    func render(_ document: Document) -> String {
        var writer = Writer(document: document)
        writer.write()
        return writer.finish()
    }

    struct Writer {
        let document: Document
        /// The GitHub fragment of every section heading.
        var fragments: [Anchor: String] = [:]
        var lines: [String] = []

        init(document: Document) {
            self.document = document
            var used: [String: Int] = [:]
            func fragment(_ title: String) -> String {
                let base = MarkdownEscaping.headingSlug(title)
                let count = used[base, default: 0]
                used[base] = count + 1
                return count == 0 ? base : "\(base)-\(count)"
            }
            _ = fragment(document.title.plainText)
            _ = fragment("Contents")
            for section in document.sections { fragments[section.id] = fragment(section.title.plainText) }
        }

        mutating func finish() -> String {
            while lines.last == "" { lines.removeLast() }
            return lines.map { line in
                var line = line
                while line.last == " " { line.removeLast() }
                return line
            }.joined(separator: "\n") + "\n"
        }

        /// Adds a top-level block after a blank line, with the pragma it needs.
        mutating func block(_ blockLines: [String]) {
            if !lines.isEmpty && lines.last != "" { lines.append("") }
            if Self.quoteFollowsQuote(lines, blockLines) { lines += [Self.quoteSeparator, ""] }
            var rules: [String] = []
            if blockLines.contains(where: Self.isLong) { rules.append("line-length") }
            if Self.hasPromptOnlyCode(blockLines) { rules.append("commands-show-output") }
            // A heading that ends with the user's punctuation (a site named "Plant 2.") keeps it.
            if blockLines.count == 1, blockLines[0].hasPrefix("#"), let last = MarkdownEscaping.trimmingSpaces(blockLines[0]).last,
                ".,;:!。，；：！".contains(last)
            {
                rules.append("no-trailing-punctuation")
            }
            if !rules.isEmpty {
                lines.append(
                    blockLines.count == 1
                        ? "<!-- pyml disable-next-line \(rules.joined(separator: ","))-->"
                        : "<!-- pyml disable-num-lines \(blockLines.count) \(rules.joined(separator: ","))-->")
            }
            lines += blockLines
        }

        /// Two block quotes (a warning, then a note) with only a blank line between them read as
        /// one quote to some renderers (markdownlint's no-blanks-blockquote); an HTML comment
        /// between them keeps them apart everywhere and shows nothing.
        static let quoteSeparator = "<!-- -->"

        static func quoteFollowsQuote(_ before: [String], _ next: [String]) -> Bool {
            guard let previous = before.last(where: { !$0.isEmpty }), let first = next.first else { return false }
            return previous.trimmingWhitespace().hasPrefix(">") && first.hasPrefix(">")
        }

        /// Longer than the width with a space past it: what the line-length rule reports.
        static func isLong(_ line: String) -> Bool {
            line.count > width && line.dropFirst(width).contains(" ")
        }

        /// A fence whose every line starts with `$` (PowerShell variables), which the
        /// commands-show-output rule mistakes for shell prompts.
        static func hasPromptOnlyCode(_ lines: [String]) -> Bool {
            var fence: String?
            var body: [String] = []
            for line in lines {
                let trimmed = line.drop { $0 == " " }
                if let open = fence {
                    if trimmed == open {
                        if !body.isEmpty && body.allSatisfy({ $0.hasPrefix("$") }) { return true }
                        fence = nil
                    } else if !trimmed.isEmpty {
                        body.append(String(trimmed))
                    }
                } else if trimmed.hasPrefix("```") {
                    fence = String(trimmed.prefix { $0 == "`" })
                    body = []
                }
            }
            return false
        }

        mutating func write() {
            block(["# " + heading(document.title)])
            let meta = document.metadata
            var facts: [(String, String)] = [
                ("Site", meta.site), ("Customer", meta.customer), ("Author", meta.author), ("Revision", meta.revision),
            ]
            if let date = meta.date { facts.append(("Date", date)) }
            facts.append(("Estimated time", PlanReport.duration(meta.duration)))
            block(
                facts.flatMap {
                    MarkdownEscaping.wrap(MarkdownEscaping.text($0.1, breakable: true), width: width, first: "- **\($0.0):** ", rest: "  ")
                })
            for item in document.introduction { block(lines(item, width: width)) }
            block(["## Contents"])
            block(
                document.sections.flatMap { section in
                    let title = MarkdownEscaping.text(section.title.plainText, breakable: true)
                    return MarkdownEscaping.wrap("[" + title + "](#\(fragments[section.id] ?? ""))", width: width, first: "- ", rest: "  ")
                })
            for section in document.sections { self.section(section) }
        }

        mutating func section(_ section: Section) {
            block(["## " + heading(section.title)])
            if !section.facts.isEmpty {
                // Break between facts and between references, never inside a value such as 7 min.
                let facts = section.facts.map { fact in
                    "**\(fact.kind.label):** " + inlines(fact.value, breakable: fact.kind == .prerequisites)
                }
                block(MarkdownEscaping.wrap(facts.joined(separator: " ·" + String(MarkdownEscaping.breakOpportunity)), width: width))
            }
            for item in section.blocks {
                if case .admonition(let admonition) = item {
                    // A GitHub alert, which is allowed only outside lists.
                    let text = inlines(admonition.text, atBlockStart: true, breakable: true)
                    block(["> [!\(admonition.kind.rawValue.uppercased())]"] + MarkdownEscaping.wrap(text, width: width, first: "> ", rest: "> "))
                } else {
                    block(lines(item, width: width))
                }
            }
        }

        func heading(_ content: [Inline]) -> String {
            MarkdownEscaping.heading(MarkdownEscaping.unbroken(inlines(content)))
        }

        /// A block as unindented lines, prose wrapped to `width`.
        func lines(_ item: Block, width: Int) -> [String] {
            switch item {
            case .paragraph(let text):
                return MarkdownEscaping.wrap(inlines(text, atBlockStart: true, breakable: true), width: width)
            case .result(let text):
                return MarkdownEscaping.wrap(inlines(text, breakable: true), width: width, first: "**Result:** ")
            case .admonition(let admonition):
                return MarkdownEscaping.wrap(
                    inlines(admonition.text, breakable: true), width: width, first: "> **\(admonition.kind.label):** ", rest: "> ")
            case .table(let table):
                func row(_ cells: [String]) -> String {
                    // One space each side of a cell, whatever white space its text starts or ends with.
                    let cells = cells.map(MarkdownEscaping.trimmingSpaces)
                    return "|" + cells.map { $0.isEmpty ? " " : " \($0) " }.joined(separator: "|") + "|"
                }
                var rows = MarkdownEscaping.wrap(inlines(table.caption, breakable: true), width: width, first: "Table: ") + [""]
                rows.append(row(table.columns.map { inlines($0, inTable: true) }))
                rows.append(row(Array(repeating: "---", count: table.columns.count)))
                for cells in table.rows {
                    var rendered = cells.map { inlines($0, inTable: true) }
                    rendered += Array(repeating: "", count: max(0, table.columns.count - rendered.count))
                    rows.append(row(rendered))
                }
                return rows
            case .code(let code):
                return MarkdownEscaping.codeBlock(code.code, language: code.language, indent: "")
            case .figure(let figure):
                // A Mermaid diagram, which GitHub draws; its title above it, what to see in it below.
                var rows = MarkdownEscaping.wrap(inlines(figure.title, breakable: true), width: width, first: "Figure: ") + [""]
                rows += MarkdownEscaping.codeBlock(Mermaid.source(figure.diagram), language: "mermaid", indent: "")
                if !figure.caption.isEmpty { rows += [""] + MarkdownEscaping.wrap(inlines(figure.caption, breakable: true), width: width) }
                return rows
            case .procedure(let procedure):
                var items: [String] = []
                for (index, step) in procedure.steps.enumerated() {
                    if index > 0 { items.append("") }
                    items += listItem(step, marker: "\(index + 1).", width: width)
                }
                return items
            }
        }

        /// One numbered list item: the instruction on the marker line, every other block
        /// indented to the item's content column, substeps as a nested numbered list.
        func listItem(_ step: Step, marker: String, width: Int) -> [String] {
            let indent = String(repeating: " ", count: marker.count + 1)
            let inner = max(width - indent.count, 40)
            // The instruction opens with a task box, which GitHub shows as a check box.
            var blocks = step.blocks.enumerated().map { index, block in
                if index == 0, case .paragraph(let text) = block {
                    return MarkdownEscaping.wrap(inlines(text, atBlockStart: true, breakable: true), width: inner, first: "[ ] ")
                }
                return lines(block, width: inner)
            }
            if !step.substeps.isEmpty {
                blocks.append(lines(.procedure(Procedure(steps: step.substeps, computer: step.computer, role: step.role)), width: inner))
            }
            blocks += step.closing.map { lines($0, width: inner) }
            var result: [String] = []
            for (index, blockLines) in blocks.enumerated() {
                if index > 0 { result.append("") }
                if index > 0 && Writer.quoteFollowsQuote(blocks[index - 1], blockLines) {
                    result += [indent + Writer.quoteSeparator, ""]
                }
                for (number, line) in blockLines.enumerated() {
                    if index == 0 && number == 0 {
                        result.append(marker + " " + line)
                    } else {
                        result.append(line.isEmpty ? "" : indent + line)
                    }
                }
            }
            return result
        }

        func inlines(_ content: [Inline], atBlockStart: Bool = false, inTable: Bool = false, breakable: Bool = false) -> String {
            var result = ""
            for item in content {
                let piece = inline(item, inTable: inTable, breakable: breakable)
                // A line may also start with strong text, a link or a short code span.
                if breakable && result.hasSuffix(" ")
                    && (piece.hasPrefix("**") || piece.hasPrefix("[") || (piece.hasPrefix("`") && !piece.hasPrefix("```")))
                {
                    result.removeLast()
                    result.append(MarkdownEscaping.breakOpportunity)
                }
                result += piece
            }
            // Guarded as a whole: a value "2" and the text ". Next" together would open a list.
            return atBlockStart ? MarkdownEscaping.guardBlockStart(result) : result
        }

        func inline(_ item: Inline, inTable: Bool, breakable: Bool) -> String {
            func text(_ value: String) -> String { MarkdownEscaping.text(value, breakable: breakable) }
            func strong(_ value: String) -> String { value.isEmpty ? "" : "**" + MarkdownEscaping.text(value) + "**" }
            func code(_ value: String) -> String { MarkdownEscaping.codeSpan(value, inTable: inTable) }
            switch item {
            case .text(let value): return text(value)
            case .button(let value), .label(let value), .window(let value), .service(let value): return strong(value)
            case .menu(let items): return items.map(strong).joined(separator: " > ")
            case .file(let value), .userInput(let value), .address(let value), .url(let value): return code(value)
            case .value(let value, let kind):
                switch kind {
                case .address, .account, .path, .url: return code(value)
                case .plain, .computerName, .domainName, .service, .number: return text(value)
                }
            case .crossReference(let anchor, let value):
                guard let fragment = fragments[anchor] else { return text(value) }
                return "[\(MarkdownEscaping.text(value, breakable: breakable))](#\(fragment))"
            }
        }
    }
}
