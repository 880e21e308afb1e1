import ArgumentParser
import Foundation
import RunbookKit

/// The one place the command prints diagnostics and notes and chooses its exit status.
///
/// Diagnostics go to standard error the way compilers print them, `file:line:col: error:
/// message [id]`; colour only on a terminal, and never when NO_COLOR is set.
struct Reporter {
    private let useColor: Bool

    init() {
        let environment = ProcessInfo.processInfo.environment
        useColor = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// Prints every diagnostic on standard error. One that is about no place in a file (no
    /// WeasyPrint, say) is the same for every site of a batch, and is printed once.
    func report(_ diagnostics: [Diagnostic]) {
        var printed: Set<String> = []
        for diagnostic in diagnostics {
            let text = format(diagnostic)
            if diagnostic.location == nil && !printed.insert(text).inserted { continue }
            Self.printError(text)
        }
    }

    /// Prints every diagnostic, then throws the exit status they call for when any is an error.
    func check(_ diagnostics: [Diagnostic]) throws {
        report(diagnostics)
        if let status = Self.exitStatus(for: diagnostics) { throw status }
    }

    /// Prints a note that is not about a place in a file.
    func note(_ text: String) {
        Self.printError(paint("note:", "1;36") + " " + Self.visible(text))
    }

    /// Prints an error that is not about a place in a file (a summary of a batch).
    func error(_ text: String) {
        Self.printError(paint("error:", "1;31") + " " + Self.visible(text))
    }

    /// The sysexits(3) code for the worst of the diagnostics, nil when none is an error.
    static func exitStatus(for diagnostics: [Diagnostic]) -> ExitCode? {
        let errors = diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else { return nil }
        let ids = Set(errors.map(\.id))
        if ids.contains(.pdfTimeoutInvalid) || ids.contains(.sourceDateInvalid) { return ExitStatus.usage }
        if ids.contains(.docbookInvalid) || ids.contains(.pdfFailed) || ids.contains(.layoutFailed) { return ExitStatus.internalError }
        if ids.contains(.docbookSchemaUnavailable) || ids.contains(.pdfEngineUnavailable) || ids.contains(.layoutEngineUnavailable) {
            return ExitStatus.unavailable
        }
        if ids.contains(.outputUnwritable) { return ExitStatus.cannotCreateOutput }
        if ids.contains(.unreadable) { return ExitStatus.cannotOpenInput }
        return ExitStatus.invalidInput
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

    /// Writes a line to standard error.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// The sysexits(3) codes the README documents.
enum ExitStatus {
    static let usage = ExitCode(64)
    static let invalidInput = ExitCode(65)
    static let cannotOpenInput = ExitCode(66)
    static let unavailable = ExitCode(69)
    static let internalError = ExitCode(70)
    static let cannotCreateOutput = ExitCode(73)
}

/// A mistake in how the command was called, found only once it runs (an unknown runbook, a
/// step the plan does not have): printed with the subcommand's usage, exit status 64.
struct UsageError: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}

/// How `validate` and `plan` report: for people or for programs.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    /// Compiler-style lines for people.
    case text
    /// One JSON document on standard output, for programs.
    case json
}
