import Foundation
import Testing

@testable import RunbookKit

@Suite("Escaping and validation")
struct EscapingTests {
    static let hostile = [
        "a | b", "*not emphasis*", "_x_", "`tick` ``double``", "[link](http://x)", "<script>alert(1)</script>", "# heading",
        "- item", "1. item", "> quote", "]]> &amp; &lt; \"quoted\" 'single'", "C:\\Program Files\\", "\\\\server\\share$",
        "שלום עולם", "emoji 🛰️ ok", "~~strike~~", "=== setext", "+ plus", "![image](x.png)", "{{body}}",
        "see https://evil.example.com and www.evil.com or me@evil.example.com", "x\r# Heading\r- item", "&copy", "2",
    ]

    /// A document whose every inline kind carries `text`.
    static func document(_ text: String) -> Document {
        let inlines: [Inline] = [
            .text(text), .text(" "), .button(text), .text(" "), .label(text), .text(" "), .window(text), .text(" "), .menu([text, text]),
            .text(" "), .file(text), .text(" "), .userInput(text), .text(" "), .service(text), .text(" "), .address(text), .text(" "),
            .url(text), .text(" "), .value(text, .plain), .text(" "), .value(text, .account),
        ]
        let step = Step(
            id: Anchor("p.s"), signOff: Anchor("done-p.s"), number: [1, 1], computer: Computer(text), role: .consultant,
            blocks: [.paragraph(inlines), .admonition(Admonition(kind: .warning, text: [.text(text)]))], substeps: [],
            closing: [
                .code(CodeBlock(language: "powershell", code: text + "\n```\n" + text)),
                .result([.text(text)]),
            ])
        let table = Table(caption: [.text(text)], columns: [[.text("A")], [.text("B")]], rows: [[[.text(text)], [.userInput(text)]]])
        return Document(
            id: Anchor("install"), title: [.text("Title "), .value(text, .plain)],
            metadata: DocumentMetadata(site: text, customer: text, author: text, revision: text, date: nil, duration: 60),
            language: "en", introduction: [.paragraph([.text(text)])],
            sections: [
                Section(
                    id: Anchor("p"), kind: .procedure(number: 1), title: [.text("1. "), .value(text, .computerName)],
                    facts: [Fact(kind: .computer, value: [.value(text, .computerName)])],
                    blocks: [
                        .admonition(Admonition(kind: .note, text: [.text(text)])), .table(table),
                        .procedure(Procedure(steps: [step], computer: .any, role: .consultant)),
                    ])
            ])
    }

    @Test("Markup characters of every format stay text in every format", arguments: hostile)
    func hostileText(_ text: String) throws {
        let document = Self.document(text)
        let expected = Node.normalized(text)
        let markdown = try StructureReader.markdown(MarkdownRenderer().render(document))
        let html = try StructureReader.html(HTMLRenderer().render(document))
        let xml = DocBookRenderer().render(document)
        let validator = try DocBookValidator.shared.get()
        #expect(validator.validate(xml, file: "hostile.xml").isEmpty)
        let docbook = try StructureReader.docbook(xml)
        for structure in [markdown, html, docbook] {
            #expect(structure.title == "Title " + expected)
            #expect(structure.sections.map(\.title) == ["1. " + expected])
            let steps = structure.sections.first?.steps ?? []
            #expect(steps.count == 1)
            let instruction = ([expected, expected, expected, expected, expected + " > " + expected] + Array(repeating: expected, count: 7))
                .joined(separator: " ")
            #expect(steps.first?.text == instruction)
            #expect(structure.sections.first?.tables == [[["A", "B"], [expected, expected]]])
        }
    }

    @Test("A paragraph that starts with a number and a full stop from two pieces stays a paragraph")
    func numberThenFullStop() throws {
        var document = Self.document("x")
        document.introduction = [.paragraph([.value("2", .number), .text(". Then the rest")])]
        let markdown = MarkdownRenderer().render(document)
        #expect(markdown.contains("\n2\\. Then the rest\n"))
        let structure = try StructureReader.markdown(markdown)
        #expect(structure.text.contains("2. Then the rest"))
    }

    @Test("libxml2 reports schema errors, duplicate ids and dangling references with their lines")
    func validatorFindings() throws {
        let validator = try DocBookValidator.shared.get()
        let head = "<article xmlns=\"http://docbook.org/ns/docbook\" version=\"5.0\"><title>T</title>\n"
        let findings = validator.validate(head + "<para xml:id=\"a\">x</para>\n<para xml:id=\"a\">y</para>\n</article>", file: "dup.xml")
        #expect(findings.contains { $0.location?.line == 3 && $0.id == .docbookInvalid })
        let dangling = validator.validate(head + "<para><link linkend=\"nowhere\">x</link></para>\n</article>", file: "ref.xml")
        #expect(!dangling.isEmpty)
        let schema = validator.validate(head + "<procedure/>\n</article>", file: "empty.xml")
        #expect(schema.contains { $0.location?.file == "empty.xml" && $0.location?.line == 2 })
        let broken = validator.validate(head + "<para>\n</article>", file: "broken.xml")
        #expect(!broken.isEmpty)
    }

    @Test("A heading that ends with the site's own punctuation keeps it, exempt from the linter's rule")
    func headingPunctuation() {
        let markdown = MarkdownRenderer().render(Self.document("Plant 2."))
        #expect(markdown.hasPrefix("<!-- pyml disable-next-line no-trailing-punctuation-->\n# Title Plant 2.\n"))
        #expect(!MarkdownRenderer().render(Self.document("Plant 2")).contains("no-trailing-punctuation"))
    }

    @Test("Markdown escaping: block markers, emphasis, code spans and tables")
    func markdownEscaping() {
        #expect(MarkdownEscaping.guardBlockStart(MarkdownEscaping.text("1. one")) == "1\\. one")
        #expect(MarkdownEscaping.guardBlockStart(MarkdownEscaping.text("- one")) == "\\- one")
        #expect(MarkdownEscaping.text("a_b c_ *d*") == "a_b c\\_ \\*d\\*")
        #expect(MarkdownEscaping.text("TESTDOMAIN\\Administrator") == "TESTDOMAIN\\Administrator")
        // Found by the property test: a backslash before a space where the line then wraps
        // would end the line and become a hard line break.
        let wrapped = MarkdownEscaping.wrap(MarkdownEscaping.text("C:\\Program Files\\ next", breakable: true), width: 18)
        #expect(wrapped == ["C:\\Program Files\\\\", "next"])
        #expect(MarkdownEscaping.text("Sales & more; &amp;") == "Sales \\& more; \\&amp;")
        #expect(MarkdownEscaping.text("https://a.example www.b.example c@d.example") == "https\\://a.example www\\.b.example c@d\\.example")
        #expect(MarkdownEscaping.codeBlock("a\rb", language: "text", indent: "") == ["```text", "a", "b", "```"])
        // Found when the judges read the property test's runbooks: pymarkdown 0.9.41 crashes
        // on \<\> in a heading, and flags code spans and table cells with spaces at their ends.
        #expect(MarkdownEscaping.heading(MarkdownEscaping.text("a <> b \\<")) == "a &lt;&gt; b \\\\&lt;")
        #expect(MarkdownEscaping.codeSpan(" x y ") == "`x y`")
        #expect(MarkdownEscaping.codeSpan("\u{200B}x ") == "`\u{200B}x`")
        #expect(MarkdownEscaping.codeSpan("a`b") == "``a`b``")
        #expect(MarkdownEscaping.codeSpan("`x`") == "`` `x` ``")
        #expect(MarkdownEscaping.codeSpan("a|b", inTable: true) == "`a\\|b`")
        #expect(MarkdownEscaping.headingSlug("6. Install SQL2016Cluster\\SQLCLUSTER on Cluster1") == "6-install-sql2016clustersqlcluster-on-cluster1")
        #expect(XMLEscaping.text("a\u{1}b\u{FFFF}") == "a\u{FFFD}b\u{FFFD}")
        #expect(HTMLEscaping.attribute("\"'<&") == "&quot;&#39;&lt;&amp;")
    }
}

@Suite("CSS strings")
struct CSSEscapingTests {
    @Test("A value in a page header stays one CSS string and cannot close its style element")
    func strings() {
        #expect(CSSEscaping.string("Hafen Süd") == "\"Hafen Süd\"")
        #expect(CSSEscaping.string("a \"quoted\" \\ name") == "\"a \\\"quoted\\\" \\\\ name\"")
        #expect(CSSEscaping.string("</style><script>") == "\"\\3C /style>\\3C script>\"")
        #expect(CSSEscaping.string("two\nlines\u{7}") == "\"two\\A lines \"")
    }

    @Test("PowerShell's typographic quotes are quotes: doubled in every single-quoted value")
    func powerShellTypographicQuotes() {
        #expect(PowerShell.quoted("O’Brien's ‘x’ ‚y‛") == "'O’’Brien''s ‘‘x’’ ‚‚y‛‛'")
        var quoting = CodeQuoting(language: "powershell")
        quoting.read("Get-ClusterGroup -Name '")
        #expect(quoting.escaped("SQL Server (O’Brien)") == "SQL Server (O’’Brien)")
        quoting.read("' -Node ")
        #expect(quoting.place == .bare && quoting.escaped("A’B") == "A’B")
        quoting.read("Write-Output \"")
        #expect(quoting.escaped("“$x” `y") == "““`$x”” ``y")
        quoting.read("\" # it's a comment\n")
        #expect(quoting.place == .bare)
        var sql = CodeQuoting(language: "sql")
        sql.read("-- the owner's name\nALTER DATABASE [")
        #expect(sql.escaped("a]b") == "a]]b")
        sql.read("] SET X; SELECT N'")
        #expect(sql.escaped("O'Brien") == "O''Brien")
    }

    @Test("A name can never become a Mermaid directive or comment")
    func mermaidDirective() throws {
        let label = MermaidEscaping.label("%%{init: {'theme': 'dark'}}%% x")
        #expect(!label.contains("%"))
        // runbook graph writes its flowchart with the pictures' writer: one directive, its own.
        let graph = PlanGraph.render(try PlannerTests.plan("guide-two-node.yaml"), as: .mermaid)
        #expect(graph.split(separator: "\n").filter { $0.contains("%%") }.count == 1)
    }

    @Test("A bidirectional override or isolate is refused in every value")
    func bidiRefused() throws {
        for scalar in ["\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}"] {
            let yaml = "document:\n  site: \"Harbour\(scalar) North\"\n"
            let result = SiteLoader().load(Data(yaml.utf8), file: "site.yaml")
            #expect(result.diagnostics.contains { $0.id == .controlCharacter && $0.message.contains("bidirectional override or isolate") })
        }
    }
}
