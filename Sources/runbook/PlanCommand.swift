import ArgumentParser
import Foundation
import RunbookKit

/// `--templates DIR`, shared by every command that uses the catalog.
struct CatalogOptions: ParsableArguments {
    @Option(help: "A folder of templates that overrides or extends the built-in catalog.")
    var templates: String?

    /// The catalog, or the exit after printing why it cannot be used.
    func load(printer: DiagnosticPrinter, includeBuiltIn: Bool = true) throws -> TemplateCatalog {
        let (catalog, diagnostics) = TemplateCatalog.load(
            userFolder: templates.map { URL(fileURLWithPath: $0) }, includeBuiltIn: includeBuiltIn)
        for diagnostic in diagnostics { printError(printer.format(diagnostic)) }
        guard let catalog else { throw ExitStatus.invalidInput }
        return catalog
    }
}

/// Loads a site and plans it, printing every diagnostic; throws the exit status on failure.
func planSite(_ path: String, catalogOptions: CatalogOptions) throws -> Plan {
    try planSiteWithCatalog(path, catalogOptions: catalogOptions).plan
}

func planSiteWithCatalog(
    _ path: String, catalogOptions: CatalogOptions
) throws -> (plan: Plan, catalog: TemplateCatalog, site: SiteDescription) {
    let printer = DiagnosticPrinter()
    let catalog = try catalogOptions.load(printer: printer)
    let pipeline = Pipeline(catalog: catalog)
    let result = pipeline.load(Pipeline.Source(file: path))
    for diagnostic in result.diagnostics { printError(printer.format(diagnostic)) }
    guard let site = result.site else {
        throw result.diagnostics.contains { $0.id == .unreadable } ? ExitStatus.cannotOpenInput : ExitStatus.invalidInput
    }
    let (plan, diagnostics) = pipeline.plan(site)
    for diagnostic in diagnostics { printError(printer.format(diagnostic)) }
    guard let plan else { throw ExitStatus.invalidInput }
    return (plan, catalog, site)
}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "List every step of the site's runbooks in order, with computer, role, duration and prerequisites."
    )

    @Argument(help: "The site description.")
    var site: String

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(
        help: ArgumentHelp(
            "Print the simulated state of the site after this step instead: PROCEDURE.STEP as in the plan's ids, such as configure-generic-service-role.wizard; upgrade/PROCEDURE.STEP for the upgrade runbook.",
            valueName: "step"))
    var state: String?

    @OptionGroup var catalog: CatalogOptions

    func validate() throws {
        if state != nil && format == .json {
            throw ValidationError("--state prints the state as text; leave out --format json, which lists each step's expects and effects")
        }
    }

    func run() throws {
        let (plan, _, site) = try planSiteWithCatalog(self.site, catalogOptions: catalog)
        if let step = state {
            guard let after = PlanState.after(step, in: plan, site: site) else {
                printError(
                    "error: '\(step)' is no step of the plan; name one as PROCEDURE.STEP from `runbook plan --format json`, such as "
                        + "\(plan.runbooks.first?.procedures.first.map { "\($0.id).\($0.steps.first?.id ?? "")" } ?? "create-cluster.create")")
                throw ExitStatus.invalidInput
            }
            print(after.lines.joined(separator: "\n"))
            return
        }
        switch format {
        case .text: print(PlanReport.text(plan), terminator: "")
        case .json: print(PlanReport.json(plan).serialized(), terminator: "")
        }
    }
}

extension PlanGraph.Format: ExpressibleByArgument {}

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the procedure dependency graph of the site's runbooks."
    )

    @Argument(help: "The site description.")
    var site: String

    @Option(help: "dot (Graphviz) or mermaid.")
    var format: PlanGraph.Format = .dot

    @OptionGroup var catalog: CatalogOptions

    func run() throws {
        print(PlanGraph.render(try planSite(site, catalogOptions: catalog), as: format), terminator: "")
    }
}

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Work with the template catalog.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a template folder on its own (or the built-in catalog): markup, parameters, dependencies.",
            discussion:
                "Every procedure is planned for a reference site whatever its condition, so every parameter is checked; then the catalog is walked over the site's state for every combination of the site's choices (SQL Server, witness, IDP certificate, groups of computers, two or four nodes)."
        )

        @Argument(help: "The template folder; the built-in catalog when left out.")
        var folder: String?

        @Flag(help: "Check the folder laid over the built-in catalog, as plan and generate use it with --templates.")
        var overBuiltIn = false

        func run() throws {
            let printer = DiagnosticPrinter()
            let options = try CatalogOptions.parse(folder.map { ["--templates", $0] } ?? [])
            let catalog = try options.load(printer: printer, includeBuiltIn: folder == nil || overBuiltIn)
            let diagnostics = TemplateCheck.check(catalog, reference: ReferenceSite.site)
            for diagnostic in diagnostics { printError(printer.format(diagnostic)) }
            if diagnostics.hasErrors { throw ExitStatus.invalidInput }
            let count = catalog.runbooks.map(\.procedures.count).reduce(0, +)
            print("\(folder ?? "built-in catalog"): \(count) procedure templates in \(catalog.runbooks.count) runbooks, valid")
        }
    }
}
