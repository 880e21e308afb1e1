import CLibXML2
import Foundation

/// Checks of what an external program gave back, before any of it is used: Graphviz's SVG is
/// inlined into the HTML page, its PNG into the Word file, WeasyPrint's PDF replaces the
/// previous one. A program that lies (a fake `dot` on the `PATH`, a broken install) is caught
/// here, with a sentence that says what was wrong.
enum ForeignOutput {
    static let svgNamespace = "http://www.w3.org/2000/svg"
    static let xlinkNamespace = "http://www.w3.org/1999/xlink"

    /// Why `data` is not an SVG picture that is safe to inline, or nil when it is: it parses
    /// as XML (no network, no entities, no DTD), its root is `svg` in the SVG namespace, every
    /// element is an SVG element but `script`, `style` and `foreignObject`, no attribute is an
    /// event handler, and every link or `url()` stays inside the picture.
    static func svgProblem(_ data: Data) -> String? {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard
            let document = data.withUnsafeBytes({ bytes -> xmlDocPtr? in
                guard let base = bytes.baseAddress else { return nil }
                return xmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), "picture.svg", "UTF-8", options)
            })
        else { return "it is not well-formed XML" }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return "it has no root element" }
        guard name(of: root) == "svg", namespace(of: root) == svgNamespace else { return "its root element is not an SVG svg element" }
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            if node.pointee.type == XML_ELEMENT_NODE {
                let element = name(of: node)
                guard namespace(of: node) == svgNamespace else { return "it holds a foreign element, \(element)" }
                if ["script", "style", "foreignObject", "iframe", "handler", "listener"].contains(element) {
                    return "it holds a \(element) element"
                }
                var attribute = node.pointee.properties
                while let current = attribute {
                    let attributeName = current.pointee.name.map { String(cString: $0) } ?? ""
                    let value = attributeValue(current)
                    if attributeName.lowercased().hasPrefix("on") { return "it holds an event handler, \(attributeName)" }
                    if attributeName == "href", !value.hasPrefix("#") { return "it links outside the picture, to \(value.prefix(40))" }
                    if value.contains("url("), value.replacingOccurrences(of: "url(#", with: "").contains("url(") {
                        return "it refers outside the picture, in \(attributeName)"
                    }
                    attribute = current.pointee.next
                }
            }
            var child = node.pointee.children
            while let current = child {
                stack.append(current)
                child = current.pointee.next
            }
        }
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
        let isTable = target.hasPrefix("xref")
        let isStream = target.range(of: #"^\d+\s+\d+\s+obj"#, options: .regularExpression) != nil
        guard isTable || isStream else { return "its startxref does not point at a cross-reference" }
        return nil
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
