import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

/// Inputs the fuzz targets (Fuzz/) found, kept so that what once broke stays mended: each
/// goes through the same calls as its fuzz target and must come back with diagnostics, not
/// a crash, and within the input limits.
@Suite("Inputs the fuzzers found")
struct FuzzRegressionTests {
    static func inputs(_ target: String) -> [String] {
        Fixtures.names(in: "fuzz/" + target).filter { !$0.hasSuffix(".md") }
    }

    static let catalog = TemplateCatalog.load().catalog!

    @Test("Each site input loads, plans and renders without crashing", arguments: inputs("site"))
    func site(_ name: String) throws {
        let data = try Fixtures.data("fuzz/site", name)
        let result = SiteLoader().load(data, file: name)
        #expect(result.diagnostics.allSatisfy { $0.location.map { $0.line >= 1 && $0.column >= 1 } ?? true })
        #expect((result.site == nil) == result.diagnostics.hasErrors)
        guard let site = result.site, let plan = Planner(catalog: Self.catalog).plan(site).plan else { return }
        #expect(!RunbookGenerator().generate(plan, formats: OutputFormat.standard).files.isEmpty)
    }

    @Test("Each template input is read, its markup parsed and its shell checked without crashing", arguments: inputs("templates"))
    func templates(_ name: String) throws {
        let data = try Fixtures.data("fuzz/templates", name)
        var reader = TemplateReader(file: name, limits: .standard)
        let procedure = reader.procedure(data, runbook: "install")
        #expect((procedure == nil) == reader.diagnostics.hasErrors)
        var runbookReader = TemplateReader(file: name, limits: .standard)
        _ = runbookReader.runbook(data, id: "fuzz")
        let text = String(decoding: data, as: UTF8.self)
        _ = InlineMarkup.parse(text)
        _ = PageShell(text: text, file: name).placeholders()
    }
}
