import ArgumentParser
import Foundation
import RunbookKit

extension RunbookKit.OutputFormat: ExpressibleByArgument {}

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the site's runbooks as Markdown, HTML and DocBook (and PDF when asked).",
        discussion: """
            Writes one file per runbook and format into the output folder, named after the \
            site: <site>-install.md, <site>-install.html, <site>-install.xml, and the same for \
            upgrade and verify (the checks to repeat after maintenance, with room to record \
            what was seen). With the install runbook of a site whose SQL Server is a failover cluster \
            instance come SQL Server setup's configuration files, whatever the formats: \
            <site>-sql-install.ini for the first node and <site>-sql-add-node.ini for the \
            others (never written to standard output). Every DocBook file is validated against \
            the DocBook 5 schema first. \
            With --format pdf (alone or in a list) it writes <site>-install.pdf and the \
            others', laid out by WeasyPrint for paper (the site's document.paper, A4 by \
            default). With --format docx it writes Word documents, <site>-install.docx and the \
            others': heading styles, numbered steps and substeps, check boxes, the same bytes \
            every time. \
            With --for HOST or --role ROLE it writes handouts instead: each runbook cut down \
            to one computer's or one role's procedures, numbered as in the whole runbook, \
            saying where to wait for work elsewhere and whom to tell when done, named \
            <site>-install-for-<host>.md and so on. \
            Nothing is written unless every site is valid, every file is rendered and valid and \
            every output path is usable; each existing file is replaced atomically by its \
            complete new version, and a failure part-way puts the previous files back.

            Several sites make a batch: they are generated several at a time, each into the \
            same bytes as when generated alone, and two sites whose files would have the same \
            names are refused.

            The documents carry a date only when the site description gives one or \
            SOURCE_DATE_EPOCH is set.
            """
    )

    @Argument(
        help: "The site descriptions: one, or many for a batch (worked on several at a time); - reads standard input.",
        completion: SiteArguments.completion)
    var sites: [String]

    @Option(
        name: .shortAndLong, help: "The output folder (created when missing), or - for standard output (one format, one runbook).",
        completion: .directory)
    var output: String

    @Option(
        name: .shortAndLong, parsing: .singleValue,
        help: ArgumentHelp(
            "Formats to write, separated by commas: \(GenerateCommand.formatNames(RunbookKit.OutputFormat.allCases, ", ")). "
                + "(default: \(GenerateCommand.formatNames(RunbookKit.OutputFormat.standard, "and")))", valueName: "formats"),
        completion: .custom { _, _, prefix in GenerateCommand.completeFormats(prefix) },
        transform: GenerateCommand.formats)
    var format: [[RunbookKit.OutputFormat]] = []

    @Option(
        help: "Only this runbook (install, upgrade, verify); repeat for more. With -o -, the default is the first runbook.",
        completion: .custom { arguments, _, _ in CatalogOptions.runbookIDs(arguments) })
    var runbook: [String] = []

    @Option(
        name: .customLong("for"),
        help: ArgumentHelp(
            "A handout for one computer: only the procedures that run on HOST, numbered as in the runbook, with where to wait for other computers.",
            valueName: "host"))
    var computer: String?

    @Option(
        help: ArgumentHelp("A handout for one role (\(Role.names)); with --for, that role on that computer.", valueName: "role"),
        completion: .list(Role.allCases.map(\.rawValue)),
        transform: { text in
            guard let role = Role(typed: text) else { throw ValidationError(Role.advice(for: text)) }
            return role
        })
    var role: Role?

    @OptionGroup var catalog: CatalogOptions

    /// For the benchmark: the seconds of each stage, on standard error.
    @Flag(help: .hidden) var timings = false

    static func formats(_ text: String) throws -> [RunbookKit.OutputFormat] {
        let names = text.split(separator: ",")
        if names.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("name at least one format: \(formatNames(RunbookKit.OutputFormat.allCases, "or"))")
        }
        // Case-blind, with the names people also use: markdown, xml (DocBook's files), word.
        let aliases = ["markdown": "md", "xml": "docbook", "word": "docx"]
        return try names.map { name in
            let name = name.trimmingCharacters(in: .whitespaces)
            let key = name.lowercased()
            guard let format = RunbookKit.OutputFormat(rawValue: aliases[key] ?? key) else {
                throw ValidationError("unknown format '\(name)'; choose from \(formatNames(RunbookKit.OutputFormat.allCases, ", "))")
            }
            return format
        }
    }

    /// Formats by the names `--format` takes, as a list ("md, html, docbook, pdf, docx") or a
    /// sentence ("md, html and docbook") with the conjunction given.
    static func formatNames(_ formats: [RunbookKit.OutputFormat], _ joiner: String) -> String {
        let names = formats.map(\.rawValue)
        return joiner == ", " ? names.joined(separator: ", ") : EnglishList.joined(names, conjunction: joiner)
    }

    /// The formats that complete a comma list: after "md," come "md,html" and "md,docbook".
    static func completeFormats(_ prefix: String) -> [String] {
        var chosen = prefix.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let last = chosen.popLast() ?? ""
        let head = chosen.isEmpty ? "" : chosen.joined(separator: ",") + ","
        return RunbookKit.OutputFormat.allCases.map(\.rawValue)
            .filter { !chosen.contains($0) && $0.hasPrefix(last) }
            .map { head + $0 }
    }

    var formats: [RunbookKit.OutputFormat] {
        let chosen = format.flatMap { $0 }
        return chosen.isEmpty ? RunbookKit.OutputFormat.standard : chosen
    }

    func validate() throws {
        if sites.isEmpty {
            throw ValidationError("give the site description to generate from")
        }
        try SiteArguments.check(sites)
        if output.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("-o needs a folder to write into, or - for standard output")
        }
        if let computer, computer.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--for needs a computer's host name, such as one of the cluster nodes")
        }
        if output == "-" && sites.count != 1 {
            throw ValidationError("-o - writes one file to standard output: give one site description")
        }
        if output == "-" && formats.count != 1 {
            throw ValidationError(
                "-o - writes one file to standard output: choose one format with --format \(Self.formatNames(RunbookKit.OutputFormat.allCases, "or"))"
            )
        }
        if output == "-" && runbook.count > 1 {
            throw ValidationError("-o - writes one file to standard output: choose one runbook with --runbook")
        }
        // A PDF or Word document is bytes a terminal would show as garbage and may act on.
        if output == "-", let format = formats.first, format == .pdf || format == .docx, isatty(STDOUT_FILENO) == 1 {
            throw ValidationError(
                "-o - would write the \(format == .pdf ? "PDF" : "Word document") to the terminal; send it to a file (> runbook.\(format.rawValue)) or a program (| ...), or write it into a folder with -o DIR"
            )
        }
    }

    func run() throws {
        let started = ContinuousClock.now
        // The DocBook schema is read on the other core while the catalog and the sites load.
        if formats.contains(.docbook) { RunbookGenerator.prepareValidation() }
        // However the run ends, not before the schema is read (see waitForPreparedValidation).
        defer { RunbookGenerator.waitForPreparedValidation() }
        var date: String?
        let reporter = Reporter()
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            switch SourceDate.date(fromEpoch: epoch) {
            case .success(let value): date = value
            case .failure(let problem): try reporter.check([problem])
            }
        }
        var times = StageTimes()
        let catalog = try times.measure("catalog") { try self.catalog.load(reporter: reporter) }
        let known = catalog.runbooks.map(\.id)
        for id in runbook where !known.contains(id) {
            throw UsageError("there is no runbook '\(id)'; the runbooks are " + EnglishList.joined(known))
        }
        // Standard output takes one runbook: the one chosen, else the catalog's first.
        var selected: [String]? = runbook.isEmpty ? nil : runbook
        if output == "-" && selected == nil, let first = catalog.runbooks.first?.id {
            selected = [first]
            if catalog.runbooks.count > 1 {
                reporter.note("writing the \(first) runbook; choose another with --runbook (\(known.joined(separator: ", ")))")
            }
        }
        let pipeline = Pipeline(
            catalog: catalog, generator: RunbookGenerator(shells: catalog.shells, date: date), formats: formats, runbooks: selected,
            handout: computer == nil && role == nil ? nil : Handout(computer: computer, role: role))
        let (outcomes, clashes) = pipeline.generate(sites.map { Pipeline.Source(file: $0) })
        for outcome in outcomes { times.add(outcome.times) }
        defer {
            if timings {
                times.add("elapsed", (ContinuousClock.now - started) / .seconds(1))
                Reporter.printError("timings: " + times.stages.map { "\($0.name)=\(String(format: "%.4f", $0.seconds))" }.joined(separator: " "))
            }
        }

        let all = outcomes.flatMap(\.diagnostics) + clashes
        reporter.report(all)
        if all.contains(where: { $0.id == .docbookInvalid }) {
            reporter.error(
                "the generated DocBook is not valid DocBook 5.0. Nothing was written. This is a bug in runbook or in a page shell of --templates.")
        } else if all.hasErrors && sites.count > 1 {
            let failed = outcomes.filter { $0.diagnostics.hasErrors }.count
            var reasons: [String] = []
            if failed > 0 { reasons.append("\(failed) of \(sites.count) site descriptions have errors") }
            if !clashes.isEmpty {
                reasons.append("\(clashes.count) \(clashes.count == 1 ? "pair" : "pairs") of sites would write the same files")
            }
            reporter.error("\(reasons.joined(separator: " and ")); nothing was written")
        }
        if let status = Reporter.exitStatus(for: all) { throw status }
        let files = outcomes.flatMap(\.files)

        if output == "-" {
            // One runbook in one format: the setup files that come with it need a folder.
            let runbooks = files.filter {
                switch $0.kind {
                case .runbook: return true
                case .setupFile, .image: return false
                }
            }
            do {
                try FileHandle.standardOutput.write(contentsOf: runbooks.reduce(Data()) { $0 + $1.data })
            } catch {
                try reporter.check([
                    Diagnostic(
                        .outputUnwritable, "cannot write to standard output (closed or full); write to a folder with -o DIR", at: nil)
                ])
            }
            let skipped = files.filter { !runbooks.contains($0) }.map(\.name)
            if !skipped.isEmpty {
                reporter.note(
                    "the runbook refers to \(EnglishList.joined(skipped)), which -o - does not write; run generate with -o DIR to write them")
            }
            return
        }
        let folder = URL(fileURLWithPath: output)
        var (written, problems) = times.measure("write") { OutputWriter.write(files, into: folder) }
        // A site that would replace another site's files is pointed at its name.
        for index in problems.indices where problems[index].id == .outputNameClash {
            let owner = outcomes.first { $0.files.contains { problems[index].message.hasPrefix(folder.appendingPathComponent($0.name).path + " ") } }
            problems[index].location = owner?.siteNameLocation
        }
        try reporter.check(problems)
        for url in written { print(url.path) }
    }
}
