/// The simulated state of the site at a point of a plan, for a reviewer (`runbook plan --state`).
public enum PlanState {
    /// The state after a step; nil when the plan has no such step.
    ///
    /// The step is named `PROCEDURE.STEP` (in the install runbook, or the first runbook that
    /// has it) or `RUNBOOK/PROCEDURE.STEP`.
    public static func after(_ step: String, in plan: Plan, site: SiteDescription) -> SiteState? {
        let wanted = Set([step] + plan.runbooks.map { "\($0.id)/\(step)" })
        let snapshots = StateCheck.run(plan.runbooks, site: site, keeping: wanted).snapshots
        if let exact = snapshots[step] { return exact }
        for runbook in plan.runbooks {
            if let found = snapshots["\(runbook.id)/\(step)"] { return found }
        }
        return nil
    }
}
