import CLibXML2
import Foundation

/// Checks of what an external program gave back, before any of it is used: Graphviz's SVG is
/// inlined into the HTML page, its PNG into the Word file, WeasyPrint's PDF replaces the
/// previous one. A program that lies (a fake `dot` on the `PATH`, a broken install) is caught
/// here, with a sentence that says what was wrong.
enum ForeignOutput {
    static let svgNamespace = "http://www.w3.org/2000/svg"
    static let xlinkNamespace = "http://www.w3.org/1999/xlink"

    /// The elements a picture may hold: what Graphviz writes, nothing that runs, styles, links
    /// out or animates (no `script`, `style`, `foreignObject`, `image`, `set`, `animate`).
    static let svgElements: Set<String> = [
        "svg", "g", "title", "desc", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line", "text", "tspan", "a",
        "defs", "linearGradient", "radialGradient", "stop", "clipPath",
    ]

    /// The attributes a picture's elements may carry: Graphviz's, and nothing that runs code.
    static let svgAttributes: Set<String> = [
        "id", "class", "width", "height", "viewBox", "transform", "version", "preserveAspectRatio", "x", "y", "x1", "y1", "x2", "y2",
        "cx", "cy", "r", "rx", "ry", "d", "points", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray",
        "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "opacity", "font-family", "font-size",
        "font-weight", "font-style", "text-anchor", "text-decoration", "baseline-shift", "offset", "stop-color", "stop-opacity",
        "gradientUnits", "gradientTransform", "clip-path", "href", "title", "target",
    ]

    /// Why `data` is not an SVG picture that is safe to inline, or nil when it is (see
    /// ``safeSVG(_:)``).
    static func svgProblem(_ data: Data) -> String? {
        if case .failure(let problem) = safeSVG(data) { return problem.reason }
        return nil
    }

    /// Why a picture cannot be used.
    struct Refusal: Error {
        var reason: String
    }

    /// The picture written anew from what was checked, or why it cannot be used.
    ///
    /// A browser reads an inlined picture as HTML, not as XML, and the two differ (a prefixed
    /// element, a `title` holding an element, a comment or a processing instruction read
    /// otherwise), so the program's bytes are never inlined: `data` is parsed as XML (no
    /// network, no entities, no DTD) and checked, and the text returned is written from that
    /// tree. The document must be one `svg` element in the SVG namespace and nothing else;
    /// inside it only elements of ``svgElements`` in the SVG namespace, text (a `title` or
    /// `desc` holds nothing else), and attributes of ``svgAttributes`` without a namespace or
    /// in XLink's; every link and `url()` inside the picture, no `javascript:` and no backslash
    /// (a CSS escape could spell `url(`) in any attribute.
    static func safeSVG(_ data: Data) -> Result<String, Refusal> {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard
            let document = data.withUnsafeBytes({ bytes -> xmlDocPtr? in
                guard let base = bytes.baseAddress else { return nil }
                return xmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), "picture.svg", "UTF-8", options)
            })
        else { return .failure(Refusal(reason: "it is not well-formed XML")) }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return .failure(Refusal(reason: "it has no root element")) }
        guard name(of: root) == "svg", namespace(of: root) == svgNamespace else {
            return .failure(Refusal(reason: "its root element is not an SVG svg element"))
        }
        guard document.pointee.children == UnsafeMutablePointer(root), root.pointee.next == nil, document.pointee.intSubset == nil else {
            return .failure(Refusal(reason: "it holds more than its svg element (a comment, a processing instruction or a declaration)"))
        }
        // A size a page, a browser and Word can hold: a number of points up to 200,000 (the
        // largest picture Graphviz drew for the largest site was 11,718 points wide).
        for dimension in ["width", "height"] {
            guard let value = xmlGetProp(root, dimension) else { continue }
            defer { free(value) }
            let text = String(cString: value)
            let number = Double(text.hasSuffix("pt") ? String(text.dropLast(2)) : text)
            guard let number, number.isFinite, number > 0, number <= 200_000 else {
                return .failure(Refusal(reason: "its \(dimension) is \(text.prefix(20)), not a size from 0 to 200,000 points"))
            }
        }
        var text = ""
        var usesXLink = false
        if let problem = write(root, into: &text, usesXLink: &usesXLink, isRoot: true) { return .failure(Refusal(reason: problem)) }
        if usesXLink, let end = text.firstIndex(of: ">") {
            let at = text[text.index(before: end)] == "/" ? text.index(before: end) : end
            text.insert(contentsOf: " xmlns:xlink=\"\(xlinkNamespace)\"", at: at)
        }
        return .success(text)
    }

    /// Checks `node` and appends it, written anew, to `text`; the reason it is refused, or nil.
    private static func write(_ node: xmlNodePtr, into text: inout String, usesXLink: inout Bool, isRoot: Bool = false, inLabel: Bool = false)
        -> String?
    {
        switch node.pointee.type {
        case XML_TEXT_NODE:
            let content = node.pointee.content.map { String(cString: $0) } ?? ""
            text += content.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
            return nil
        case XML_ELEMENT_NODE:
            break
        case XML_COMMENT_NODE:
            return "it holds a comment inside the picture"
        case XML_PI_NODE:
            return "it holds a processing instruction"
        case XML_CDATA_SECTION_NODE:
            return "it holds a CDATA section"
        default:
            return "it holds a node of another kind (an entity reference or a declaration)"
        }
        let element = name(of: node)
        guard namespace(of: node) == svgNamespace else { return "it holds a foreign element, \(element)" }
        guard svgElements.contains(element) else { return "it holds a \(element) element" }
        if inLabel { return "its title or desc holds an element, \(element)" }
        text += "<" + element
        if isRoot { text += " xmlns=\"\(svgNamespace)\"" }
        var attribute = node.pointee.properties
        while let current = attribute {
            let attributeName = current.pointee.name.map { String(cString: $0) } ?? ""
            let attributeSpace = current.pointee.ns?.pointee.href.map { String(cString: $0) }
            let value = attributeValue(current)
            let lowered = value.lowercased().filter { !$0.isWhitespace }
            if attributeName.lowercased().hasPrefix("on") { return "it holds an event handler, \(attributeName)" }
            guard svgAttributes.contains(attributeName) else { return "it holds an attribute \(attributeName)" }
            guard attributeSpace == nil || attributeSpace == xlinkNamespace else { return "it holds a foreign attribute, \(attributeName)" }
            if attributeName == "href", !value.hasPrefix("#") { return "it links outside the picture, to \(value.prefix(40))" }
            if lowered.contains("javascript:") { return "it holds a javascript: address in \(attributeName)" }
            if value.contains("\\") { return "it holds a backslash in \(attributeName)" }
            if lowered.contains("url("), lowered.replacingOccurrences(of: "url(#", with: "").contains("url(") {
                return "it refers outside the picture, in \(attributeName)"
            }
            if attributeSpace == xlinkNamespace { usesXLink = true }
            text += " " + (attributeSpace == nil ? "" : "xlink:") + attributeName + "=\""
            text += value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            text += "\""
            attribute = current.pointee.next
        }
        let label = element == "title" || element == "desc"
        guard node.pointee.children != nil || label else {
            text += "/>"
            return nil
        }
        text += ">"
        var child = node.pointee.children
        while let current = child {
            if let problem = write(current, into: &text, usesXLink: &usesXLink, inLabel: label) { return problem }
            child = current.pointee.next
        }
        text += "</" + element + ">"
        return nil
    }

    /// Why `data` is not a PNG image, or nil when it is: PNG's signature, an IHDR chunk first
    /// and an IEND chunk last.
    static func pngProblem(_ data: Data) -> String? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let end: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
        guard data.count >= 8 + 25 + 12, Array(data.prefix(8)) == signature else { return "it does not begin as a PNG image does" }
        guard Array(data.dropFirst(12).prefix(4)) == Array("IHDR".utf8) else { return "its first chunk is not IHDR" }
        guard Array(data.suffix(12)) == end else { return "it does not end with IEND" }
        return nil
    }

    /// Why `data` is not a whole PDF file, or nil when it is: it begins with `%PDF-`, ends
    /// with `%%EOF`, and the cross-reference its `startxref` points at is there (a table,
    /// `xref`, or a cross-reference stream object).
    static func pdfProblem(_ data: Data) -> String? {
        guard data.starts(with: Data("%PDF-".utf8)) else { return "it does not begin with %PDF-" }
        let tail = String(decoding: data.suffix(1024), as: UTF8.self)
        guard tail.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("%%EOF") else { return "it does not end with %%EOF" }
        guard let marker = tail.range(of: "startxref", options: .backwards) else { return "it has no startxref" }
        let number = tail[marker.upperBound...].drop { $0.isWhitespace }.prefix { $0.isNumber }
        guard let offset = Int(number), offset > 0, offset < data.count else { return "its startxref points outside the file" }
        let target = String(decoding: data[(data.startIndex + offset)...].prefix(32), as: UTF8.self)
        let isTable = target.range(of: #"^xref\s+\d+\s+\d+\s"#, options: .regularExpression) != nil
        let isStream = target.range(of: #"^\d+\s+\d+\s+obj"#, options: .regularExpression) != nil
        guard isTable || isStream else { return "its startxref does not point at a cross-reference" }
        // The trailer (after a table) or the cross-reference stream's dictionary names the
        // document's catalogue, /Root, and its /Size.
        let dictionary = String(decoding: data[(data.startIndex + offset)...].prefix(isTable ? 1 << 20 : 4096), as: UTF8.self)
        let trailer = isTable ? dictionary.range(of: "trailer").map { String(dictionary[$0.upperBound...].prefix(4096)) } ?? "" : dictionary
        guard trailer.range(of: #"/Root\s*\d+\s+\d+\s+R"#, options: .regularExpression) != nil, trailer.contains("/Size") else {
            return "its trailer names no document catalogue (/Root) or no /Size"
        }
        if isStream, trailer.range(of: #"/Type\s*/XRef"#, options: .regularExpression) == nil {
            return "its startxref points at an object that is not a cross-reference stream"
        }
        // Objects packed into compressed object streams cannot be read here: WeasyPrint writes
        // none for a runbook, so a PDF that has them is refused rather than let through.
        let names = pdfNames(data)
        if names.contains("ObjStm") { return "it packs objects into compressed object streams, which cannot be checked" }
        // Nothing that runs, opens, sends or fetches anything: WeasyPrint writes none of these
        // for a runbook. Names are read as PDF reads them (#xx spells a byte).
        for active in [
            "JavaScript", "JS", "OpenAction", "AA", "Launch", "EmbeddedFile", "EmbeddedFiles", "SubmitForm", "GoToR", "GoToE",
            "ImportData", "RichMedia", "URI",
        ]
        where names.contains(active) {
            return "it holds /\(active), which runs, opens or fetches something when the PDF is read"
        }
        return nil
    }

    /// Every name (`/Name`) of a PDF outside its streams' data, decoded as PDF reads names
    /// (`#xx` spells the byte xx).
    static func pdfNames(_ data: Data) -> Set<String> {
        let bytes = [UInt8](data)
        let delimiters: Set<UInt8> = Set("()<>[]{}/%".utf8).union([0, 9, 10, 12, 13, 32])
        let streamKeyword = Array("stream".utf8), endKeyword = Array("endstream".utf8)
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        func matches(_ keyword: [UInt8], at position: Int) -> Bool {
            position + keyword.count <= bytes.count && Array(bytes[position..<position + keyword.count]) == keyword
        }
        var names: Set<String> = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "s"), matches(streamKeyword, at: index), index + 6 < bytes.count,
                bytes[index + 6] == 10 || bytes[index + 6] == 13,
                index == 0 || delimiters.contains(bytes[index - 1]) || bytes[index - 1] == UInt8(ascii: ">")
            {
                // A stream's data, up to endstream: not read as PDF syntax.
                var end = index + 7
                while end < bytes.count && !matches(endKeyword, at: end) { end += 1 }
                index = end + endKeyword.count
                continue
            }
            if byte == UInt8(ascii: "/") {
                var name: [UInt8] = []
                var position = index + 1
                while position < bytes.count, !delimiters.contains(bytes[position]) {
                    if bytes[position] == UInt8(ascii: "#"), position + 2 < bytes.count, let high = hex(bytes[position + 1]),
                        let low = hex(bytes[position + 2])
                    {
                        name.append(high << 4 | low)
                        position += 3
                    } else {
                        name.append(bytes[position])
                        position += 1
                    }
                }
                names.insert(String(decoding: name, as: UTF8.self))
                index = position
                continue
            }
            index += 1
        }
        return names
    }

    private static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    private static func namespace(of node: xmlNodePtr) -> String? {
        node.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    private static func attributeValue(_ attribute: xmlAttrPtr) -> String {
        guard let text = xmlNodeGetContent(UnsafeMutableRawPointer(attribute).assumingMemoryBound(to: xmlNode.self)) else { return "" }
        defer { free(text) }
        return String(cString: text)
    }
}
