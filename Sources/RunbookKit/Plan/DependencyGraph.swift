/// The procedures of one runbook and what they require of each other.
///
/// It checks that every requirement is provided, that no step is written before the step of
/// its own procedure that it needs, that nothing is circular, and it orders the procedures:
/// a topological order that keeps the catalog's order wherever the dependencies allow, so
/// the same input always gives the same plan.
struct DependencyGraph {
    struct Instance {
        var procedure: PlannedProcedure
        var requires: [Located<String>]
        var provides: [Located<String>]
        var steps: [(requires: [Located<String>], provides: [Located<String>])]
        var location: SourceLocation

        /// What the procedure needs from others: its own and its steps' requirements, less
        /// what its own steps provide.
        var externalRequirements: [Located<String>] {
            let ownProvisions = Set(steps.flatMap { $0.provides.map(\.value) })
            return (requires + steps.flatMap(\.requires)).filter { !ownProvisions.contains($0.value) }
        }

        var allProvided: [Located<String>] { provides + steps.flatMap(\.provides) }
    }

    var instances: [Instance]
    /// For each instance, the instances it depends on.
    private(set) var edges: [[Int]] = []

    init(instances: [Instance]) {
        self.instances = instances
    }

    mutating func check() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var reported: Set<String> = []
        func report(_ diagnostic: Diagnostic) {
            let key = "\(diagnostic.location.map(\.description) ?? "")|\(diagnostic.id.rawValue)"
            if reported.insert(key).inserted { diagnostics.append(diagnostic) }
        }
        var providers: [String: [Int]] = [:]
        for (index, instance) in instances.enumerated() {
            for token in instance.allProvided { providers[token.value, default: []].append(index) }
        }
        var required: Set<String> = []
        edges = instances.indices.map { _ in [] }
        for (index, instance) in instances.enumerated() {
            // A step written before the step of its own procedure that provides what it needs.
            for (i, step) in instance.steps.enumerated() {
                for token in step.requires {
                    guard
                        let later = instance.steps.indices.first(where: { $0 > i && instance.steps[$0].provides.contains { $0.value == token.value } }
                        )
                    else { continue }
                    report(
                        Diagnostic(
                            .templateOrder,
                            "step \(instance.procedure.steps[i].id) of '\(instance.procedure.templateID)' requires '\(token.value)', which its later step \(instance.procedure.steps[later].id) provides; move it after that step",
                            at: token.location))
                }
            }
            for token in instance.externalRequirements {
                required.insert(token.value)
                let from = (providers[token.value] ?? []).filter { $0 != index }
                if from.isEmpty {
                    let names = Array(Set(providers.keys)).sorted()
                    let nearest = names.sorted { Spelling.distance(token.value, $0) < Spelling.distance(token.value, $1) }.prefix(3)
                    report(
                        Diagnostic(
                            .templateMissingRequirement,
                            "'\(instance.procedure.templateID)' requires '\(token.value)', which no step provides"
                                + (nearest.isEmpty ? "" : "; the nearest provided are " + nearest.map { "'\($0)'" }.joined(separator: ", ")),
                            at: token.location))
                }
                edges[index] += from
            }
        }
        for index in instances.indices { edges[index] = Array(Set(edges[index])).sorted() }
        if var cycle = findCycle() {
            // Start the path at the cycle's earliest procedure in the catalog.
            if let first = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) { cycle = Array(cycle[first...] + cycle[..<first]) }
            let path = (cycle + [cycle[0]]).map { instances[$0].procedure.id }.joined(separator: " -> ")
            report(
                Diagnostic(
                    .templateCycle, "procedures require each other in a cycle: \(path)", at: instances[cycle[0]].location,
                    notes: cycle.dropFirst().map { .init("'\(instances[$0].procedure.id)' is part of the cycle", at: instances[$0].location) }))
        }
        // A capability used inside its own procedure is used too.
        required.formUnion(instances.flatMap { ($0.requires + $0.steps.flatMap(\.requires)).map(\.value) })
        // Once something is wrong, what looks unused is mostly its consequence: say nothing.
        if !diagnostics.hasErrors {
            for instance in instances {
                for token in instance.allProvided where !required.contains(token.value) {
                    let base = token.value.split(separator: "@").first.map(String.init) ?? token.value
                    report(
                        Diagnostic(
                            .templateUnusedCapability,
                            "'\(instance.procedure.templateID)' provides '\(base)', which nothing requires; require it where it matters, or remove it",
                            at: token.location))
                }
            }
        }
        return diagnostics
    }

    /// A cycle as the ordered list of its instances, or nil.
    func findCycle() -> [Int]? {
        var state = [Int](repeating: 0, count: instances.count)  // 0 new, 1 on the path, 2 done
        var path: [Int] = []
        func visit(_ node: Int) -> [Int]? {
            state[node] = 1
            path.append(node)
            for next in edges[node] {
                if state[next] == 1, let start = path.firstIndex(of: next) {
                    // Edges point from a procedure to what it depends on; read the cycle forwards.
                    return Array(path[start...]).reversed()
                }
                if state[next] == 0, let found = visit(next) { return found }
            }
            state[node] = 2
            path.removeLast()
            return nil
        }
        for node in instances.indices where state[node] == 0 {
            if let found = visit(node) { return found }
        }
        return nil
    }

    /// Kahn's algorithm, always taking the earliest procedure of the catalog that is ready.
    func ordered() -> [PlannedProcedure] {
        // Kahn's algorithm, always taking the earliest ready procedure in catalog order.
        var waiting = edges.map { Set($0).count }
        var dependents = [[Int]](repeating: [], count: instances.count)
        for (index, prerequisites) in edges.enumerated() {
            for prerequisite in Set(prerequisites) { dependents[prerequisite].append(index) }
        }
        // The ready procedures, kept sorted from last to first so the earliest is popped.
        var ready = instances.indices.filter { waiting[$0] == 0 }.reversed().map { $0 }
        var done = [Bool](repeating: false, count: instances.count)
        var order: [Int] = []
        var firstNotDone = 0
        while order.count < instances.count {
            let next: Int
            if let earliest = ready.popLast() {
                next = earliest
            } else {
                // A cycle, already reported: take the earliest procedure not yet placed.
                while done[firstNotDone] { firstNotDone += 1 }
                next = firstNotDone
            }
            guard !done[next] else { continue }
            done[next] = true
            order.append(next)
            for dependent in dependents[next] where !done[dependent] {
                waiting[dependent] -= 1
                if waiting[dependent] == 0 {
                    let slot = ready.partitioningIndex { $0 < dependent }
                    ready.insert(dependent, at: slot)
                }
            }
        }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return order.map { index in
            var procedure = instances[index].procedure
            procedure.prerequisites = edges[index].sorted { position[$0]! < position[$1]! }.map { instances[$0].procedure.id }
            return procedure
        }
    }
}

extension Array where Element == Int {
    /// The first index whose element passes `belongs`, for an array ordered so that every
    /// element that does not pass comes first (binary search).
    fileprivate func partitioningIndex(where belongs: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
