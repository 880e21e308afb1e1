import Foundation
import RunbookKit

/// Prints diagnostics the way compilers do: `file:line:col: error: message [id]`.
///
/// Colour only on a terminal, and never when NO_COLOR is set.
struct DiagnosticPrinter {
    var useColor: Bool

    init(handle: FileHandle = .standardError) {
        let environment = ProcessInfo.processInfo.environment
        useColor = isatty(handle.fileDescriptor) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    func format(_ diagnostic: Diagnostic) -> String {
        let label: String
        switch diagnostic.severity {
        case .error: label = paint("error:", "1;31")
        case .warning: label = paint("warning:", "1;35")
        }
        var lines = [prefix(diagnostic.location) + "\(label) \(Self.visible(diagnostic.message)) [\(diagnostic.id)]"]
        for note in diagnostic.notes {
            lines.append(prefix(note.location) + paint("note:", "1;36") + " " + Self.visible(note.message))
        }
        return lines.joined(separator: "\n")
    }

    private func prefix(_ location: SourceLocation?) -> String {
        guard let location else { return "" }
        return paint("\(Self.visible(location.description)):", "1") + " "
    }

    /// The text with every control character written as \u{…}: a value or file name quoted
    /// in a message cannot move the cursor, change colours or break the line on a terminal.
    static func visible(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            // Controls, line separators, and the bidirectional overrides and isolates that
            // can make a message read differently from what it says.
            if Forbidden.isControl(scalar) || Forbidden.isLineSeparator(scalar) || Forbidden.isBidiControl(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Writes text to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
