import ArgumentParser
import RunbookKit

extension PlanGraph.Format: ExpressibleByArgument {}

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the procedure dependency graph of the site's runbooks."
    )

    @Argument(help: "The site description; - reads standard input.", completion: SiteArguments.completion)
    var site: String

    @Option(help: "dot (Graphviz) or mermaid.")
    var format: PlanGraph.Format = .dot

    @OptionGroup var catalog: CatalogOptions

    func validate() throws {
        try SiteArguments.check([site])
    }

    func run() throws {
        print(PlanGraph.render(try planSite(site, catalogOptions: catalog).plan, as: format), terminator: "")
    }
}
