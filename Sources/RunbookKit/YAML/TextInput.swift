import Foundation

/// The checks a file passes before any YAML parser sees it: size, encoding, binary content.
///
/// Each failure points at the first offending byte, by line and column, so that a user can
/// find a stray byte in a file that looks fine in their editor.
enum TextInput {
    /// Returns the bytes without a UTF-8 byte-order mark, or the diagnostics that stop reading.
    static func check(_ data: Data, file: String, limits: InputLimits) -> Result<Data, Diagnostic> {
        if data.count > limits.maximumBytes {
            return .failure(tooLarge(bytes: data.count, limits: limits, file: file))
        }
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            return .failure(
                Diagnostic(.notUTF8, "the file is UTF-32 text; save it as UTF-8", at: SourceLocation(file: file, line: 1, column: 1)))
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .failure(
                Diagnostic(
                    .notUTF8, "the file is UTF-16 text; save it as UTF-8",
                    at: SourceLocation(file: file, line: 1, column: 1)))
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            return .failure(
                Diagnostic(
                    .notUTF8, "the file begins with two byte order marks (U+FEFF); remove the second",
                    at: SourceLocation(file: file, line: 1, column: 1)))
        }
        if let nul = body.firstIndex(of: 0) {
            return .failure(
                Diagnostic(
                    .binary, "the file holds a NUL byte: it is binary, not a YAML or JSON text file",
                    at: location(of: nul, in: body, file: file)))
        }
        if let bad = firstInvalidUTF8(body) {
            return .failure(
                Diagnostic(
                    .notUTF8,
                    String(
                        format: "byte 0x%02X is not valid UTF-8; save the file as UTF-8 (it may be in a legacy code page such as Windows-1252)",
                        body[bad]),
                    at: location(of: bad, in: body, file: file)))
        }
        // YAML reads U+0085, U+2028 and U+2029 as line breaks, inside a value too, where they
        // would be folded into spaces and move every position after them; JSON does not.
        // Refused where they are, whatever the format.
        for index in body.indices where body[index] == 0xE2 || body[index] == 0xC2 {
            let next = body.index(after: index)
            guard next < body.endIndex else { break }
            var code: String?
            if body[index] == 0xC2 && body[next] == 0x85 { code = "U+0085 (next line)" }
            if body[index] == 0xE2, body[next] == 0x80, body.index(after: next) < body.endIndex {
                switch body[body.index(after: next)] {
                case 0xA8: code = "U+2028 (line separator)"
                case 0xA9: code = "U+2029 (paragraph separator)"
                default: break
                }
            }
            if let code {
                return .failure(
                    Diagnostic(
                        .controlCharacter,
                        "the file holds \(code), which YAML reads as a line break even inside a value; use a plain line break, or remove it",
                        at: location(of: index, in: body, file: file)))
            }
        }
        return .success(Data(body))
    }

    /// The file is larger than the limit; `bytes` is its size when known (a stream is read
    /// only as far as the limit).
    static func tooLarge(bytes: Int?, limits: InputLimits, file: String) -> Diagnostic {
        Diagnostic(
            .tooLarge,
            (bytes.map { "the file is \($0) bytes; the limit is \(limits.maximumBytes) bytes" }
                ?? "the input goes on past the limit of \(limits.maximumBytes) bytes")
                + " (InputLimits.maximumBytes); no site description or template comes near it, so check that this is the file you meant",
            at: SourceLocation(file: file, line: 1, column: 1))
    }

    /// The 1-based line and column (in characters) of a byte offset.
    static func location(of index: Int, in bytes: ArraySlice<UInt8>, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        var i = bytes.startIndex
        while i < index {
            let byte = bytes[i]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// The index of the first byte that does not belong to a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let lead = bytes[i]
            let length: Int
            let minimum: UInt32
            switch lead {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return i
            }
            guard i + length <= bytes.endIndex else { return i }
            var scalar = UInt32(lead) & (0xFF >> (length + 1))
            for k in 1..<length {
                let next = bytes[i + k]
                guard next & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }
}
