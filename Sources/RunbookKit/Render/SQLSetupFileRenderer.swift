/// Writes a ``SQLSetupConfiguration`` as the text SQL Server setup reads: its remarks as `;`
/// comment lines, then the `[OPTIONS]` section with one `NAME="value"` line per option, each
/// after its note (Microsoft, "Install SQL Server using a configuration file").
///
/// Lines end in CR LF. Setup writes its own configuration files that way, as Windows tools
/// do, and reads them so; it reads files with LF endings as well (common practice with files
/// made on other systems), but Notepad on Windows Server 2016 shows such a file as one line,
/// and the runbook has the operator read this one before running setup. The text is UTF-8
/// without a byte order mark, like every file runbook writes; the values are ASCII in every
/// sample (how setup reads other characters is not documented).
struct SQLSetupFileRenderer: Sendable {
    /// Comment paragraphs are wrapped to this many columns; a command never is.
    static let width = 92

    init() {}

    func render(_ file: SQLSetupConfiguration) -> String {
        var lines: [String] = []
        for (index, remark) in file.remarks.enumerated() {
            if index > 0 { lines.append(";") }
            switch remark {
            case .text(let text): lines += SetupFileEscaping.comment(text, width: Self.width)
            case .command(let command): lines += SetupFileEscaping.comment("    " + command)
            }
        }
        lines += ["", "[OPTIONS]"]
        for option in file.options {
            lines.append("")
            if let note = option.note { lines += SetupFileEscaping.comment(note, width: Self.width) }
            lines.append(SetupFileEscaping.bare(option.name) + "=" + Self.value(option.value))
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    static func value(_ value: SQLSetupConfiguration.Value) -> String {
        switch value {
        case .text(let text): return SetupFileEscaping.quoted(text)
        case .path(let path): return SetupFileEscaping.path(path)
        case .list(let items): return items.map(SetupFileEscaping.quoted).joined(separator: " ")
        case .features(let names): return names.map(SetupFileEscaping.bare).joined(separator: ",")
        }
    }
}
