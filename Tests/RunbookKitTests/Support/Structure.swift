import CLibXML2
import Foundation

/// What a reader gets from one rendered runbook, read back by a parser we did not write
/// (libxml2 for DocBook and HTML, cmark-gfm for Markdown): the sections with their titles and
/// tables, and each procedure's steps and substeps. The three formats of one runbook must
/// give the same structure.
struct RunbookStructure: Equatable, CustomStringConvertible {
    struct Section: Equatable {
        var title: String
        var steps: [Step]
        /// Every table of the section, header row first, as cell texts.
        var tables: [[[String]]]
    }
    struct Step: Equatable {
        /// The instruction: the step's first paragraph.
        var text: String
        var substeps: [Step]
    }

    var title: String
    var sections: [Section]
    /// All the text, whitespace collapsed: for checking that values appear.
    var text: String

    var description: String {
        var lines = [title]
        for section in sections {
            lines.append("## \(section.title) (\(section.tables.count) tables)")
            for (s, step) in section.steps.enumerated() {
                lines.append("  \(s + 1). \(step.text)")
                for (k, sub) in step.substeps.enumerated() { lines.append("     \(s + 1).\(k + 1) \(sub.text)") }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func == (lhs: RunbookStructure, rhs: RunbookStructure) -> Bool {
        lhs.title == rhs.title && lhs.sections == rhs.sections
    }
}

/// A parsed XML or HTML tree as values, so tests can walk it without libxml2 pointers.
struct Node {
    var name: String
    var attributes: [String: String]
    var children: [Node]
    /// Text of a text node.
    var content: String?

    func elements(_ name: String) -> [Node] { children.filter { $0.name == name } }
    func descendants(_ name: String) -> [Node] {
        children.flatMap { ($0.name == name ? [$0] : []) + $0.descendants(name) }
    }
    func first(_ name: String) -> Node? { children.first { $0.name == name } }
    func hasClass(_ name: String) -> Bool { (attributes["class"] ?? "").split(separator: " ").contains(Substring(name)) }

    /// The text a reader sees; `separator` joins the items of a DocBook menuchoice.
    var text: String {
        if let content { return content }
        if name == "menuchoice" { return children.filter { $0.content == nil }.map(\.text).joined(separator: " > ") }
        if name == "softbreak" || name == "linebreak" { return " " }
        return children.map(\.text).joined()
    }

    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// `cmark` is cmark-gfm's indented XML: whitespace between its elements is layout.
    enum Kind { case xml, cmark, html }

    static func parse(_ text: String, as kind: Kind) -> Node? {
        let bytes = Array(text.utf8)
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                switch kind {
                case .xml: return xmlReadMemory(pointer, Int32(buffer.count), "test.xml", "UTF-8", Int32(XML_PARSE_NONET.rawValue))
                case .cmark:
                    return xmlReadMemory(
                        pointer, Int32(buffer.count), "cmark.xml", "UTF-8", Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue))
                case .html:
                    return htmlReadMemory(
                        pointer, Int32(buffer.count), "test.html", "UTF-8",
                        Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue))
                }
            }
        }
        guard let document, let root = xmlDocGetRootElement(document) else { return nil }
        defer { xmlFreeDoc(document) }
        return convert(root)
    }

    private static func convert(_ node: xmlNodePtr) -> Node {
        if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE {
            let content = xmlNodeGetContent(node)
            defer { free(content) }
            return Node(name: "#text", attributes: [:], children: [], content: content.map { String(cString: $0) } ?? "")
        }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = String(cString: current.pointee.name)
            if let value = xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1) {
                attributes[name] = String(cString: value)
                free(value)
            }
            attribute = current.pointee.next
        }
        var children: [Node] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE || current.pointee.type == XML_TEXT_NODE
                || current.pointee.type == XML_CDATA_SECTION_NODE
            {
                children.append(convert(current))
            }
            child = current.pointee.next
        }
        return Node(name: String(cString: node.pointee.name), attributes: attributes, children: children, content: nil)
    }
}

enum StructureReader {
    static func docbook(_ text: String) throws -> RunbookStructure {
        guard let article = Node.parse(text, as: .xml) else { throw Failure("DocBook does not parse") }
        func step(_ node: Node) -> RunbookStructure.Step {
            RunbookStructure.Step(
                text: Node.normalized(node.first("para")?.text ?? ""),
                substeps: node.first("substeps")?.elements("step").map(step) ?? [])
        }
        let sections = article.elements("section").map { section in
            RunbookStructure.Section(
                title: Node.normalized(section.first("title")?.text ?? ""),
                steps: section.first("procedure")?.elements("step").map(step) ?? [],
                tables: section.descendants("table").map { table in
                    table.descendants("row").map { row in row.elements("entry").map { Node.normalized($0.text) } }
                })
        }
        return RunbookStructure(
            title: Node.normalized(article.first("info")?.first("title")?.text ?? ""), sections: sections,
            text: Node.normalized(article.text))
    }

    static func html(_ text: String) throws -> RunbookStructure {
        guard let html = Node.parse(text, as: .html), let body = html.first("body") else { throw Failure("HTML does not parse") }
        func step(_ node: Node) -> RunbookStructure.Step {
            RunbookStructure.Step(
                text: Node.normalized(node.first("p")?.text ?? ""),
                substeps: node.elements("ol").first { $0.hasClass("substeps") }?.elements("li").map(step) ?? [])
        }
        let main = body.first("main")
        let sections = (main?.elements("section") ?? []).map { section in
            RunbookStructure.Section(
                title: Node.normalized(section.first("h2")?.text ?? ""),
                steps: section.elements("ol").first { $0.hasClass("steps") }?.elements("li").map(step) ?? [],
                tables: section.descendants("table").map { table in
                    table.descendants("tr").map { row in row.children.filter { $0.name == "th" || $0.name == "td" }.map { Node.normalized($0.text) } }
                })
        }
        let title = body.first("header")?.first("h1")?.text ?? ""
        return RunbookStructure(title: Node.normalized(title), sections: sections, text: Node.normalized(main?.text ?? ""))
    }

    /// Reads Markdown with cmark-gfm, GitHub's own parser, through its XML output.
    static func markdown(_ text: String) throws -> RunbookStructure {
        let xml = try cmarkGFM(text)
        guard let document = Node.parse(xml, as: .cmark) else { throw Failure("cmark-gfm XML does not parse") }
        // cmark-gfm's task list extension names a list item that opens with "[ ]" a tasklist.
        func items(_ list: Node) -> [Node] { list.children.filter { $0.name == "item" || $0.name == "tasklist" } }
        func step(_ item: Node) -> RunbookStructure.Step {
            RunbookStructure.Step(
                text: Node.normalized(item.first("paragraph")?.text ?? ""),
                substeps: item.elements("list").first.map(items)?.map(step) ?? [])
        }
        var title = ""
        var sections: [RunbookStructure.Section] = []
        var current: RunbookStructure.Section?
        for block in document.children where block.content == nil {
            if block.name == "heading" {
                if block.attributes["level"] == "1" {
                    title = Node.normalized(block.text)
                    continue
                }
                if let current { sections.append(current) }
                current = RunbookStructure.Section(title: Node.normalized(block.text), steps: [], tables: [])
                continue
            }
            guard current != nil else { continue }
            if block.name == "list" && block.attributes["type"] == "ordered" && current!.steps.isEmpty {
                current!.steps = items(block).map(step)
            }
            current!.tables += ([block] + block.descendants("table")).filter { $0.name == "table" }.map { table in
                table.children.filter { $0.name == "table_header" || $0.name == "table_row" }.map { row in
                    row.elements("table_cell").map { Node.normalized($0.text) }
                }
            }
        }
        if let current { sections.append(current) }
        // The contents list is navigation, not a section of the runbook.
        sections.removeAll { $0.title == "Contents" }
        return RunbookStructure(title: title, sections: sections, text: Node.normalized(document.text))
    }

    static func cmarkGFM(_ markdown: String) throws -> String {
        guard let path = ["/usr/bin/cmark-gfm", "/usr/local/bin/cmark-gfm"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure("cmark-gfm is not installed: run 'make deps' (Debian package cmark-gfm)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-e", "table", "-e", "tasklist", "-t", "xml"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(Data(markdown.utf8))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure("cmark-gfm failed") }
        // cmark-gfm's XML names a DTD we do not need.
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<!DOCTYPE document SYSTEM \"CommonMark.dtd\">", with: "")
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
