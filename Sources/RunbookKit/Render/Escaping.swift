/// Every piece of escaping the renderers do, one namespace per format. A renderer never
/// writes text from the document without passing it through here.

/// Text and attribute values for XML (DocBook). Characters XML 1.0 cannot carry at all
/// (control characters, U+FFFE, U+FFFF) become U+FFFD.
enum XMLEscaping {
    static func text(_ text: String) -> String { escape(text, quotes: false) }
    static func attribute(_ text: String) -> String { escape(text, quotes: true) }

    static func escape(_ text: String, quotes: Bool) -> String {
        // Most text needs nothing replaced: then it is returned as it is, without a copy.
        let plain = !text.unicodeScalars.contains { scalar in
            switch scalar {
            case "&", "<", ">", "\r": return true
            case "\"", "'", "\n", "\t": return quotes
            default: return Forbidden.contains(scalar)
            }
        }
        if plain { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            case "'" where quotes: result += "&apos;"
            case "\r": result += quotes ? "&#13;" : "\n"
            case "\n" where quotes: result += "&#10;"
            case "\t" where quotes: result += "&#9;"
            default: result.unicodeScalars.append(Forbidden.contains(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return result
    }
}

/// Text and attribute values for HTML. The same characters as in XML are replaced: HTML
/// forbids control characters and noncharacters too.
enum HTMLEscaping {
    static func text(_ text: String) -> String { escape(text) }
    static func attribute(_ text: String) -> String { escape(text) }

    static func escape(_ text: String) -> String {
        let plain = !text.unicodeScalars.contains { scalar in
            switch scalar {
            case "&", "<", ">", "\"", "'", "\r": return true
            default: return Forbidden.contains(scalar)
            }
        }
        if plain { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\r": result += "\n"
            default: result.unicodeScalars.append(Forbidden.contains(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return result
    }
}

/// Strings in CSS, for the page headers of the PDF: quoted, with a backslash before a quote
/// or a backslash, a line break as `\A`, and `<` as `\3C` so that no text can close the
/// `<style>` element it is in. A tab and the characters no format may carry become a space.
enum CSSEscaping {
    static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n", "\r": result += "\\A "
            case "<": result += "\\3C "
            default: result.unicodeScalars.append(Forbidden.contains(scalar) || scalar == "\t" ? " " : scalar)
            }
        }
        return result + "\""
    }
}

/// GitHub-flavoured Markdown. Document text is written so that it can never become markup:
/// punctuation that could open emphasis, a link, a code span, HTML, a table cell or a
/// strikethrough is backslash-escaped, and text at the start of a block cannot open a list,
/// a heading or a quote. Line breaks inside inline text become spaces.
enum MarkdownEscaping {
    /// Where a line may break when a paragraph is wrapped: a space before a letter, so that
    /// no wrapped line can begin with a block marker. (U+0001 never reaches the output: it is
    /// a forbidden character, replaced in every text.)
    static let breakOpportunity: Character = "\u{1}"

    /// Inline text; `breakable` marks the spaces where ``wrap(_:width:first:rest:)`` may break
    /// the line. Text that begins a block also goes through ``guardBlockStart(_:)``, once the
    /// whole block is joined (a value "2" and the text ". Next" open a list only together).
    static func text(_ text: String, breakable: Bool = false) -> String {
        let scalars = Array(flattened(text).unicodeScalars)
        // Built as UTF-8 and made a string once: appending scalar by scalar to a String is
        // the slowest part of a Markdown run.
        var result: [UInt8] = []
        result.reserveCapacity(scalars.count + scalars.count / 8)
        // GFM turns bare URLs, www. names and e-mail addresses into links: break the pattern.
        var inEmailDomain = false
        for (index, scalar) in scalars.enumerated() {
            let previous = index > 0 ? scalars[index - 1] : nil
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if scalar == " " { inEmailDomain = false }
            if scalar == "@" { inEmailDomain = true }
            switch scalar {
            case ":" where index + 2 < scalars.count && scalars[index + 1] == "/" && scalars[index + 2] == "/":
                result.append(UInt8(ascii: "\\"))
            case "." where inEmailDomain:
                result.append(UInt8(ascii: "\\"))
                inEmailDomain = false
            case "." where index >= 3 && scalars[(index - 3)..<index].map(lowercased) == ["w", "w", "w"]:
                result.append(UInt8(ascii: "\\"))
            case "*", "`", "[", "]", "<", ">", "|", "~", "#":
                result.append(UInt8(ascii: "\\"))
            case "\\" where next.map { isASCIIPunctuation($0) || isWhitespace($0) } ?? true:
                result.append(UInt8(ascii: "\\"))
            case "_" where !(previous.map(isWordCharacter) ?? false && next.map(isWordCharacter) ?? false):
                result.append(UInt8(ascii: "\\"))
            case "!" where next == "[":
                result.append(UInt8(ascii: "\\"))
            case "&":
                result.append(UInt8(ascii: "\\"))
            case " " where breakable && next.map(isAlphabetic) == true:
                result.append(0x01)  // breakOpportunity
                continue
            default:
                break
            }
            UTF8.encode(scalar) { result.append($0) }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Lines of at most `width` characters where the text allows (a word longer than the line
    /// stays whole), broken only at break opportunities; `first` and `rest` prefix the lines.
    static func wrap(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
        var lines: [String] = []
        var line = first
        // The line's length in characters, kept as it grows rather than counted again.
        var length = characterCount(first)
        let restLength = characterCount(rest)
        var empty = true
        for word in text.utf8.split(separator: 0x01, omittingEmptySubsequences: false) {
            let word = Substring(word)
            let size = characterCount(word)
            if !empty && length + 1 + size > width {
                lines.append(line)
                line = rest + word
                length = restLength + size
            } else {
                line += (empty ? "" : " ") + word
                length += (empty ? 0 : 1) + size
            }
            empty = false
        }
        lines.append(line)
        return lines
    }

    /// Escaped heading text with `<` and `>` as character references rather than backslash
    /// escapes: the same to every CommonMark reader, and pymarkdown's link-fragment rule
    /// (0.9.41) crashes on `\<\>` in a heading. Every `<` and `>` here was escaped by ``text(_:breakable:)``.
    static func heading(_ escaped: String) -> String {
        escaped.replacingOccurrences(of: "\\<", with: "&lt;").replacingOccurrences(of: "\\>", with: "&gt;")
    }

    /// The text without the spaces it starts and ends with (only U+0020: Foundation's white
    /// space set also takes a zero-width space, which is part of the value).
    static func trimmingSpaces(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }), let last = scalars.lastIndex(where: { $0 != " " }) else { return "" }
        return String(scalars[first...last])
    }

    /// Text with its break opportunities back as plain spaces (headings, table cells).
    static func unbroken(_ text: String) -> String {
        String(text.map { $0 == breakOpportunity ? " " : $0 })
    }

    /// A code span that shows `text` exactly, whatever backticks it holds.
    static func codeSpan(_ text: String, inTable: Bool = false) -> String {
        // Readers strip one space at each end at most, and linters flag any: code starts and
        // ends with what it shows.
        var content = trimmingSpaces(flattened(text))
        if content.isEmpty { return "" }
        if inTable { content = content.replacingOccurrences(of: "|", with: "\\|") }
        let fence = String(repeating: "`", count: longestRun(of: "`", in: content) + 1)
        let padded = content.hasPrefix("`") || content.hasSuffix("`") || (content.hasPrefix(" ") && content.hasSuffix(" "))
        return padded ? "\(fence) \(content) \(fence)" : fence + content + fence
    }

    /// A fenced code block; the fence is longer than any run of backticks in the code.
    static func codeBlock(_ code: String, language: String, indent: String) -> [String] {
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: code) + 1))
        let info = String(language.unicodeScalars.filter { isWordCharacter($0) || $0 == "-" || $0 == "+" }.map(Character.init))
        var lines = [indent + fence + (info.isEmpty ? "text" : info)]
        let normalized =
            code.utf8.contains(UInt8(ascii: "\r"))
            ? code.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : code
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(line.isEmpty ? "" : indent + sanitized(String(line)))
        }
        if lines.count > 1 && lines.last == "" && code.hasSuffix("\n") { lines.removeLast() }
        lines.append(indent + fence)
        return lines
    }

    /// The fragment GitHub gives a heading, before de-duplication: lower case, punctuation
    /// and symbols dropped, spaces to hyphens (the github-slugger rules).
    static func headingSlug(_ plainText: String) -> String {
        var slug = ""
        for scalar in plainText.lowercased().unicodeScalars {
            if scalar == " " {
                slug += "-"
            } else if scalar == "-" || scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .spacingMark
            {
                slug.unicodeScalars.append(scalar)
            }
        }
        return slug
    }

    /// Markers that would open a block when they start a line: `-`, `+`, `=`, `1.` and `1)`.
    static func guardBlockStart(_ text: String) -> String {
        guard let first = text.first else { return text }
        if first == "-" || first == "+" || first == "=" { return "\\" + text }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let marker = text.dropFirst(digits.count).first, marker == "." || marker == ")" {
            return digits + "\\" + text.dropFirst(digits.count)
        }
        return text
    }

    /// The number of characters (grapheme clusters) in `text`; counted by bytes when every
    /// byte is printable ASCII, where each byte is one character (a line break pair "\r\n" is
    /// one character, so control bytes take the slow way).
    static func characterCount(_ text: some StringProtocol) -> Int {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } ? text.utf8.count : text.count
    }

    /// One line: line breaks and tabs become spaces, forbidden characters U+FFFD.
    static func flattened(_ text: String) -> String {
        // Printable ASCII has nothing to replace.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\t": result += " "
            default: result.unicodeScalars.append(Forbidden.contains(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return result
    }

    static func sanitized(_ line: String) -> String {
        if line.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }) { return line }
        return String(String.UnicodeScalarView(line.unicodeScalars.map { $0 != "\t" && Forbidden.contains($0) ? "\u{FFFD}" : $0 }))
    }

    static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0
        var current = 0
        // An ASCII character by bytes: in UTF-8 such a byte only ever stands for itself. A
        // backtick that a combining mark follows counts too, as CommonMark counts it (it reads
        // code points, not characters).
        if let byte = character.asciiValue {
            for b in text.utf8 {
                current = b == byte ? current + 1 : 0
                longest = max(longest, current)
            }
            return longest
        }
        for c in text {
            current = c == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }

    static func isASCIIPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (33...47 ~= scalar.value || 58...64 ~= scalar.value || 91...96 ~= scalar.value || 123...126 ~= scalar.value)
    }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isAlphabetic(scalar) || ("0"..."9").contains(scalar)
    }

    /// Unicode's Alphabetic property, answered without the property tables for ASCII.
    static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) : scalar.properties.isAlphabetic
    }

    /// Unicode's White_Space property, answered without the property tables for ASCII.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    /// The scalar in lower case when it is an ASCII letter, else itself.
    private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }
}

/// Values and comments of a SQL Server setup configuration file. Setup reads one setting a
/// line and has no escape inside a quoted value, so a double quote (it would end the value)
/// and a line break (it would end the setting) cannot be carried: both become U+FFFD, as do
/// the characters no format may carry. The site validators refuse such values
/// (`sql.setup-file-value`), so this only keeps a value that slipped past them from turning
/// into a setting of its own. A comment is cut at its line breaks and every line of it starts
/// with `;`, so no site text in a comment becomes a setting either.
enum SetupFileEscaping {
    /// `"value"`.
    static func quoted(_ value: String) -> String { "\"" + clean(value) + "\"" }

    /// `"C:\folder"`. A quote right after a final backslash would read as `\"`, an escaped
    /// quote on a Windows command line, so a path that ends in a backslash is written without
    /// quotes (`F:\`), which setup takes for paths (Microsoft, "Install SQL Server from the
    /// command prompt": `/INSTANCEDIR=c:\Path` is supported), or, where it holds white space,
    /// without its final backslashes: a folder is the same without them, and a drive root has
    /// no white space.
    static func path(_ value: String) -> String {
        var text = clean(value)
        guard text.hasSuffix("\\") else { return "\"" + text + "\"" }
        if !text.contains(where: \.isWhitespace) { return text }
        while text.hasSuffix("\\") && text.count > 3 { text.removeLast() }
        return "\"" + text + "\""
    }

    /// A name written without quotes (`FEATURES=SQLENGINE`): ASCII letters, digits and `_`.
    static func bare(_ name: String) -> String {
        let kept = name.unicodeScalars.map { scalar -> Unicode.Scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_") ? scalar : "\u{FFFD}"
        }
        return String(String.UnicodeScalarView(kept))
    }

    /// The comment lines for a text: each of its lines wrapped at `width` columns where it
    /// has spaces (nil: never), every one starting with `;`. A double quote is fine there.
    static func comment(_ text: String, width: Int? = nil) -> [String] {
        var lines: [String] = []
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0.unicodeScalars.contains(where: isLineBreak) }) {
            let line = String(String.UnicodeScalarView(line.unicodeScalars.map { Forbidden.contains($0) ? "\u{FFFD}" : $0 }))
            guard let width else {
                lines.append(line)
                continue
            }
            var current = ""
            for word in line.split(separator: " ", omittingEmptySubsequences: false) {
                if !current.isEmpty && current.count + 1 + word.count > width - 2 {
                    lines.append(current)
                    current = String(word)
                } else {
                    current += (current.isEmpty ? "" : " ") + word
                }
            }
            lines.append(current)
        }
        return lines.map { $0.isEmpty ? ";" : "; " + $0 }
    }

    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\"" || isLineBreak($0) || Forbidden.contains($0) ? "\u{FFFD}" : $0 }))
    }

    /// What a Windows text reader may take for the end of a line.
    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}

/// Text in Graphviz's DOT language: quoted strings (a backslash before `"` and `\`), and the
/// text of HTML-like labels (XML's five characters as entities, no character XML forbids, and
/// every backslash doubled: Graphviz reads `\N` in a label as the box's id and `\\` as one
/// backslash, so `\\fs01\share` would lose one).
enum DOTEscaping {
    static func quoted(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: " ")
            + "\""
    }

    static func html(_ text: String) -> String { XMLEscaping.attribute(text).replacingOccurrences(of: "\\", with: "\\\\") }
}
