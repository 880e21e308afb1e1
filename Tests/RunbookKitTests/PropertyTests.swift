import Foundation
import FoundationXML
import RunbookTestSupport
import Testing
import ZIPFoundation

@testable import RunbookKit

/// Random text in every free-text field of a site description, through the whole pipeline.
///
/// Each trial fills every field with text drawn from the characters that mean something in
/// one of the formats (and some that mean something to people): the runbooks must still be
/// valid DocBook, and each value must read back from each format, as libxml2 and cmark-gfm
/// parse them. HTML and Markdown fold runs of white space, so values are compared with white
/// space folded. Set RUNBOOK_PROPERTY_SEED to replay a seed, RUNBOOK_PROPERTY_TRIALS for more
/// trials, and RUNBOOK_PROPERTY_SITES to a folder to keep each trial's site description
/// there: `make judge` runs every independent judge on their runbooks.
@Suite("Random text in every free-text field")
struct PropertyTests {
    /// A field that takes free text: how to put a value in the guide's sample, and what the
    /// format allows there beyond the shared limits.
    struct Field: Sendable {
        var name: String
        var place: @Sendable (_ yaml: String, _ quoted: String) -> String
        var allows: @Sendable (Character) -> Bool = { _ in true }
        var prefix = ""
    }

    static func replacing(_ line: String, _ key: String) -> @Sendable (String, String) -> String {
        { yaml, quoted in
            let indent = String(line.prefix { $0 == " " })
            return yaml.replacingOccurrences(of: line, with: indent + key + ": " + quoted, options: [], range: yaml.range(of: line))
        }
    }

    static let fields: [Field] = [
        Field(name: "document.site", place: replacing("  site: TESTDOMAIN two-node cluster", "site")),
        Field(name: "document.customer", place: replacing("  customer: Example customer", "customer")),
        Field(name: "document.author", place: replacing("  author: Example consultant", "author")),
        Field(name: "document.revision", place: replacing("  revision: \"1.0\"", "revision")),
        Field(name: "nodes[0].cpu", place: replacing("    cpu: 2 CPU 2.54 GHz", "cpu")),
        Field(name: "storage[0].volume", place: replacing("    volume: Quorum", "volume")),
        // The disk's name is also the witness's; the network's also a key of each node's addresses.
        Field(
            name: "storage[0].name",
            place: { yaml, quoted in
                yaml.replacingOccurrences(of: "  - name: Quorum\n", with: "  - name: \(quoted)\n")
                    .replacingOccurrences(of: "    disk: Quorum\n", with: "    disk: \(quoted)\n")
            }),
        Field(
            name: "networks[0].name",
            place: { yaml, quoted in
                yaml.replacingOccurrences(of: "  - name: Public\n", with: "  - name: \(quoted)\n")
                    .replacingOccurrences(of: "      Public: ", with: "      \(quoted): ")
            }, allows: { !"\n;\"".contains($0) }),
        // Cluster group names allow no < > " ' & (Microsoft); SQL Server setup's configuration
        // file, which carries the name, no line break and no backslash before its closing quote.
        Field(
            name: "sql-server.resource-group",
            place: { yaml, quoted in
                yaml.replacingOccurrences(of: "  instance: SQLCLUSTER\n", with: "  instance: SQLCLUSTER\n  resource-group: \(quoted)\n")
            }, allows: { !"<>\"'&\n\\".contains($0) }),
        Field(
            name: "xprotect.registered-services[0].name",
            place: { yaml, quoted in
                yaml.replacingOccurrences(
                    of: "  additional-node-database: use-existing\n",
                    with:
                        "  additional-node-database: use-existing\n  registered-services:\n    - name: \(quoted)\n      endpoints:\n        - scheme: https\n          port: 8443\n          path: /api\n"
                )
            }),
        Field(
            name: "xprotect.registered-services[0].endpoints[0].path",
            place: { yaml, quoted in
                yaml.contains("          path: /api\n")
                    ? yaml.replacingOccurrences(of: "          path: /api\n", with: "          path: \(quoted)\n")
                    : yaml.replacingOccurrences(
                        of: "  additional-node-database: use-existing\n",
                        with:
                            "  additional-node-database: use-existing\n  registered-services:\n    - name: Paths\n      endpoints:\n        - scheme: https\n          path: \(quoted)\n"
                    )
            },
            allows: { !$0.isWhitespace }, prefix: "/"),
    ]

    /// Pieces that mean something in Markdown, HTML, XML, DocBook, the page shells, YAML or to
    /// a reader: random text is strung together from them.
    static let pieces: [String] =
        Array("*_`~|\\[]()<>!#&;:\"'{}-+=.,/@$%^?").map(String.init) + [
            "]]>", "<!--", "-->", "<?xml", "<script>", "</p>", "&amp;", "&#x41;", "&lt;", "&nbsp", "{{body}}", "{{title}}", "{{style}}",
            "```", "~~~", "***", "__", "- ", "1. ", "1) ", "# ", "> ", "+ ", "===", "---", "|---|", "[x](javascript:alert(1))",
            "![i](x.png)", "<https://x.example>", "https://example.com/a_b_c", "www.example.org", "me@example.com", "[^1]", "[ ]",
            "שלום", "مرحبا", "\u{200F}", "\u{200B}", "\u{00AD}", "🛰️", "👩‍👩‍👧", "🇩🇰", "e\u{0301}", "漢字", "Ω", "\u{FEFF}",
            "C:\\Program Files\\", "\\\\server\\share$", "%s", "$(rm -rf /)", "'; DROP TABLE x;--", "null", "~", "yes", "0x1F",
            " ", "  ", "\n",
            // Quotes to PowerShell (about_Quoting_Rules), and what expands in its double quotes.
            "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}", "\u{201C}", "\u{201D}", "\u{201E}", "$x", "${x}", "$(", "@'", "'@", "@\"",
            "\"@", "`n",
        ]

    static func randomText(_ generator: inout SplitMix64, allows: (Character) -> Bool) -> String {
        var text = ""
        let count = Int.random(in: 1...12, using: &generator)
        for _ in 0..<count {
            if Int.random(in: 0..<8, using: &generator) == 0 {
                // A long word of letters, digits and markup, with no space to wrap at.
                let alphabet = Array("abcdefghijklmnopqrstuvwxyzÆØÅ0123456789_*`-")
                text += String((0..<Int.random(in: 40...120, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            } else {
                text += pieces.randomElement(using: &generator)!
            }
        }
        text = String(text.filter(allows).prefix(SiteFormat.maximumTextLength - 10))
        // Some visible character, so the value is not blank; and not <like this>, which
        // `runbook init` uses for a value still to fill in.
        if !text.contains(where: { !$0.isWhitespace && $0 != "\u{FEFF}" && $0 != "\u{200B}" }) || Placeholder.isPlaceholder(text) {
            text += "x"
        }
        return text
    }

    /// A YAML double-quoted scalar holding exactly `text`.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if Forbidden.isControl(scalar) || Forbidden.isLineSeparator(scalar) || Forbidden.isNoncharacter(scalar)
                    || scalar.value == 0xFEFF
                {
                    result += String(format: "\\u%04X", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["RUNBOOK_PROPERTY_SEED"].flatMap { UInt64($0) } ?? 20_261_124
    }

    static var trials: Int {
        ProcessInfo.processInfo.environment["RUNBOOK_PROPERTY_TRIALS"].flatMap { Int($0) } ?? 100
    }

    /// One trial's site: every field holds its own random value.
    static func site(trial: Int, sample: String) -> (yaml: String, values: [String: String]) {
        var generator = SplitMix64(seed: seed &+ UInt64(trial))
        var yaml = sample
        var values: [String: String] = [:]
        for field in fields {
            var value = field.prefix + randomText(&generator, allows: field.allows)
            // The site name also names the files: a trial number keeps a batch of trials apart.
            if field.name == "document.site" { value = "T\(trial) " + value }
            values[field.name] = value
            let before = yaml
            yaml = field.place(yaml, quoted(value))
            precondition(yaml != before, "\(field.name) found no place in the sample")
        }
        return (yaml, values)
    }

    static let catalog = TemplateCatalog.load().catalog!

    @Test("Every field's random value reads back from every format, and the DocBook validates", arguments: 0..<trials)
    func readsBack(_ trial: Int) throws {
        let sample = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("samples/guide-two-node.yaml"), encoding: .utf8)
        let (yaml, values) = Self.site(trial: trial, sample: sample)
        if let folder = ProcessInfo.processInfo.environment["RUNBOOK_PROPERTY_SITES"], !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(String(format: "property-%03d.yaml", trial)))
        }
        let context = "seed \(Self.seed) trial \(trial)"
        let loaded = SiteLoader().load(Data(yaml.utf8), file: "property-\(trial).yaml")
        let site = try #require(loaded.site, "\(context): \(loaded.diagnostics.map(\.message))")
        #expect(!loaded.diagnostics.hasErrors)
        let plan = try #require(Planner(catalog: Self.catalog).plan(site).plan)
        let (files, diagnostics) = RunbookGenerator().generate(plan, formats: OutputFormat.standard + [.docx], runbooks: ["install"])
        #expect(diagnostics.isEmpty, "\(context): \(diagnostics.map(\.message))")
        #expect(files.filter { $0.kind == .setupFile }.count == 2, "\(context): the install and add-node setup files")
        for file in files {
            let structure: RunbookStructure
            switch file.kind {
            case .runbook(.markdown): structure = try StructureReader.markdown(file.contents)
            case .runbook(.html): structure = try StructureReader.html(file.contents)
            case .runbook(.docbook): structure = try StructureReader.docbook(file.contents)
            case .runbook(.pdf): continue  // not asked for; PDFTests reads it
            case .runbook(.docx):
                // Every part is well-formed XML, and each value reads back from the document's text.
                let text = try Self.wordText(file.data, context: "\(context): \(file.name)")
                // Foundation's XML reader drops a U+FEFF that the part holds (unzip shows it there).
                let dropped = { (text: String) in text.replacingOccurrences(of: "\u{FEFF}", with: "") }
                for (field, value) in values.sorted(by: { $0.key < $1.key }) {
                    #expect(
                        dropped(text).contains(dropped(Node.normalized(value))),
                        "\(context): \(field) = \(Self.quoted(value)) does not read back from \(file.name)")
                }
                continue
            case .image:
                // Every picture is well-formed XML, an SVG element.
                let svg = try XMLDocument(xmlString: file.contents)
                #expect(svg.rootElement()?.name == "svg", "\(context): \(file.name)")
                continue
            case .setupFile:
                // The site's name is in the comment and the resource group a value: neither
                // may add, end or break a setting.
                let reading = try SetupFileReading(file.contents)
                let action = try #require(reading.action, "\(context): \(file.name) has no ACTION")
                #expect(SetupParameters.table[action]?.problems(with: reading) == [], "\(context): \(file.name)")
                if action == "InstallFailoverCluster" {
                    #expect(reading.values("FAILOVERCLUSTERGROUP") == [values["sql-server.resource-group"]!], "\(context)")
                }
                continue
            }
            if file.kind == .runbook(.markdown) {
                // PowerShell reads each value the site put in its code back exactly, as one
                // string: no quote of any kind ends it early, nothing in it expands.
                var literals: [PowerShellStrings.Literal] = []
                for block in PowerShellStrings.blocks(inMarkdown: file.contents) {
                    do {
                        literals += try PowerShellStrings(block).literals
                    } catch {
                        Issue.record("\(context): \(error) in \(file.name):\n\(block)")
                    }
                }
                for field in ["storage[0].name", "networks[0].name", "sql-server.resource-group"] {
                    let value = values[field]!
                    #expect(
                        literals.contains { $0.text == value }, "\(context): \(field) = \(Self.quoted(value)) is no PowerShell string of \(file.name)"
                    )
                }
            }
            // The HTML reader's text is the main part; the title page sits in the header.
            let text = file.kind == .runbook(.html) ? Node.normalized(Node.parse(file.contents, as: .html)?.text ?? "") : structure.text
            for (field, value) in values.sorted(by: { $0.key < $1.key }) {
                let expected = Node.normalized(value)
                let found = text.contains(expected) || (field == "document.site" && structure.title.contains(expected))
                #expect(found, "\(context): \(field) = \(Self.quoted(value)) does not read back from \(file.name)")
            }
            #expect(structure.title.contains(Node.normalized(values["document.site"]!)), "\(context): the title carries the site")
        }
    }

    @Test("An account that PowerShell would run as code outside a string stays one string (a fourth adversarial review)")
    func accountInPowerShell() throws {
        let sample = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("samples/guide-two-node.yaml"), encoding: .utf8)
        let account = "TESTDOMAIN\\svc$(Stop-Computer -Force)'x"
        let yaml = sample.replacingOccurrences(of: "engine-account: TESTDOMAIN\\sqlservice", with: "engine-account: \(Self.quoted(account))")
        let site = try #require(SiteLoader().load(Data(yaml.utf8), file: "site.yaml").site)
        let plan = try #require(Planner(catalog: Self.catalog).plan(site).plan)
        let (files, _) = RunbookGenerator().generate(plan, formats: [.markdown], runbooks: ["install"])
        let markdown = try #require(files.first { $0.kind == .runbook(.markdown) }).contents
        var literals: [PowerShellStrings.Literal] = []
        for block in PowerShellStrings.blocks(inMarkdown: markdown) where block.contains("setspn") {
            literals += try PowerShellStrings(block).literals
        }
        #expect(literals.contains { $0.text == account && $0.verbatim }, "\(literals)")
    }

    @Test("The existing system's SQL Server instance follows SQL Server's rules for instance names")
    func existingInstance() throws {
        let sample = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("samples/existing-single-server.yaml"), encoding: .utf8)
        let yaml = sample.replacingOccurrences(
            of: "    sql-instance: SQLEXPRESS", with: "    sql-instance: \"X\\\" -Q \\\"DROP DATABASE y\\\" & calc\"")
        #expect(yaml != sample)
        let result = SiteLoader().load(Data(yaml.utf8), file: "site.yaml")
        #expect(result.diagnostics.contains { $0.id == .sqlInvalidInstanceName }, "\(result.diagnostics.map(\.message))")
    }

    /// The text of a Word document's body, each paragraph's runs joined, white space folded;
    /// every XML part of the package parsed first.
    static func wordText(_ data: Data, context: String) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        var body: XMLDocument?
        for entry in archive where entry.path.hasSuffix(".xml") || entry.path.hasSuffix(".rels") {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            let part = try XMLDocument(data: bytes)
            if entry.path == "word/document.xml" { body = part }
        }
        let document = try #require(body, "\(context): no word/document.xml")
        let paragraphs = try document.nodes(forXPath: "//*[local-name()='p']")
        let text = try paragraphs.map { paragraph in
            try paragraph.nodes(forXPath: ".//*[local-name()='t' or local-name()='tab' or local-name()='br']").map { node in
                node.localName == "t" ? node.stringValue ?? "" : " "
            }.joined()
        }.joined(separator: " ")
        return Node.normalized(text)
    }

    @Test("A control character in any free-text field is refused at its line, without quoting the value", arguments: fields.indices)
    func controlCharacters(_ index: Int) throws {
        let field = Self.fields[index]
        let sample = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("samples/guide-two-node.yaml"), encoding: .utf8)
        for control in [
            "\t", "\r", "\u{0}", "\u{7}", "\u{1B}[31m", "\u{7F}", "\u{85}", "\u{9B}", "\u{FFFE}", String(Character(Unicode.Scalar(0xFDD0)!)),
        ] {
            let value = field.prefix + "Before" + control + "After"
            let yaml = field.place(sample, Self.quoted(value))
            let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.contains("BeforeAfter") == false && $0.contains("Before")
            }
            let result = SiteLoader().load(Data(yaml.utf8), file: "control.yaml")
            #expect(result.site == nil)
            // A field written in two places (a network's name) is refused in each.
            #expect(
                !result.diagnostics.isEmpty && result.diagnostics.allSatisfy { $0.id == .controlCharacter }, "\(field.name) \(Self.quoted(control))")
            #expect(result.diagnostics.first?.location?.line == line.map { $0 + 1 })
            #expect(result.diagnostics.allSatisfy { !$0.message.contains("Before") })
        }
    }
}

/// A small deterministic random number generator, so a seed replays a trial exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
