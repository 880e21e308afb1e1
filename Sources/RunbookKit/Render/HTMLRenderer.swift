/// One self-contained HTML page per runbook: the shell's head and stylesheet, a header with
/// the site's facts, a navigation list of procedures, and every step as a list item with its
/// own anchor, its number, where and by whom it is done, and a labelled sign-off check box.
/// No script, no external asset.
struct HTMLRenderer: Sendable {
    var shells: PageShells
    /// For the PDF: the page made for paper, with a cover, the contents with page numbers, and
    /// running headers and page numbers in the page's margins.
    var paged: Bool
    /// The pictures, drawn inline as SVG.
    var artwork: Artwork

    init(shells: PageShells = .builtIn, paged: Bool = false, artwork: Artwork = Artwork()) {
        self.shells = shells
        self.paged = paged
        self.artwork = artwork
    }

    func render(_ document: Document) -> String {
        var body = Body(paged: paged, artwork: artwork)
        body.header(document)
        body.navigation(document)
        body.line("<main>")
        for item in document.introduction { body.block(item) }
        for section in document.sections { body.section(section) }
        body.line("</main>")
        return shells.html.filled([
            "lang": HTMLEscaping.attribute(document.language),
            "title": HTMLEscaping.text(document.title.plainText + " · " + document.metadata.site),
            "style": shells.css.text.trimmingNewlines() + "\n"
                + (paged ? Self.pageStyle(document) : "@page { size: \(document.metadata.paper.css); }"),
            "body": body.text.trimmingNewlines(),
        ])
    }

    /// The most rows a table may have and still be kept on one page on paper.
    static let shortTableRows = 10

    /// The longest value or code word kept whole on paper; a longer one may break where it must.
    static let wholeLength = 48

    /// One line of code for paper: each word (a run without spaces outside quotes, so a quoted
    /// name with spaces is one word) that is not too long is kept whole; the line breaks only
    /// between words. An empty line stays a line.
    static func keptWhole(_ line: String) -> String {
        var result = ""
        var word = ""
        var quote: Character?
        func flush() {
            guard !word.isEmpty else { return }
            let escaped = HTMLEscaping.text(word)
            result += word.count <= wholeLength ? "<span class=\"nb\">\(escaped)</span>" : escaped
            word = ""
        }
        for character in line {
            if character == " " && quote == nil {
                flush()
                result += " "
                continue
            }
            if character == "'" || character == "\"" {
                if quote == nil { quote = character } else if quote == character { quote = nil }
            }
            word.append(character)
        }
        flush()
        return result.isEmpty ? " " : result
    }

    /// The paged page's `@page` rules: the site's paper, the site and the runbook at the top,
    /// the revision and "page N of M" at the bottom, none of it on the cover.
    static func pageStyle(_ document: Document) -> String {
        let meta = document.metadata
        let runbook = document.runningTitle
        let margin = "font-size: 8pt; color: #5b6475; overflow-wrap: anywhere;"
        // A margin box holds a line or two: a site's name of 200 letters is cut short there (the
        // cover gives it whole).
        func running(_ text: String) -> String { text.count > 60 ? String(text.prefix(59)) + "…" : text }
        return """
            @page { size: \(meta.paper.css); margin: 18mm 16mm 18mm 16mm;
              @top-left { content: \(CSSEscaping.string(running(meta.site))); \(margin) }
              @top-right { content: \(CSSEscaping.string(running(runbook))); \(margin) }
              @bottom-left { content: \(CSSEscaping.string(running("Revision " + meta.revision))); \(margin) }
              @bottom-right { content: "Page " counter(page) " of " counter(pages); \(margin) } }
            @page :first { @top-left { content: none; } @top-right { content: none; } @bottom-left { content: none; } @bottom-right { content: none; } }
            h1 { bookmark-level: none; }
            h2 { bookmark-level: 1; }
            """
    }

    struct Body {
        var text = ""
        /// For paper: short typed values and the words of code lines are kept whole.
        var paged = false
        var artwork = Artwork()

        mutating func line(_ line: String) { text += line + "\n" }

        mutating func header(_ document: Document) {
            let meta = document.metadata
            line("<header class=\"doc\">")
            line("<p class=\"doc-kind\">Runbook</p>")
            line("<h1>\(inlines(document.title))</h1>")
            line("<dl class=\"doc-meta\">")
            for (label, value) in meta.coverFacts {
                line("<div><dt>\(HTMLEscaping.text(label))</dt><dd>\(HTMLEscaping.text(value))</dd></div>")
            }
            line("</dl>")
            line("</header>")
        }

        mutating func navigation(_ document: Document) {
            line("<nav class=\"toc\" id=\"contents\" aria-labelledby=\"contents-title\">")
            line("<h2 id=\"contents-title\">Contents</h2>")
            line("<ul>")
            for section in document.sections {
                line("<li><a href=\"#\(HTMLEscaping.attribute(section.id.rawValue))\">\(HTMLEscaping.text(section.title.plainText))</a></li>")
            }
            line("</ul>")
            line("</nav>")
        }

        mutating func section(_ section: Section) {
            let kind: String
            switch section.kind {
            case .overview: kind = "overview"
            case .procedure: kind = "procedure"
            case .acceptance: kind = "acceptance"
            }
            let id = HTMLEscaping.attribute(section.id.rawValue)
            line("<section class=\"\(kind)\" id=\"\(id)\">")
            line("<h2>\(inlines(section.title))</h2>")
            if !section.facts.isEmpty {
                line("<dl class=\"facts\">")
                for fact in section.facts {
                    line(
                        "<div class=\"fact-\(fact.kind.rawValue)\"><dt>\(HTMLEscaping.text(fact.kind.label))</dt><dd>\(inlines(fact.value))</dd></div>"
                    )
                }
                line("</dl>")
            }
            for item in section.blocks { block(item) }
            line("</section>")
        }

        mutating func block(_ item: Block) {
            switch item {
            case .paragraph(let content):
                line("<p>\(inlines(content))</p>")
            case .result(let content):
                line("<p class=\"result\"><span class=\"result-label\">Result:</span> \(inlines(content))</p>")
            case .admonition(let admonition):
                let kind = admonition.kind.rawValue
                line("<aside class=\"admonition \(kind)\" role=\"note\" aria-label=\"\(admonition.kind.label)\">")
                line("<p class=\"admonition-label\">\(admonition.kind.label)</p>")
                line("<p>\(inlines(admonition.text))</p>")
                line("</aside>")
            case .table(let table):
                // A wide table scrolls on its own on a narrow screen, not the whole page.
                line("<div class=\"table-scroll\">")
                // On paper a short table is kept on one page; a long one may go on over the next.
                let classes = (table.form ? ["form"] : []) + (table.rows.count > HTMLRenderer.shortTableRows ? ["long"] : [])
                line(classes.isEmpty ? "<table>" : "<table class=\"\(classes.joined(separator: " "))\">")
                line("<caption>\(inlines(table.caption))</caption>")
                if let percentages = table.percentages {
                    line("<colgroup>" + percentages.map { "<col style=\"width: \($0)%\">" }.joined() + "</colgroup>")
                }
                line("<thead><tr>" + table.columns.map { "<th scope=\"col\">\(inlines($0))</th>" }.joined() + "</tr></thead>")
                line("<tbody>")
                for row in table.rows {
                    var cells = ""
                    for (index, cell) in row.enumerated() {
                        cells += index == 0 && !table.form ? "<th scope=\"row\">\(inlines(cell))</th>" : "<td>\(inlines(cell))</td>"
                    }
                    cells += String(repeating: "<td></td>", count: max(0, table.columns.count - row.count))
                    line("<tr>\(cells)</tr>")
                }
                line("</tbody>")
                line("</table>")
                line("</div>")
            case .code(let code):
                let language = HTMLEscaping.attribute(code.language)
                var source = code.code
                if source.hasSuffix("\n") { source.removeLast() }
                // A newline right after <pre> is dropped by parsers; start the code on the same line.
                // On paper each line is a block that wraps at its spaces only, never inside a
                // word or a quoted string, and goes on indented, so a wrapped line reads as one.
                let text =
                    paged
                    ? source.split(separator: "\n", omittingEmptySubsequences: false).map {
                        "<span class=\"line\">\(HTMLRenderer.keptWhole(String($0)))</span>"
                    }
                    .joined()
                    : HTMLEscaping.text(source)
                line("<pre data-language=\"\(language)\"><code class=\"language-\(language)\">\(text)</code></pre>")
            case .figure(let figure):
                line("<figure class=\"diagram\" id=\"\(HTMLEscaping.attribute(figure.id.rawValue))\">")
                if let picture = artwork[figure] {
                    // The picture is an image to assistive technology, named by its description.
                    let label = "<svg role=\"img\" aria-label=\"\(HTMLEscaping.attribute(figure.description))\" "
                    text += picture.svg.replacingOccurrences(of: "<svg ", with: label, options: .anchored)
                } else {
                    line("<p class=\"figure-text\">\(HTMLEscaping.text(figure.description))</p>")
                }
                let caption = figure.caption.isEmpty ? "" : " " + inlines(figure.caption)
                line("<figcaption><span class=\"figure-title\">\(inlines(figure.title))</span>\(caption)</figcaption>")
                line("</figure>")
            case .procedure(let procedure):
                line("<ol class=\"steps\">")
                for step in procedure.steps { self.step(step, computer: procedure.computer, role: procedure.role) }
                line("</ol>")
            }
        }

        /// A step shows where and by whom only when that differs from its procedure (which says
        /// it once, at the top), and a substep only when it differs from its step.
        mutating func step(_ step: Step, computer: Computer, role: Role) {
            let id = HTMLEscaping.attribute(step.id.rawValue)
            let signOff = HTMLEscaping.attribute(step.signOff.rawValue)
            line("<li class=\"step\" id=\"\(id)\">")
            line("<div class=\"step-head\">")
            line("<a class=\"step-number\" href=\"#\(id)\">\(step.label)</a>")
            line(
                "<span class=\"sign-off\"><input type=\"checkbox\" id=\"\(signOff)\">"
                    + "<label for=\"\(signOff)\">Done<span class=\"visually-hidden\"> step \(step.label)</span></label></span>")
            // Room to write on paper who did the step and when.
            line(
                "<span class=\"write-in\">Initials<span class=\"blank\"></span></span><span class=\"write-in\">Time<span class=\"blank\"></span></span>"
            )
            if computer != step.computer || role != step.role {
                line("<span class=\"step-where\">on \(HTMLEscaping.text(step.computer.readerName)) · \(HTMLEscaping.text(step.role.name))</span>")
            }
            line("</div>")
            for item in step.blocks { block(item) }
            if !step.substeps.isEmpty {
                line("<ol class=\"substeps\">")
                for substep in step.substeps { self.step(substep, computer: step.computer, role: step.role) }
                line("</ol>")
            }
            for item in step.closing { block(item) }
            line("</li>")
        }

        func inlines(_ content: [Inline]) -> String {
            content.map(inline).joined()
        }

        func inline(_ item: Inline) -> String {
            func span(_ kind: String, _ value: String) -> String { "<span class=\"\(kind)\">\(HTMLEscaping.text(value))</span>" }
            // On paper a value typed or read as a whole is not broken where it fits on a line.
            func whole(_ value: String) -> String { paged && value.count <= HTMLRenderer.wholeLength ? " nb" : "" }
            switch item {
            case .text(let value): return HTMLEscaping.text(value)
            case .button(let value): return span("gui-button", value)
            case .label(let value): return span("gui-label", value)
            case .window(let value): return span("gui-window", value)
            case .menu(let items):
                return "<span class=\"gui-menu\">" + items.map { span("gui-menuitem", $0) }.joined(separator: " &gt; ") + "</span>"
            case .file(let value): return "<code class=\"file\(whole(value))\">\(HTMLEscaping.text(value))</code>"
            case .userInput(let value): return (whole(value).isEmpty ? "<kbd>" : "<kbd class=\"nb\">") + HTMLEscaping.text(value) + "</kbd>"
            case .service(let value): return span("service", value)
            case .address(let value): return "<code class=\"address\(whole(value))\">\(HTMLEscaping.text(value))</code>"
            case .url(let value): return "<code class=\"url\(whole(value))\">\(HTMLEscaping.text(value))</code>"
            case .value(let value, let kind): return span("value value-\(kind.rawValue)\(whole(value))", value)
            case .crossReference(let anchor, let value):
                return "<a href=\"#\(HTMLEscaping.attribute(anchor.rawValue))\">\(HTMLEscaping.text(value))</a>"
            }
        }
    }
}
