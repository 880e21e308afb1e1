import Foundation
import ZIPFoundation

/// One Word document (Office Open XML, `.docx`) per runbook, built from the document tree with
/// Word's own structure rather than its formatting: heading styles (so that the navigation
/// pane and a generated table of contents work), one multi-level numbering per procedure (step
/// 3.2, substep 3.2.1), tables with a style and a header row that repeats on every page,
/// admonitions as paragraph styles with a border, code in a monospace style that wraps, inline
/// meanings as character styles, a check box (a content control) on every step, the document's
/// properties (title, author, revision, customer), the site's paper, and a header and footer
/// with the site, the runbook, the revision and the page numbers.
///
/// The parts are zipped with fixed timestamps, so the same document gives the same bytes.
struct DOCXRenderer: Sendable {
    /// The pictures, each embedded as PNG.
    var artwork: Artwork

    init(artwork: Artwork = Artwork()) {
        self.artwork = artwork
    }

    func render(_ document: Document) -> Data {
        var body = Body(document: document, artwork: artwork)
        body.render()
        var parts: [(String, Data)] = [
            ("[Content_Types].xml", Self.contentTypes),
            ("_rels/.rels", Self.packageRelationships),
            ("docProps/core.xml", Self.coreProperties(document)),
            ("docProps/app.xml", Self.appProperties),
            ("docProps/custom.xml", Self.customProperties(document)),
            ("word/_rels/document.xml.rels", Self.documentRelationships(images: body.images.map(\.name))),
            ("word/document.xml", body.xml),
            ("word/styles.xml", DOCXStyles.styles),
            ("word/numbering.xml", body.numbering),
            ("word/settings.xml", Self.settings),
            ("word/header1.xml", Self.header(document)),
            ("word/footer1.xml", Self.footer(document)),
        ].map { ($0.0, Data($0.1.utf8)) }
        parts += body.images.map { ("word/media/" + $0.name, $0.data) }
        return Self.zipped(parts, date: document.metadata.date)
    }

    // MARK: - The package

    /// The parts in a zip archive, in the order given, every entry dated the document's day (or
    /// 1980-01-01, the first day a zip entry can carry), so that the bytes never depend on when
    /// or where they were made.
    static func zipped(_ parts: [(String, Data)], date: String?) -> Data {
        let seconds = date.flatMap(SourceDate.epoch(of:)).map { max($0, 315_532_800) } ?? 315_532_800
        let day = Date(timeIntervalSince1970: TimeInterval(seconds))
        // An archive in memory cannot fail to be made or written but for a bug in this file.
        do {
            let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
            for (path, data) in parts {
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: day, compressionMethod: .deflate,
                    provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
            }
            return archive.data ?? Data()
        } catch {
            preconditionFailure("cannot write a zip archive in memory: \(error)")
        }
    }

    static let xmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static let contentTypes =
        xmlDeclaration + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Default Extension="png" ContentType="image/png"/>\
            <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
            <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
            <Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>\
            <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
            <Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
            <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
            <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
            <Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>\
            </Types>
            """

    static let packageRelationships =
        xmlDeclaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
            <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
            <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>\
            </Relationships>
            """

    /// The document's parts, then its pictures (`rId6` on), in the order they appear.
    static func documentRelationships(images: [String]) -> String {
        let type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        let fixed = [
            ("styles", "styles.xml"), ("numbering", "numbering.xml"), ("settings", "settings.xml"), ("header", "header1.xml"),
            ("footer", "footer1.xml"),
        ]
        let all = fixed + images.map { ("image", "media/" + $0) }
        return xmlDeclaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + all.enumerated().map { "<Relationship Id=\"rId\($0.offset + 1)\" Type=\"\(type)\($0.element.0)\" Target=\"\($0.element.1)\"/>" }
            .joined()
            + "</Relationships>"
    }

    /// Title, subject (the site), author, the revision as the version, the document's day as
    /// its creation date.
    static func coreProperties(_ document: Document) -> String {
        let meta = document.metadata
        let created = meta.date.map { "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\($0)T00:00:00Z</dcterms:created>" } ?? ""
        return xmlDeclaration + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:title>\(XMLEscaping.text(document.title.plainText))</dc:title>\
            <dc:subject>\(XMLEscaping.text(meta.site))</dc:subject>\
            <dc:creator>\(XMLEscaping.text(meta.author))</dc:creator>\
            <cp:keywords>runbook</cp:keywords>\
            <cp:version>\(XMLEscaping.text(meta.revision))</cp:version>\
            \(created)\
            </cp:coreProperties>
            """
    }

    static let appProperties =
        xmlDeclaration + """
            <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
            <Application>runbook</Application>\
            </Properties>
            """

    /// The facts Word has no core property for: site, customer, revision, and whose handout it is.
    static func customProperties(_ document: Document) -> String {
        let meta = document.metadata
        var facts = [("Site", meta.site), ("Customer", meta.customer), ("Revision", meta.revision)]
        if let handout = meta.handout { facts.append(("Handout for", handout)) }
        let properties = facts.enumerated().map { index, fact in
            "<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"\(index + 2)\" name=\"\(XMLEscaping.attribute(fact.0))\">"
                + "<vt:lpwstr>\(XMLEscaping.text(fact.1))</vt:lpwstr></property>"
        }
        return xmlDeclaration
            + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" "
            + "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
            + properties.joined() + "</Properties>"
    }

    static let settings =
        xmlDeclaration + """
            <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
            <w:defaultTabStop w:val="720"/>\
            <w:characterSpacingControl w:val="doNotCompress"/>\
            <w:updateFields w:val="true"/>\
            <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
            </w:settings>
            """

    /// The site on the left, the runbook (or whose handout) on the right; not on the cover.
    static func header(_ document: Document) -> String {
        let meta = document.metadata
        return xmlDeclaration
            + "<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
            + "<w:p><w:pPr><w:pStyle w:val=\"Header\"/>\(rightTab(meta.paper))</w:pPr>\(run(meta.site))<w:r><w:tab/></w:r>\(run(document.runningTitle))</w:p></w:hdr>"
    }

    /// The revision on the left, "Page N of M" on the right, the numbers as fields Word fills in.
    static func footer(_ document: Document) -> String {
        func field(_ name: String) -> String {
            "<w:fldSimple w:instr=\" \(name) \\* MERGEFORMAT \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"
        }
        return xmlDeclaration
            + "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
            + "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/>\(rightTab(document.metadata.paper))</w:pPr>"
            + "\(run("Revision " + document.metadata.revision))<w:r><w:tab/></w:r>"
            + run("Page ") + field("PAGE") + run(" of ") + field("NUMPAGES") + "</w:p></w:ftr>"
    }

    /// A tab stop at the right margin of the page.
    static func rightTab(_ paper: Paper) -> String {
        "<w:tabs><w:tab w:val=\"right\" w:pos=\"\(Page(paper).textWidth)\"/></w:tabs>"
    }

    /// A run of plain text, spaces kept.
    static func run(_ text: String, style: String? = nil) -> String {
        let properties = style.map { "<w:rPr><w:rStyle w:val=\"\($0)\"/></w:rPr>" } ?? ""
        return "<w:r>\(properties)<w:t xml:space=\"preserve\">\(XMLEscaping.text(text))</w:t></w:r>"
    }

    // MARK: - The body

    /// The page's size and margins in twentieths of a point.
    struct Page {
        var width: Int
        var height: Int
        /// 16 mm left and right, 18 mm top and bottom, as the PDF.
        let sideMargin = 907
        let endMargin = 1021
        var textWidth: Int { width - 2 * sideMargin }

        init(_ paper: Paper) {
            switch paper {
            case .a4: (width, height) = (11906, 16838)
            case .letter: (width, height) = (12240, 15840)
            }
        }
    }

    struct Body {
        let document: Document
        let page: Page
        let artwork: Artwork
        var xml = ""
        /// The PNG files the document shows, in order: `image1.png` is `rId6`.
        private(set) var images: [(name: String, data: Data)] = []
        /// One abstract numbering and one numbering instance per procedure, so that each
        /// procedure's steps carry its number: 3.1, 3.2, 3.2.1.
        private var numberings: [(id: Int, procedure: Int)] = []
        /// Every anchor's bookmark: Word allows letters, digits and underscores, at most 40.
        private var bookmarks: [Anchor: String] = [:]
        private var nextBookmark = 0

        init(document: Document, artwork: Artwork) {
            self.document = document
            self.artwork = artwork
            page = Page(document.metadata.paper)
            var names: [Anchor: String] = [:]
            func name(_ anchor: Anchor) { names[anchor] = "r\(names.count + 1)" }
            for section in document.sections {
                name(section.id)
                for block in section.blocks {
                    guard case .procedure(let procedure) = block else { continue }
                    for step in procedure.steps {
                        name(step.id)
                        for substep in step.substeps { name(substep.id) }
                    }
                }
            }
            bookmarks = names
        }

        var numbering: String {
            var text =
                DOCXRenderer.xmlDeclaration
                + "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
            for (id, procedure) in numberings {
                text += "<w:abstractNum w:abstractNumId=\"\(id)\"><w:multiLevelType w:val=\"multilevel\"/>"
                text += level(0, text: "\(procedure).%1", indent: 794, hanging: 794)
                text += level(1, text: "\(procedure).%1.%2", indent: 1701, hanging: 907)
                text += "</w:abstractNum>"
            }
            for (id, _) in numberings { text += "<w:num w:numId=\"\(id)\"><w:abstractNumId w:val=\"\(id)\"/></w:num>" }
            return text + "</w:numbering>"
        }

        private func level(_ level: Int, text: String, indent: Int, hanging: Int) -> String {
            "<w:lvl w:ilvl=\"\(level)\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
                + (level > 0 ? "<w:lvlRestart w:val=\"\(level)\"/>" : "")
                + "<w:lvlText w:val=\"\(XMLEscaping.attribute(text))\"/><w:lvlJc w:val=\"left\"/>"
                + "<w:pPr><w:ind w:left=\"\(indent)\" w:hanging=\"\(hanging)\"/></w:pPr><w:rPr><w:b/></w:rPr></w:lvl>"
        }

        mutating func render() {
            xml =
                DOCXRenderer.xmlDeclaration
                + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
                + "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
                + "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" "
                + "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" mc:Ignorable=\"w14\"><w:body>"
            cover()
            contents()
            // The runbook starts on a page of its own, after the contents.
            xml += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
            for block in document.introduction { self.block(block, indent: 0) }
            for section in document.sections { self.section(section) }
            xml +=
                "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId4\"/><w:footerReference w:type=\"default\" r:id=\"rId5\"/>"
                + "<w:pgSz w:w=\"\(page.width)\" w:h=\"\(page.height)\"/>"
                + "<w:pgMar w:top=\"\(page.endMargin)\" w:right=\"\(page.sideMargin)\" w:bottom=\"\(page.endMargin)\" "
                + "w:left=\"\(page.sideMargin)\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/><w:titlePg/></w:sectPr>"
            xml += "</w:body></w:document>"
        }

        /// The first page: the title and the document's facts; no header or footer.
        private mutating func cover() {
            let meta = document.metadata
            paragraph(style: "Subtitle", runs: DOCXRenderer.run("Runbook"))
            paragraph(style: "Title", runs: inlines(document.title))
            for (label, value) in meta.coverFacts {
                paragraph(style: "CoverFact", runs: DOCXRenderer.run(label, style: "FactLabel") + "<w:r><w:tab/></w:r>" + DOCXRenderer.run(value))
            }
        }

        /// The contents: a table of contents field, filled in with a link to every section, that
        /// Word brings up to date with page numbers when the document opens (the settings ask it
        /// to update fields; Word asks the reader first) or with References > Update Table.
        private mutating func contents() {
            paragraph(style: "TOCHeading", runs: DOCXRenderer.run("Contents"), pageBreakBefore: true)
            for (index, section) in document.sections.enumerated() {
                var runs = ""
                if index == 0 {
                    runs +=
                        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                        + "<w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-1\" \\h \\z \\u </w:instrText></w:r>"
                        + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
                }
                runs += link(section.id, section.title.plainText)
                if index == document.sections.count - 1 { runs += "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>" }
                paragraph(style: "TOC1", runs: runs)
            }
        }

        private mutating func section(_ section: Section) {
            let breakBefore: Bool
            switch section.kind {
            case .acceptance: breakBefore = true
            case .overview, .procedure: breakBefore = false
            }
            paragraph(style: "Heading1", runs: bookmarked(section.id, inlines(section.title)), pageBreakBefore: breakBefore)
            if !section.facts.isEmpty {
                var runs = ""
                for (index, fact) in section.facts.enumerated() {
                    if index > 0 { runs += DOCXRenderer.run(" · ") }
                    runs += DOCXRenderer.run(fact.kind.label + ": ", style: "FactLabel") + inlines(fact.value)
                }
                paragraph(style: "Facts", runs: runs)
            }
            for block in section.blocks { self.block(block, indent: 0) }
        }

        /// One block; `indent` is the left indent of the step it belongs to, in twentieths of a point.
        private mutating func block(_ item: Block, indent: Int) {
            switch item {
            case .paragraph(let content):
                paragraph(style: indent == 0 ? "BodyText" : "StepBody", runs: inlines(content), indent: indent)
            case .result(let content):
                paragraph(style: "Result", runs: DOCXRenderer.run("Result: ", style: "ResultLabel") + inlines(content), indent: indent)
            case .admonition(let admonition):
                let style = admonition.kind.label
                paragraph(
                    style: style, runs: DOCXRenderer.run(admonition.kind.label + ": ", style: "AdmonitionLabel") + inlines(admonition.text),
                    indent: indent)
            case .table(let table):
                self.table(table, indent: indent)
            case .code(let code):
                var source = code.code
                if source.hasSuffix("\n") { source.removeLast() }
                // Lines of a block share one border; the first keeps its distance from what is above.
                for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    paragraph(style: "Code", runs: DOCXRenderer.run(String(line)), indent: indent, spaceBefore: index == 0 ? 120 : nil)
                }
            case .figure(let figure):
                // The picture, kept on the page of its caption below it, as in the HTML.
                if let picture = artwork[figure], let png = picture.png {
                    images.append(("image\(images.count + 1).png", png))
                    paragraph(style: "Figure", runs: drawing(picture, number: images.count, description: figure.description), indent: indent)
                } else {
                    paragraph(style: "Figure", runs: DOCXRenderer.run(figure.description), indent: indent)
                }
                let caption = figure.caption.isEmpty ? "" : DOCXRenderer.run(" ") + inlines(figure.caption)
                paragraph(style: "FigureCaption", runs: DOCXRenderer.run(figure.title.plainText, style: "FigureTitle") + caption, indent: indent)
            case .procedure(let procedure):
                guard let number = procedure.steps.first?.number.first else { return }
                let id = numberings.count + 1
                numberings.append((id, number))
                for step in procedure.steps { self.step(step, numbering: id, level: 0) }
            }
        }

        /// A step: its number, a check box, the instruction and room for initials and time;
        /// then what goes with it, its substeps, and what follows them.
        private mutating func step(_ step: Step, numbering: Int, level: Int) {
            let indent = level == 0 ? 794 : 1701
            var blocks = step.blocks[...]
            var instruction = ""
            if case .paragraph(let content) = blocks.first {
                instruction = inlines(content)
                blocks = blocks.dropFirst()
            }
            let checkBox =
                "<w:sdt><w:sdtPr><w:alias w:val=\"Done\"/><w14:checkbox><w14:checked w14:val=\"0\"/>"
                + "<w14:checkedState w14:val=\"2612\" w14:font=\"MS Gothic\"/><w14:uncheckedState w14:val=\"2610\" w14:font=\"MS Gothic\"/>"
                + "</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rStyle w:val=\"CheckBox\"/></w:rPr><w:t>\u{2610}</w:t></w:r>"
                + "</w:sdtContent></w:sdt>" + DOCXRenderer.run(" ")
            xml +=
                "<w:p><w:pPr><w:pStyle w:val=\"Step\"/><w:numPr><w:ilvl w:val=\"\(level)\"/><w:numId w:val=\"\(numbering)\"/></w:numPr></w:pPr>"
                + bookmarked(step.id, checkBox + instruction) + "</w:p>"
            paragraph(
                style: "WriteIn", runs: DOCXRenderer.run("Initials ______________    Time ______________", style: "WriteInLabel"),
                indent: indent)
            for item in blocks { block(item, indent: indent) }
            for substep in step.substeps { self.step(substep, numbering: numbering, level: level + 1) }
            for item in step.closing { block(item, indent: indent) }
        }

        private mutating func table(_ table: Table, indent: Int) {
            paragraph(style: "Caption", runs: inlines(table.caption), indent: indent)
            let columns = max(table.columns.count, table.rows.map(\.count).max() ?? 0)
            guard columns > 0 else { return }
            let width = page.textWidth - indent
            let shares =
                table.percentages ?? (table.form ? Array(repeating: 100 / columns, count: columns) : Self.shares(of: table, columns: columns))
            let widths = shares.map { width * $0 / 100 }
            xml +=
                "<w:tbl><w:tblPr><w:tblStyle w:val=\"\(table.form ? "FormTable" : "RunbookTable")\"/>"
                + "<w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblInd w:w=\"\(indent)\" w:type=\"dxa\"/>"
                + "<w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" "
                + "w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
                + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
            func row(_ cells: [[Inline]], header: Bool) -> String {
                let height = table.form && !header ? "<w:trHeight w:val=\"567\" w:hRule=\"atLeast\"/>" : ""
                var text = "<w:tr><w:trPr><w:cantSplit/>\(height)\(header ? "<w:tblHeader/>" : "")</w:trPr>"
                for index in 0..<columns {
                    let content = index < cells.count ? inlines(cells[index]) : ""
                    text +=
                        "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[index])\" w:type=\"dxa\"/></w:tcPr>"
                        + "<w:p><w:pPr><w:pStyle w:val=\"\(header ? "TableHeading" : "TableText")\"/></w:pPr>\(content)</w:p></w:tc>"
                }
                return text + "</w:tr>"
            }
            xml += row(table.columns, header: true)
            for cells in table.rows { xml += row(cells, header: false) }
            xml += "</w:tbl>"
        }

        /// A paragraph; one in a step (`indent` > 0) says it has no number of its own
        /// (`numId` 0), which tells readers such as pandoc that it goes on the step before it.
        /// Each column's share of the width, in per cent, from what it holds: at least its
        /// longest word (an address, a host name), more for a column of long text, so that no
        /// address is broken where another column could give way.
        static func shares(of table: Table, columns: Int) -> [Int] {
            var weights = Array(repeating: 1.0, count: columns)
            for cells in [table.columns] + table.rows {
                for (index, cell) in cells.prefix(columns).enumerated() {
                    let text = cell.plainText
                    let word = text.split(separator: " ").map(\.count).max() ?? 0
                    weights[index] = max(weights[index], Double(word) * 1.15 + 2, Double(min(text.count, 60)) * 0.45)
                }
            }
            let total = weights.reduce(0, +)
            var shares = weights.map { Int($0 * 100 / total) }
            shares[shares.count - 1] += 100 - shares.reduce(0, +)
            return shares
        }

        /// `spaceBefore` (twentieths of a point) overrides the style's space above, as for the
        /// first line of code after a table.
        private mutating func paragraph(style: String, runs: String, indent: Int = 0, pageBreakBefore: Bool = false, spaceBefore: Int? = nil) {
            // In the order the schema gives: page break, numbering, spacing, indentation.
            var properties = pageBreakBefore ? "<w:pageBreakBefore/>" : ""
            if indent > 0 { properties += "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"0\"/></w:numPr>" }
            if let spaceBefore { properties += "<w:spacing w:before=\"\(spaceBefore)\"/>" }
            if indent > 0 { properties += "<w:ind w:left=\"\(indent)\"/>" }
            xml += "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/>\(properties)</w:pPr>\(runs)</w:p>"
        }

        /// The picture `rId(5 + number)` inline, as large as it was laid out but no wider than
        /// the text and no taller than most of a page, its proportions kept; `description` is
        /// its alternative text.
        private func drawing(_ picture: Picture, number: Int, description: String) -> String {
            // English Metric Units: 12,700 a point, 635 a twentieth of a point.
            let width = max(picture.width, 1) * 12_700
            let height = max(picture.height, 1) * 12_700
            let scale = min(1, Double(page.textWidth * 635) / width, Double((page.height - 2 * page.endMargin) * 635) * 0.8 / height)
            let (cx, cy) = (Int(width * scale), Int(height * scale))
            let name = "Picture \(number)"
            return "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"\(cx)\" cy=\"\(cy)\"/>"
                + "<wp:docPr id=\"\(number)\" name=\"\(name)\" descr=\"\(XMLEscaping.attribute(description))\"/>"
                + "<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>"
                + "<a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
                + "<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
                + "<pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
                + "<pic:nvPicPr><pic:cNvPr id=\"\(number)\" name=\"image\(number).png\"/><pic:cNvPicPr/></pic:nvPicPr>"
                + "<pic:blipFill><a:blip r:embed=\"rId\(5 + number)\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
                + "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"\(cx)\" cy=\"\(cy)\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>"
                + "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        }

        /// `runs` inside the bookmark of `anchor`, where cross-references and the contents lead.
        private mutating func bookmarked(_ anchor: Anchor, _ runs: String) -> String {
            guard let name = bookmarks[anchor] else { return runs }
            nextBookmark += 1
            return "<w:bookmarkStart w:id=\"\(nextBookmark)\" w:name=\"\(name)\"/>\(runs)<w:bookmarkEnd w:id=\"\(nextBookmark)\"/>"
        }

        private func link(_ anchor: Anchor, _ text: String) -> String {
            guard let name = bookmarks[anchor] else { return DOCXRenderer.run(text) }
            return "<w:hyperlink w:anchor=\"\(name)\" w:history=\"1\">\(DOCXRenderer.run(text, style: "Hyperlink"))</w:hyperlink>"
        }

        func inlines(_ content: [Inline]) -> String {
            content.map(inline).joined()
        }

        private func inline(_ item: Inline) -> String {
            typealias R = DOCXRenderer
            switch item {
            case .text(let value): return R.run(value)
            case .button(let value): return R.run(value, style: "GuiButton")
            case .label(let value): return R.run(value, style: "GuiLabel")
            case .window(let value): return R.run(value, style: "GuiWindow")
            case .menu(let items): return items.map { R.run($0, style: "GuiMenu") }.joined(separator: R.run(" > "))
            case .file(let value): return R.run(value, style: "FileName")
            case .userInput(let value): return R.run(value, style: "UserInput")
            case .service(let value): return R.run(value, style: "ServiceName")
            case .address(let value): return R.run(value, style: "Address")
            case .url(let value): return R.run(value, style: "Url")
            case .value(let value, let kind):
                switch kind {
                case .address: return R.run(value, style: "Address")
                case .url: return R.run(value, style: "Url")
                case .path: return R.run(value, style: "FileName")
                case .account: return R.run(value, style: "Account")
                case .computerName: return R.run(value, style: "ComputerName")
                case .plain, .domainName, .service, .number: return R.run(value)
                }
            case .crossReference(let anchor, let value): return link(anchor, value)
            }
        }
    }
}

/// The Word document's styles: what each kind of content is, so that a reader (or a company
/// template applied over it) changes the look of all of one kind at once.
enum DOCXStyles {
    static let styles: String = {
        func paragraph(_ id: String, _ name: String, basedOn: String? = "Normal", next: String? = nil, pPr: String = "", rPr: String = "") -> String {
            "<w:style w:type=\"paragraph\" w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/>"
                + (basedOn.map { "<w:basedOn w:val=\"\($0)\"/>" } ?? "") + (next.map { "<w:next w:val=\"\($0)\"/>" } ?? "")
                + "<w:qFormat/><w:pPr>\(pPr)</w:pPr><w:rPr>\(rPr)</w:rPr></w:style>"
        }
        func character(_ id: String, _ name: String, _ rPr: String) -> String {
            "<w:style w:type=\"character\" w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/><w:rPr>\(rPr)</w:rPr></w:style>"
        }
        let mono = "<w:rFonts w:ascii=\"Consolas\" w:hAnsi=\"Consolas\" w:cs=\"Consolas\"/>"
        let accent = "0B5CAD"
        let border = "B9C0CC"
        func box(_ colour: String, _ fill: String) -> String {
            "<w:keepLines/><w:pBdr><w:left w:val=\"single\" w:sz=\"24\" w:space=\"6\" w:color=\"\(colour)\"/></w:pBdr>"
                + "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"\(fill)\"/><w:spacing w:before=\"120\" w:after=\"120\"/><w:ind w:right=\"113\"/>"
        }
        func table(_ id: String, _ name: String, headerFill: String) -> String {
            "<w:style w:type=\"table\" w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/><w:basedOn w:val=\"TableNormal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
                + "<w:tblPr><w:tblBorders>"
                + ["top", "left", "bottom", "right", "insideH", "insideV"].map {
                    "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"\(border)\"/>"
                }.joined()
                + "</w:tblBorders><w:tblCellMar><w:top w:w=\"57\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/>"
                + "<w:bottom w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
                + "<w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/></w:rPr><w:tblPr/><w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"\(headerFill)\"/></w:tcPr></w:tblStylePr>"
                + "</w:style>"
        }
        let styles = [
            "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
                + "<w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr><w:rPr><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr></w:style>",
            "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>",
            "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:semiHidden/>"
                + "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
                + "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>",
            paragraph(
                "Title", "Title", next: "Normal", pPr: "<w:spacing w:before=\"2400\" w:after=\"480\"/>",
                rPr: "<w:b/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/>"),
            paragraph(
                "Subtitle", "Subtitle", pPr: "<w:spacing w:before=\"0\" w:after=\"0\"/>",
                rPr: "<w:caps/><w:color w:val=\"\(accent)\"/><w:spacing w:val=\"20\"/>"),
            paragraph("CoverFact", "Cover Fact", pPr: "<w:tabs><w:tab w:val=\"left\" w:pos=\"2268\"/></w:tabs><w:spacing w:after=\"60\"/>"),
            paragraph(
                "TOCHeading", "TOC Heading", next: "TOC1", pPr: "<w:keepNext/><w:spacing w:after=\"240\"/>",
                rPr: "<w:b/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>"),
            paragraph("TOC1", "toc 1", pPr: "<w:spacing w:after=\"60\"/>"),
            paragraph(
                "Heading1", "heading 1", next: "BodyText",
                pPr: "<w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/>",
                rPr: "<w:b/><w:color w:val=\"1F2937\"/><w:sz w:val=\"30\"/><w:szCs w:val=\"30\"/>"),
            paragraph("Facts", "Procedure Facts", pPr: "<w:keepNext/><w:spacing w:after=\"160\"/>", rPr: "<w:sz w:val=\"19\"/>"),
            paragraph("BodyText", "Body Text"),
            paragraph("Step", "Step", next: "StepBody", pPr: "<w:keepNext/><w:spacing w:before=\"160\" w:after=\"40\"/>"),
            paragraph("StepBody", "Step Body"),
            paragraph("WriteIn", "Write-in", pPr: "<w:keepNext/><w:spacing w:after=\"80\"/>", rPr: "<w:color w:val=\"5B6475\"/><w:sz w:val=\"17\"/>"),
            paragraph("Result", "Result", pPr: "<w:spacing w:before=\"120\"/>", rPr: "<w:color w:val=\"1D5F2E\"/>"),
            paragraph("Note", "Note", pPr: box(accent, "EEF4FB")),
            paragraph("Important", "Important", pPr: box("8A5A00", "FBF5E6")),
            paragraph("Warning", "Warning", pPr: box("B3261E", "FBECEB")),
            paragraph(
                "Code", "Code",
                pPr: "<w:keepNext/><w:keepLines/><w:pBdr><w:top w:val=\"single\" w:sz=\"4\" w:space=\"2\" w:color=\"\(border)\"/>"
                    + "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"\(border)\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"2\" w:color=\"\(border)\"/>"
                    + "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"\(border)\"/></w:pBdr>"
                    + "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F6F8FA\"/><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:right=\"113\"/>",
                rPr: mono + "<w:sz w:val=\"17\"/><w:szCs w:val=\"17\"/>"),
            paragraph(
                "Caption", "caption", next: "Normal", pPr: "<w:keepNext/><w:spacing w:before=\"160\" w:after=\"60\"/>",
                rPr: "<w:b/><w:color w:val=\"5B6475\"/><w:sz w:val=\"19\"/>"),
            paragraph("Figure", "Figure", pPr: "<w:keepNext/><w:keepLines/><w:spacing w:after=\"60\"/><w:jc w:val=\"center\"/>"),
            paragraph(
                "FigureCaption", "Figure Caption", pPr: "<w:spacing w:after=\"200\"/>", rPr: "<w:color w:val=\"5B6475\"/><w:sz w:val=\"18\"/>"),
            paragraph("TableHeading", "Table Heading", pPr: "<w:spacing w:after=\"0\"/>", rPr: "<w:b/><w:sz w:val=\"19\"/>"),
            paragraph("TableText", "Table Text", pPr: "<w:spacing w:after=\"0\"/>", rPr: "<w:sz w:val=\"19\"/>"),
            paragraph(
                "Header", "header", pPr: "<w:spacing w:after=\"0\"/>",
                rPr: "<w:color w:val=\"5B6475\"/><w:sz w:val=\"16\"/>"),
            paragraph(
                "Footer", "footer", pPr: "<w:spacing w:after=\"0\"/>",
                rPr: "<w:color w:val=\"5B6475\"/><w:sz w:val=\"16\"/>"),
            character("FactLabel", "Fact Label", "<w:b/>"),
            character("FigureTitle", "Figure Title", "<w:b/>"),
            character("ResultLabel", "Result Label", "<w:b/>"),
            character("AdmonitionLabel", "Admonition Label", "<w:b/><w:caps/>"),
            character(
                "CheckBox", "Check Box", "<w:rFonts w:ascii=\"MS Gothic\" w:hAnsi=\"MS Gothic\" w:eastAsia=\"MS Gothic\"/><w:sz w:val=\"24\"/>"),
            character("WriteInLabel", "Write-in Label", "<w:color w:val=\"5B6475\"/>"),
            character("GuiButton", "GUI Button", "<w:b/>"),
            character("GuiLabel", "GUI Label", "<w:b/>"),
            character("GuiWindow", "GUI Window", "<w:b/><w:i/>"),
            character("GuiMenu", "GUI Menu", "<w:b/>"),
            character("FileName", "File Name", mono),
            character("UserInput", "User Input", mono + "<w:b/>"),
            character("ServiceName", "Service Name", "<w:b/>"),
            character("Address", "Address", mono),
            character("Url", "URL", mono),
            character("Account", "Account", mono),
            character("ComputerName", "Computer Name", ""),
            character("Hyperlink", "Hyperlink", "<w:color w:val=\"\(accent)\"/><w:u w:val=\"single\"/>"),
            table("RunbookTable", "Runbook Table", headerFill: "EEF1F6"),
            table("FormTable", "Form Table", headerFill: "EEF1F6"),
        ]
        return DOCXRenderer.xmlDeclaration
            + "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
            + "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/>"
            + "<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr></w:rPrDefault>"
            + "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\"/></w:pPr></w:pPrDefault></w:docDefaults>"
            + styles.joined() + "</w:styles>"
    }()
}
