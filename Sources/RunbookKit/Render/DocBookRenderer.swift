/// DocBook 5.0 with real semantics: an `article` whose procedures are `procedure`/`step`/
/// `substeps`, GUI names as `guibutton`, `guilabel` and `menuchoice`, values as `systemitem`
/// with a class, `filename`, `userinput` and `uri`, admonitions, CALS tables and
/// `programlisting`. Every section and step carries its anchor as `xml:id`; cross-references
/// are `link linkend`.
///
/// The text is only half the job: ``DocBookValidator`` checks it against the DocBook 5
/// schema before anything is written.
struct DocBookRenderer: Sendable {
    var shells: PageShells
    /// The pictures: each an SVG file beside the runbook, which a `mediaobject` refers to.
    var artwork: Artwork

    init(shells: PageShells = .builtIn, artwork: Artwork = Artwork()) {
        self.shells = shells
        self.artwork = artwork
    }

    func render(_ document: Document) -> String {
        var body = Body(artwork: artwork)
        for item in document.introduction { body.block(item) }
        for section in document.sections { body.section(section) }
        let result = shells.docbook.filled([
            "lang": XMLEscaping.attribute(document.language),
            "id": XMLEscaping.attribute(document.id.rawValue),
            "info": info(document).trimmingNewlines(),
            "body": body.text.trimmingNewlines(),
        ])
        return result.hasSuffix("\n") ? result : result + "\n"
    }

    /// Title and subtitle first: libxml2's RELAX NG validator rejects some valid orders.
    func info(_ document: Document) -> String {
        let meta = document.metadata
        var lines = [
            "<title>\(Body.inlines(document.title))</title>",
            "<subtitle>\(XMLEscaping.text(meta.site))</subtitle>",
            "<author><personname>\(XMLEscaping.text(meta.author))</personname></author>",
        ]
        if let date = meta.date { lines.append("<date>\(XMLEscaping.text(date))</date>") }
        lines.append("<releaseinfo>Revision \(XMLEscaping.text(meta.revision))</releaseinfo>")
        lines.append(
            "<abstract><para>Prepared for \(XMLEscaping.text(meta.customer)). Estimated time: "
                + "\(XMLEscaping.text(PlanReport.duration(meta.duration))).</para></abstract>")
        return lines.joined(separator: "\n")
    }

    struct Body {
        var text = ""
        var artwork = Artwork()

        mutating func line(_ line: String) { text += line + "\n" }

        mutating func section(_ section: Section) {
            let role: String
            switch section.kind {
            case .overview: role = "overview"
            case .procedure: role = "procedure"
            case .acceptance: role = "acceptance"
            }
            line("<section xml:id=\"\(XMLEscaping.attribute(section.id.rawValue))\" role=\"\(role)\">")
            line("<title>\(Self.inlines(section.title))</title>")
            if !section.facts.isEmpty {
                line("<variablelist role=\"facts\">")
                for fact in section.facts {
                    line(
                        "<varlistentry><term>\(XMLEscaping.text(fact.kind.label))</term>"
                            + "<listitem><para>\(Self.inlines(fact.value))</para></listitem></varlistentry>")
                }
                line("</variablelist>")
            }
            for item in section.blocks { block(item) }
            line("</section>")
        }

        mutating func block(_ item: Block) {
            switch item {
            case .paragraph(let content):
                line("<para>\(Self.inlines(content))</para>")
            case .result(let content):
                // DocBook 5.0 has no <result> (it came in 5.1).
                line("<para role=\"result\"><emphasis role=\"strong\">Result:</emphasis> \(Self.inlines(content))</para>")
            case .admonition(let admonition):
                let element = admonition.kind.rawValue
                line("<\(element)><para>\(Self.inlines(admonition.text))</para></\(element)>")
            case .table(let table):
                let columns = max(table.columns.count, table.rows.map(\.count).max() ?? 0)
                line(table.form ? "<table frame=\"all\" role=\"form\">" : "<table frame=\"all\">")
                line("<title>\(Self.inlines(table.caption))</title>")
                line("<tgroup cols=\"\(columns)\">")
                if let widths = table.widths, table.percentages != nil, widths.count == columns {
                    line(widths.enumerated().map { "<colspec colname=\"c\($0.offset + 1)\" colwidth=\"\($0.element)*\"/>" }.joined())
                }
                line("<thead>")
                line("<row>" + table.columns.map { "<entry>\(Self.inlines($0))</entry>" }.joined() + "</row>")
                line("</thead>")
                line("<tbody>")
                for row in table.rows {
                    let cells = row.map { "<entry>\(Self.inlines($0))</entry>" }.joined()
                    line("<row>" + cells + String(repeating: "<entry/>", count: max(0, columns - row.count)) + "</row>")
                }
                line("</tbody>")
                line("</tgroup>")
                line("</table>")
            case .code(let code):
                var source = code.code
                if source.hasSuffix("\n") { source.removeLast() }
                line("<programlisting language=\"\(XMLEscaping.attribute(code.language))\">\(XMLEscaping.text(source))</programlisting>")
            case .figure(let figure):
                line("<figure xml:id=\"\(XMLEscaping.attribute(figure.id.rawValue))\">")
                line("<title>\(Self.inlines(figure.title))</title>")
                if let picture = artwork[figure] {
                    // Scaled to the width of the page, its proportions kept.
                    line("<mediaobject>")
                    line(
                        "<imageobject><imagedata fileref=\"\(XMLEscaping.attribute(picture.fileName))\" format=\"SVG\" width=\"100%\" scalefit=\"1\" contentdepth=\"100%\"/></imageobject>"
                    )
                    line("<textobject><phrase>\(XMLEscaping.text(figure.description))</phrase></textobject>")
                    if !figure.caption.isEmpty { line("<caption><para>\(Self.inlines(figure.caption))</para></caption>") }
                    line("</mediaobject>")
                } else {
                    line("<para>\(XMLEscaping.text(figure.description))</para>")
                }
                line("</figure>")
            case .procedure(let procedure):
                line("<procedure>")
                for step in procedure.steps { self.step(step) }
                line("</procedure>")
            }
        }

        mutating func step(_ step: Step) {
            line("<step xml:id=\"\(XMLEscaping.attribute(step.id.rawValue))\">")
            for item in step.blocks { block(item) }
            if !step.substeps.isEmpty {
                line("<substeps>")
                for substep in step.substeps { self.step(substep) }
                line("</substeps>")
            }
            for item in step.closing { block(item) }
            line("</step>")
        }

        static func inlines(_ content: [Inline]) -> String {
            content.map(inline).joined()
        }

        static func inline(_ item: Inline) -> String {
            func element(_ name: String, _ value: String, _ attributes: String = "") -> String {
                "<\(name)\(attributes)>\(XMLEscaping.text(value))</\(name)>"
            }
            func system(_ value: String, _ itemClass: String) -> String {
                element("systemitem", value, " class=\"\(itemClass)\"")
            }
            switch item {
            case .text(let value): return XMLEscaping.text(value)
            case .button(let value): return element("guibutton", value)
            case .label(let value): return element("guilabel", value)
            case .window(let value): return element("guilabel", value, " role=\"window\"")
            case .menu(let items):
                let parts = items.enumerated().map { index, name in
                    element(index == 0 && items.count > 1 ? "guimenu" : index == items.count - 1 ? "guimenuitem" : "guisubmenu", name)
                }
                return "<menuchoice>" + parts.joined() + "</menuchoice>"
            case .file(let value): return element("filename", value)
            case .userInput(let value): return element("userinput", value)
            case .service(let value): return system(value, "service")
            case .address(let value): return system(value, addressClass(value))
            case .url(let value): return element("uri", value)
            case .value(let value, let kind):
                switch kind {
                case .plain, .number: return XMLEscaping.text(value)
                case .address: return system(value, addressClass(value))
                case .computerName: return system(value, "systemname")
                case .domainName: return system(value, value.contains(".") ? "fqdomainname" : "domainname")
                case .account: return system(value, "username")
                case .path: return element("filename", value)
                case .url: return element("uri", value)
                case .service: return system(value, "service")
                }
            case .crossReference(let anchor, let value):
                return "<link linkend=\"\(XMLEscaping.attribute(anchor.rawValue))\">\(XMLEscaping.text(value))</link>"
            }
        }

        /// `ipaddress` for a dotted quad, `fqdomainname` for a dotted name, else `systemname`.
        static func addressClass(_ value: String) -> String {
            let parts = value.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 4 && parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) { return "ipaddress" }
            return value.contains(".") ? "fqdomainname" : "systemname"
        }
    }
}
