import ArgumentParser
import Foundation
import RunbookKit

/// `--templates DIR`, shared by every command that uses the catalog.
struct CatalogOptions: ParsableArguments {
    @Option(help: "A folder of templates that overrides or extends the built-in catalog.", completion: .directory)
    var templates: String?

    func validate() throws {
        if templates?.isEmpty == true {
            throw ValidationError("--templates needs the folder that holds your runbook folders (install/, upgrade/)")
        }
    }

    /// The catalog, or the exit after printing why it cannot be used.
    func load(reporter: Reporter, includeBuiltIn: Bool = true) throws -> TemplateCatalog {
        let (catalog, diagnostics) = TemplateCatalog.load(
            userFolder: templates.map { URL(fileURLWithPath: $0) }, includeBuiltIn: includeBuiltIn)
        try reporter.check(diagnostics)
        guard let catalog else { throw Reporter.exitStatus(for: diagnostics) ?? ExitStatus.invalidInput }
        return catalog
    }

    /// The runbook ids of the catalog a command line would use, for shell completion: the
    /// built-in catalog, or the one laid over by its `--templates` folder.
    static func runbookIDs(_ arguments: [String]) -> [String] {
        var folder: String?
        for (index, argument) in arguments.enumerated() {
            if argument == "--templates", arguments.indices.contains(index + 1) { folder = arguments[index + 1] }
            if argument.hasPrefix("--templates=") { folder = String(argument.dropFirst("--templates=".count)) }
        }
        let catalog = TemplateCatalog.load(userFolder: folder.map { URL(fileURLWithPath: $0) }).catalog ?? TemplateCatalog.load().catalog
        return catalog?.runbooks.map(\.id) ?? []
    }
}

/// The catalog, the site and its plan, with every diagnostic printed on the way; throws the
/// exit status when a stage fails.
func planSite(_ path: String, catalogOptions: CatalogOptions) throws -> (plan: Plan, catalog: TemplateCatalog, site: SiteDescription) {
    let reporter = Reporter()
    let catalog = try catalogOptions.load(reporter: reporter)
    let pipeline = Pipeline(catalog: catalog)
    let loaded = pipeline.load(Pipeline.Source(file: path))
    try reporter.check(loaded.diagnostics)
    guard let site = loaded.site else { throw ExitStatus.invalidInput }
    let (plan, diagnostics) = pipeline.plan(site)
    try reporter.check(diagnostics)
    guard let plan else { throw ExitStatus.invalidInput }
    return (plan, catalog, site)
}
