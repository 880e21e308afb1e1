import ArgumentParser
import Foundation
import RunbookKit

extension RunbookKit.OutputFormat: ExpressibleByArgument {}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the site's runbooks as Markdown, HTML and DocBook.",
        discussion: """
            Writes one file per runbook and format into the output folder, named after the \
            site: <site>-install.md, <site>-install.html, <site>-install.xml, and the same for \
            upgrade. Every DocBook file is validated against the DocBook 5 schema first. \
            Nothing is written unless every file is rendered and valid and every output path \
            is usable; each existing file is replaced atomically by its complete new version.

            The documents carry a date only when the site description gives one or \
            SOURCE_DATE_EPOCH is set.
            """
    )

    @Argument(help: "The site description.")
    var site: String

    @Option(name: .shortAndLong, help: "The output folder (created when missing), or - for standard output (one format, one runbook).")
    var output: String

    @Option(
        name: .shortAndLong, parsing: .singleValue,
        help: "Formats to write, separated by commas: md, html, docbook. (default: all three)",
        transform: Generate.formats)
    var format: [[RunbookKit.OutputFormat]] = []

    @Option(help: "Only this runbook (install, upgrade...); repeat for more. With -o -, the default is the first runbook.")
    var runbook: [String] = []

    @OptionGroup var catalog: CatalogOptions

    static func formats(_ text: String) throws -> [RunbookKit.OutputFormat] {
        try text.split(separator: ",").map { name in
            let name = name.trimmingCharacters(in: .whitespaces)
            guard let format = RunbookKit.OutputFormat(rawValue: name == "markdown" ? "md" : name) else {
                throw ValidationError("unknown format '\(name)'; choose from md, html, docbook")
            }
            return format
        }
    }

    var formats: [RunbookKit.OutputFormat] {
        let chosen = format.flatMap { $0 }
        return chosen.isEmpty ? RunbookKit.OutputFormat.allCases : chosen
    }

    func validate() throws {
        if output == "-" && formats.count != 1 {
            throw ValidationError("-o - writes one file to standard output: choose one format with --format md, html or docbook")
        }
        if output == "-" && runbook.count > 1 {
            throw ValidationError("-o - writes one file to standard output: choose one runbook with --runbook")
        }
    }

    func run() throws {
        var date: String?
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            switch SourceDate.date(fromEpoch: epoch) {
            case .success(let value): date = value
            case .failure(let problem):
                printError(DiagnosticPrinter().format(problem))
                throw ExitStatus.invalidInput
            }
        }
        let (plan, catalog) = try planSiteWithCatalog(site, catalogOptions: self.catalog)
        let known = plan.runbooks.map(\.id)
        for id in runbook where !known.contains(id) {
            throw ValidationError("there is no runbook '\(id)'; this site's runbooks are " + known.joined(separator: ", "))
        }
        var selected: [String]? = runbook.isEmpty ? nil : runbook
        if output == "-" && selected == nil, let first = known.first {
            selected = [first]
            if known.count > 1 { printError("note: writing the \(first) runbook; choose another with --runbook (\(known.joined(separator: ", ")))") }
        }

        let generator = RunbookGenerator(shells: catalog.shells, date: date)
        let (files, diagnostics) = generator.generate(plan, formats: formats, runbooks: selected)
        let printer = DiagnosticPrinter()
        for diagnostic in diagnostics { printError(printer.format(diagnostic)) }
        if diagnostics.contains(where: { $0.id == .docbookSchemaUnavailable }) { throw ExitStatus.unavailable }
        if diagnostics.contains(where: { $0.id == .docbookInvalid }) {
            printError(
                "error: the generated DocBook is not valid DocBook 5.0. Nothing was written. This is a bug in runbook or in a page shell of --templates."
            )
            throw ExitStatus.internalError
        }
        if diagnostics.hasErrors { throw ExitStatus.invalidInput }

        if output == "-" {
            do {
                try FileHandle.standardOutput.write(contentsOf: Data(files.map(\.contents).joined().utf8))
            } catch {
                printError("error: cannot write to standard output: \(error.localizedDescription) [output.unwritable]")
                throw ExitStatus.cannotCreateOutput
            }
            return
        }
        let (written, problems) = OutputWriter.write(files, into: URL(fileURLWithPath: output))
        for diagnostic in problems { printError(printer.format(diagnostic)) }
        for url in written { print(url.path) }
        if !problems.isEmpty { throw ExitStatus.cannotCreateOutput }
    }
}
