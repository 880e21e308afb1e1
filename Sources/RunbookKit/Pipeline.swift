import Foundation
import Synchronization

/// The library's front door: loads and checks a site description, plans it, and renders it.
///
/// Callers take one stage at a time (``load(_:)``, ``plan(_:)``) or all of them, for one site
/// (``generate(_:)-(Pipeline.Source)``) or many at once (``generate(_:)-([Pipeline.Source])``).
/// The command, the fuzz targets and the tests all go through it, so there is one way to run
/// the stages.
///
/// Many sites are worked on several at a time, each on its own, and the results come back in
/// the order the sites were given. A site's files are the same bytes whether it is generated
/// alone, in a batch, or alongside others at the same moment.
public struct Pipeline: Sendable {
    /// One site description to generate.
    public struct Source: Sendable, Hashable {
        /// The file, as diagnostics name it.
        public var file: String
        /// Its contents; nil reads `file` from disk, or standard input when `file` is `-`.
        public var data: Data?

        /// How messages name it: the file, or `<stdin>` for `-`.
        public var name: String { file == "-" && data == nil ? InputFile.standardInputName : file }

        /// A site description by file name, with its contents when they are already at hand
        /// (standard input, a test, a fuzzer).
        public init(file: String, data: Data? = nil) {
            self.file = file
            self.data = data
        }
    }

    /// What one site gave: its rendered files, or the diagnostics that stop them.
    ///
    /// Warnings come with the files.
    public struct Outcome: Sendable {
        /// The site description this outcome is for.
        public var source: Source
        /// Every rendered file of the site, in runbook then format order.
        ///
        /// It is empty when any diagnostic is an error.
        public var files: [RenderedFile]
        /// Every finding of every stage, warnings included.
        public var diagnostics: [Diagnostic]
        /// The runbooks the site's plan has, in order (empty when it could not be planned).
        public var runbooks: [String]
        /// How long each stage took: load, plan, document, each format, validate.
        public var times = StageTimes()
        /// Where the site file names `document.site`, which gives the files their names.
        public internal(set) var siteNameLocation: SourceLocation?
    }

    /// The templates every site is planned with.
    public var catalog: TemplateCatalog
    /// The page shells and the date the documents are rendered with.
    public var generator: RunbookGenerator
    /// The formats to render each runbook in; setup files come whatever the formats.
    public var formats: [OutputFormat]
    /// The runbooks to render by id; nil renders every runbook.
    ///
    /// A site whose plan lacks one of them gets an error.
    public var runbooks: [String]?
    /// How many sites are worked on at once; 1 works through them one after another.
    public var concurrency: Int
    /// The part of each runbook to render, for one computer or one role; nil renders whole runbooks.
    ///
    /// A site with no procedure for it gets an error that lists the computers and roles it has.
    public var handout: Handout?

    /// A pipeline; by default every whole runbook in every format, as many sites at once as there are cores.
    public init(
        catalog: TemplateCatalog, generator: RunbookGenerator = RunbookGenerator(), formats: [OutputFormat] = OutputFormat.standard,
        runbooks: [String]? = nil, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount, handout: Handout? = nil
    ) {
        self.catalog = catalog
        self.generator = generator
        self.formats = formats
        self.runbooks = runbooks
        self.concurrency = max(1, concurrency)
        self.handout = handout
    }

    /// Every site's outcome, in the order given, and the problems of the batch as a whole.
    ///
    /// The batch's own problem is two sites that would write files of the same name.
    public func generate(_ sources: [Source]) -> (outcomes: [Outcome], diagnostics: [Diagnostic]) {
        let results = Mutex([Outcome?](repeating: nil, count: sources.count))
        let next = Atomic(0)
        let workers = min(concurrency, sources.count)
        let work: @Sendable (Int) -> Void = { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < sources.count else { return }
                let outcome = self.generate(sources[index])
                results.withLock { $0[index] = outcome }
            }
        }
        if workers <= 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        let outcomes = results.withLock { $0.map { $0! } }
        return (outcomes, Self.nameClashes(outcomes))
    }

    /// A site description read and checked: the site, or the diagnostics that stop it.
    public func load(_ source: Source) -> SiteLoader.Result {
        let loader = SiteLoader()
        return source.data.map { loader.load($0, file: source.file) }
            ?? loader.load(file: source.file)
    }

    /// A site planned with the catalog: the plan, or the diagnostics that stop it.
    public func plan(_ site: SiteDescription) -> (plan: Plan?, diagnostics: [Diagnostic]) {
        Planner(catalog: catalog).plan(site)
    }

    /// One site through every stage.
    public func generate(_ source: Source) -> Outcome {
        var times = StageTimes()
        // Only the site and where it names itself outlive the loading: the file's tree and
        // its map of positions (tens of megabytes for the largest site) are freed before the
        // runbooks are rendered.
        let (site, loadDiagnostics, siteNameLocation) = times.measure("load") { () -> (SiteDescription?, [Diagnostic], SourceLocation?) in
            let loaded = load(source)
            return (loaded.site, loaded.diagnostics, loaded.sourceMap[YAMLPath().key("document").key("site")])
        }
        var diagnostics = loadDiagnostics
        guard let site else { return Outcome(source: source, files: [], diagnostics: diagnostics, runbooks: [], times: times) }
        let (plan, planDiagnostics) = times.measure("plan") { self.plan(site) }
        diagnostics += planDiagnostics
        guard let plan else { return Outcome(source: source, files: [], diagnostics: diagnostics, runbooks: [], times: times) }
        let known = plan.runbooks.map(\.id)
        for id in runbooks ?? [] where !known.contains(id) {
            diagnostics.append(
                Diagnostic(
                    .unknownRunbook, "\(source.name) has no runbook '\(id)'; its runbooks are \(known.joined(separator: ", "))", at: nil))
        }
        if let handout, !diagnostics.hasErrors { diagnostics += handout.check(against: plan, runbooks: runbooks, site: source.name) }
        if diagnostics.hasErrors { return Outcome(source: source, files: [], diagnostics: diagnostics, runbooks: known, times: times) }
        let (files, renderDiagnostics, renderTimes) = generator.generateTimed(plan, formats: formats, runbooks: runbooks, handout: handout)
        times.add(renderTimes)
        diagnostics += renderDiagnostics
        var outcome = Outcome(
            source: source, files: diagnostics.hasErrors ? [] : files, diagnostics: diagnostics, runbooks: known, times: times)
        outcome.siteNameLocation = siteNameLocation
        return outcome
    }

    /// Sites whose files would have the same names (their `document.site` gives the same slug).
    static func nameClashes(_ outcomes: [Outcome]) -> [Diagnostic] {
        var owner: [String: Int] = [:]
        var diagnostics: [Diagnostic] = []
        var reported: Set<[Int]> = []
        for (index, outcome) in outcomes.enumerated() {
            for file in outcome.files {
                guard let first = owner[file.name] else {
                    owner[file.name] = index
                    continue
                }
                guard first != index, reported.insert([first, index]).inserted else { continue }
                diagnostics.append(
                    Diagnostic(
                        .outputNameClash,
                        "this site and \(outcomes[first].source.name) would both write \(file.name); give one of them another document.site",
                        at: outcome.siteNameLocation,
                        notes: [Diagnostic.Note("the other site is named here", at: outcomes[first].siteNameLocation)]))
            }
        }
        return diagnostics
    }
}
