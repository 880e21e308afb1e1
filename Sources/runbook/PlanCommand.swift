import ArgumentParser
import RunbookKit

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "List every step of the site's runbooks in order, with computer, role, duration and prerequisites."
    )

    @Argument(help: "The site description; - reads standard input.", completion: SiteArguments.completion)
    var site: String

    @Option(help: "text or json.")
    var format: ReportFormat = .text

    @Option(
        help: ArgumentHelp(
            "Print the simulated state of the site after this step instead: PROCEDURE.STEP as in the plan's ids, such as configure-generic-service-role.wizard; upgrade/PROCEDURE.STEP for the upgrade runbook.",
            valueName: "step"))
    var state: String?

    @OptionGroup var catalog: CatalogOptions

    func validate() throws {
        try SiteArguments.check([site])
        if state != nil && format == .json {
            throw ValidationError("--state prints the state as text; leave out --format json, which lists each step's expects and effects")
        }
    }

    func run() throws {
        let (plan, _, site) = try planSite(self.site, catalogOptions: catalog)
        if let step = state {
            guard let after = PlanState.after(step, in: plan, site: site) else {
                let example = plan.runbooks.first?.procedures.first.map { "\($0.id).\($0.steps.first?.id ?? "")" } ?? "create-cluster.create"
                throw UsageError("'\(step)' is no step of the plan; name one as PROCEDURE.STEP from `runbook plan --format json`, such as \(example)")
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
