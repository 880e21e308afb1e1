import ArgumentParser
import RunbookKit

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Work with the template catalog.",
        subcommands: [CheckCommand.self]
    )

    struct CheckCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a template folder on its own (or the built-in catalog): markup, parameters, dependencies.",
            discussion:
                "Every procedure is planned for a reference site whatever its condition, so every parameter is checked; then the catalog is walked over the site's state for every combination of the site's choices (SQL Server, witness, IDP certificate, groups of computers, two or four nodes)."
        )

        @Argument(help: "The template folder; the built-in catalog when left out.", completion: .directory)
        var folder: String?

        @Flag(help: "Check the folder laid over the built-in catalog, as plan and generate use it with --templates.")
        var overBuiltIn = false

        func validate() throws {
            if folder?.isEmpty == true {
                throw ValidationError("give the template folder to check, or leave it out to check the built-in catalog")
            }
        }

        func run() throws {
            let reporter = Reporter()
            var options = CatalogOptions()
            options.templates = folder
            let catalog = try options.load(reporter: reporter, includeBuiltIn: folder == nil || overBuiltIn)
            try reporter.check(TemplateCheck.check(catalog, reference: ReferenceSite.site))
            let count = catalog.runbooks.map(\.procedures.count).reduce(0, +)
            print("\(folder ?? "built-in catalog"): \(count) procedure templates in \(catalog.runbooks.count) runbooks, valid")
        }
    }
}
