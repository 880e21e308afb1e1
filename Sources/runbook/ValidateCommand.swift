import ArgumentParser
import Foundation
import RunbookKit

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check site descriptions and report every problem with file:line:column.",
        discussion: "Exit status: 0 when every file is valid, 65 when any is invalid, 66 when one cannot be read."
    )

    @Argument(help: "Site description files (YAML or JSON); - reads standard input.")
    var sites: [String]

    @Option(help: "How to report: text (compiler style, on standard error) or json (on standard output).")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var warningsAsErrors = false

    func run() throws {
        let loader = SiteLoader()
        var anyInvalid = false
        var anyUnreadable = false
        var reports: [JSONValue] = []
        let printer = DiagnosticPrinter()
        for path in sites {
            var diagnostics =
                path == "-"
                ? loader.load(FileHandle.standardInput.readDataToEndOfFile(), file: "<stdin>").diagnostics
                : loader.load(contentsOf: URL(fileURLWithPath: path), displayName: path).diagnostics
            if warningsAsErrors { diagnostics = diagnostics.raisingWarningsToErrors() }
            let valid = !diagnostics.hasErrors
            anyInvalid = anyInvalid || !valid
            anyUnreadable = anyUnreadable || diagnostics.contains { $0.id == .unreadable }
            switch format {
            case .text:
                for diagnostic in diagnostics { printError(printer.format(diagnostic)) }
                let errors = diagnostics.filter { $0.severity == .error }.count
                let warnings = diagnostics.count - errors
                if valid {
                    print("\(path): valid" + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : ""))
                } else {
                    printError(
                        "\(path): invalid: \(errors) error\(errors == 1 ? "" : "s")"
                            + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""))
                }
            case .json:
                reports.append(
                    .object([
                        ("file", .string(path)),
                        ("valid", .bool(valid)),
                        ("diagnostics", .array(diagnostics.map(\.json))),
                    ]))
            }
        }
        if format == .json {
            print(JSONValue.object([("files", .array(reports))]).serialized(), terminator: "")
        }
        if anyUnreadable { throw ExitStatus.cannotOpenInput }
        if anyInvalid { throw ExitStatus.invalidInput }
    }
}
