import ArgumentParser
import Foundation
import RunbookKit

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check site descriptions and report every problem with file:line:column.",
        discussion: "Exit status: 0 when every file is valid, 65 when any is invalid, 66 when one cannot be read."
    )

    @Argument(help: "Site description files (YAML or JSON); - reads standard input.", completion: SiteArguments.completion)
    var sites: [String]

    @Option(help: "How to report: text (compiler style, on standard error) or json (on standard output).")
    var format: ReportFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var warningsAsErrors = false

    func validate() throws {
        try SiteArguments.check(sites)
    }

    func run() throws {
        let loader = SiteLoader()
        var all: [Diagnostic] = []
        var reports: [JSONValue] = []
        let reporter = Reporter()
        for path in sites {
            var diagnostics = loader.load(file: path).diagnostics
            if warningsAsErrors { diagnostics = diagnostics.raisingWarningsToErrors() }
            all += diagnostics
            let valid = !diagnostics.hasErrors
            switch format {
            case .text:
                reporter.report(diagnostics)
                let errors = diagnostics.filter { $0.severity == .error }.count
                let warnings = diagnostics.count - errors
                let name = SiteArguments.displayName(path)
                if diagnostics.contains(where: { $0.id == .unreadable }) {
                    Reporter.printError("\(name): cannot be read")
                } else if valid {
                    print("\(name): valid" + (warnings > 0 ? " (\(Self.count(warnings, "warning")))" : ""))
                } else {
                    Reporter.printError(
                        "\(name): invalid: \(Self.count(errors, "error"))" + (warnings > 0 ? ", \(Self.count(warnings, "warning"))" : ""))
                }
            case .json:
                reports.append(
                    .object([
                        ("file", .string(SiteArguments.displayName(path))),
                        ("valid", .bool(valid)),
                        ("diagnostics", .array(diagnostics.map(\.json))),
                    ]))
            }
        }
        if format == .json {
            print(JSONValue.object([("files", .array(reports))]).serialized(), terminator: "")
        }
        if let status = Reporter.exitStatus(for: all) { throw status }
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}

/// The site descriptions a command is given: files, or `-` for standard input.
enum SiteArguments {
    /// Standard input can be read once: `-` may appear only once.
    static func check(_ sites: [String]) throws {
        if sites.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("- reads standard input, which can be read once: give - only once")
        }
        if sites.contains("") {
            throw ValidationError("a site description's path is empty: give a file, or - for standard input")
        }
    }

    /// How messages name a site argument.
    static func displayName(_ path: String) -> String {
        Pipeline.Source(file: path).name
    }

    /// Completion for a site description argument.
    static let completion = CompletionKind.file(extensions: ["yaml", "yml", "json"])
}
