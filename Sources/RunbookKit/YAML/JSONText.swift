/// A `.json` file checked against JSON's own grammar (RFC 8259) before the YAML parser reads
/// it for positions.
///
/// YAML's flow style reads every JSON text, and more: trailing commas, comments, single
/// quotes, unquoted words. A file named `.json` must be JSON, so those are refused here, each
/// at its line and column. The one thing JSON has that YAML lacks, a character outside the
/// Basic Multilingual Plane written as a UTF-16 surrogate pair (`\ud83d\ude00`, as Python's
/// `json.dump` writes it), is rewritten as YAML's `\U0001F600` for the parser.
enum JSONText {
    /// The text ready for the YAML parser, or the diagnostic at the first thing that is not JSON.
    /// Where the rewritten text's columns stand left of the file's, by line: each surrogate
    /// pair, twelve characters in the file, is ten in the text the parser reads.
    struct ColumnShifts: Sendable {
        /// For each line, the rewritten columns from which two more columns are added.
        var byLine: [Int: [Int]] = [:]

        /// The file's column for a column of the rewritten text.
        func original(line: Int, column: Int) -> Int {
            guard let starts = byLine[line] else { return column }
            // The starts grow along the line: count those at or before the column by halving.
            var low = 0
            var high = starts.count
            while low < high {
                let middle = (low + high) / 2
                if starts[middle] <= column { low = middle + 1 } else { high = middle }
            }
            return column + 2 * low
        }
    }

    /// The text ready for the YAML parser and how its columns differ, or the diagnostic at
    /// the first thing that is not JSON.
    static func check(_ bytes: [UInt8], file: String, limits: InputLimits) -> Result<([UInt8], ColumnShifts), Diagnostic> {
        var scanner = Scanner(bytes: bytes, maximumDepth: limits.maximumDepth)
        do {
            scanner.skipSpace()
            try scanner.value(depth: 1)
            scanner.skipSpace()
            if scanner.current == UInt8(ascii: "/") || scanner.current == UInt8(ascii: "#") {
                throw Scanner.Failure.problem("JSON has no comments; remove it, or write the file as YAML")
            }
            if scanner.index < bytes.count { throw Scanner.Failure.problem("there is more after the JSON value ends; a .json file holds one value") }
        } catch let failure as Scanner.Failure {
            let at = TextInput.location(of: scanner.index, in: bytes[...], file: file)
            switch failure {
            case .problem(let message): return .failure(Diagnostic(.syntax, "not valid JSON: \(message)", at: at))
            case .tooDeep:
                return .failure(
                    Diagnostic(
                        .tooDeep,
                        "lists and mappings are nested more than \(limits.maximumDepth) deep here (InputLimits.maximumDepth); a site description needs far fewer levels",
                        at: at))
            }
        } catch {
            return .failure(Diagnostic(.syntax, "not valid JSON", at: TextInput.location(of: scanner.index, in: bytes[...], file: file)))
        }
        guard !scanner.pairs.isEmpty else { return .success((bytes, ColumnShifts())) }
        // Each pair, twelve bytes from its first backslash, becomes one ten-byte \U escape.
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var shifts = ColumnShifts()
        var next = 0
        for (start, scalar) in scanner.pairs {
            result += bytes[next..<start]
            let at = TextInput.location(of: result.count, in: result[...], file: file)
            let hex = String(scalar, radix: 16, uppercase: true)
            result += Array(("\\U" + String(repeating: "0", count: 8 - hex.count) + hex).utf8)
            // Columns after the ten-character escape stand two left of the file's.
            shifts.byLine[at.line, default: []].append(at.column + 10)
            next = start + 12
        }
        result += bytes[next...]
        return .success((result, shifts))
    }

    private struct Scanner {
        enum Failure: Error {
            case problem(String)
            case tooDeep
        }

        let bytes: [UInt8]
        let maximumDepth: Int
        var index = 0
        /// Where each surrogate pair starts, and the code point it writes.
        var pairs: [(Int, UInt32)] = []

        init(bytes: [UInt8], maximumDepth: Int) {
            self.bytes = bytes
            self.maximumDepth = maximumDepth
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func value(depth: Int) throws {
            guard depth <= maximumDepth else { throw Failure.tooDeep }
            guard let byte = current else { throw Failure.problem("the text ends where a value should be") }
            switch byte {
            case UInt8(ascii: "{"): try container(close: UInt8(ascii: "}"), depth: depth, keyed: true)
            case UInt8(ascii: "["): try container(close: UInt8(ascii: "]"), depth: depth, keyed: false)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            case UInt8(ascii: "t"): try word("true")
            case UInt8(ascii: "f"): try word("false")
            case UInt8(ascii: "n"): try word("null")
            case UInt8(ascii: "'"): throw Failure.problem("JSON strings take double quotes (\"), not single quotes")
            case UInt8(ascii: "/"), UInt8(ascii: "#"): throw Failure.problem("JSON has no comments; remove it, or write the file as YAML")
            default: throw Failure.problem("a value must be a string in double quotes, a number, true, false, null, an object or a list")
            }
        }

        mutating func container(close: UInt8, depth: Int, keyed: Bool) throws {
            index += 1
            skipSpace()
            if current == close {
                index += 1
                return
            }
            while true {
                if keyed {
                    guard current == UInt8(ascii: "\"") else {
                        if current == UInt8(ascii: "/") || current == UInt8(ascii: "#") {
                            throw Failure.problem("JSON has no comments; remove it, or write the file as YAML")
                        }
                        throw Failure.problem("a key must be a string in double quotes")
                    }
                    try string()
                    skipSpace()
                    guard current == UInt8(ascii: ":") else { throw Failure.problem("a key must be followed by ':'") }
                    index += 1
                    skipSpace()
                }
                try value(depth: depth + 1)
                skipSpace()
                if current == close {
                    index += 1
                    return
                }
                guard current == UInt8(ascii: ",") else {
                    throw Failure.problem(keyed ? "expected ',' or '}' after a value" : "expected ',' or ']' after a value")
                }
                index += 1
                skipSpace()
                if current == close {
                    throw Failure.problem("a comma before '\(Character(Unicode.Scalar(close)))': JSON does not allow a trailing comma")
                }
            }
        }

        mutating func string() throws {
            let start = index
            index += 1
            while let byte = current {
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return
                case UInt8(ascii: "\\"):
                    let escape = index
                    index += 1
                    switch current {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
                        UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 1
                    case UInt8(ascii: "u"):
                        index += 1
                        let unit = try hex4()
                        if (0xDC00...0xDFFF).contains(unit) {
                            index = escape
                            throw Failure.problem(
                                "\\u\(String(unit, radix: 16)) is the second half of a UTF-16 surrogate pair without its first half")
                        }
                        if (0xD800...0xDBFF).contains(unit) {
                            guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                                index = escape
                                throw Failure.problem(
                                    "\\u\(String(unit, radix: 16)) is the first half of a UTF-16 surrogate pair without its second half")
                            }
                            index += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else {
                                index = escape
                                throw Failure.problem(
                                    "\\u\(String(unit, radix: 16)) is the first half of a UTF-16 surrogate pair without its second half")
                            }
                            pairs.append((escape, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)))
                        }
                    default:
                        throw Failure.problem("'\\' starts an escape: \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u and four hexadecimal digits")
                    }
                case 0x00..<0x20:
                    throw Failure.problem("a string cannot hold a line break or another control character; write it as an escape such as \\n")
                default:
                    index += 1
                }
            }
            index = start
            throw Failure.problem("a string is never closed: add its closing double quote")
        }

        mutating func hex4() throws -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = current, let digit = Self.hexDigit(byte) else {
                    throw Failure.problem("\\u takes four hexadecimal digits")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        static func hexDigit(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }

        mutating func number() throws {
            let problem = Failure.problem("not a JSON number: write it as -12, 0.5 or 1e3, without leading zeros, a leading '+' or '.'")
            if current == UInt8(ascii: "-") { index += 1 }
            if current == UInt8(ascii: "0") {
                index += 1
            } else if digits() == 0 {
                throw problem
            }
            if current == UInt8(ascii: ".") {
                index += 1
                if digits() == 0 { throw problem }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                if digits() == 0 { throw problem }
            }
            if let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") || byte == UInt8(ascii: ".") { throw problem }
        }

        mutating func digits() -> Int {
            let start = index
            while let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { index += 1 }
            return index - start
        }

        mutating func word(_ word: String) throws {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw Failure.problem("a value must be a string in double quotes, a number, true, false, null, an object or a list")
            }
            index += expected.count
        }
    }
}
