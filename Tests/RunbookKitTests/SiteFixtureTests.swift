import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

@Suite("Site description fixtures")
struct SiteFixtureTests {
    @Test("An invalid fixture reports exactly the diagnostics it marks", arguments: Fixtures.names(in: "invalid"))
    func invalidFixture(_ name: String) throws {
        let url = Fixtures.url("invalid", name)
        let expected = Set(try Expectation.parse(fixture: url))
        try #require(!expected.isEmpty, "\(name) marks no expected diagnostic")
        let result = SiteLoader().load(try Data(contentsOf: url), file: name)
        let actual = Set(result.diagnostics.map { Expectation(line: $0.location?.line ?? 0, id: $0.id.rawValue) })
        #expect(actual.sorted() == expected.sorted(), "\(result.diagnostics.map(\.message))")
        for diagnostic in result.diagnostics {
            #expect(diagnostic.location?.file == name)
            #expect(diagnostic.location.map { $0.column >= 1 } == true)
        }
        let expectsError = expected.contains { id in DiagnosticID.allCases.first { $0.rawValue == id.id }?.defaultSeverity == .error }
        #expect((result.site == nil) == expectsError, "a site is returned exactly when nothing is an error")
    }

    @Test("A valid fixture loads with no diagnostic at all", arguments: Fixtures.names(in: "valid"))
    func validFixture(_ name: String) throws {
        let result = SiteLoader().load(try Fixtures.data("valid", name), file: name)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        #expect(result.site != nil)
    }

    @Test("Every bundled sample validates clean", arguments: Fixtures.samples)
    func sample(_ name: String) throws {
        let url = Fixtures.packageRoot.appendingPathComponent("samples").appendingPathComponent(name)
        let result = SiteLoader().load(file: url.path, displayName: name)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { "\($0.location!) \($0.message)" })")
        #expect(result.site != nil)
    }

    /// Rules whose failing input is built in code (too large to commit, or a file that is absent).
    static let testedInCode: Set<DiagnosticID> = [
        .unreadable, .tooLarge, .tooManyItems, .templateNoRunbook, .docbookSchemaUnavailable, .docbookInvalid, .outputUnwritable,
        .outputNameClash, .unknownRunbook, .unknownHandout, .emptyHandout, .pdfEngineUnavailable, .pdfTimeoutInvalid, .pdfFailed,
        .layoutEngineUnavailable, .layoutFailed, .tooManyValues, .tooManyGroups, .pdfTooLarge, .sourceDateInvalid,
    ]

    @Test("Computers in 501 groups are refused at the group that is one too many; 500 groups are a valid site")
    func tooManyGroups() throws {
        let sample = try String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("samples/guide-two-node.yaml"), encoding: .utf8)
        func site(groups: Int) -> String {
            sample + "  system: {type: new}\n  computers:\n    recording-servers:\n"
                + (0..<groups).map { "      - {host: REC\($0), address: 100.64.\($0 / 250).\($0 % 250 + 1), group: Building \($0)}\n" }.joined()
        }
        let fine = SiteLoader().load(Data(site(groups: 500).utf8), file: "site.yaml")
        #expect(fine.diagnostics.isEmpty, "\(fine.diagnostics.map(\.message))")
        let refused = SiteLoader().load(Data(site(groups: 501).utf8), file: "site.yaml")
        #expect(refused.diagnostics.map(\.id) == [.tooManyGroups])
        #expect(refused.diagnostics.first?.message.contains("more than 500 groups ('Building 500' is one too many)") == true)
        #expect(refused.diagnostics.first?.location?.line == sample.split(separator: "\n", omittingEmptySubsequences: false).count + 3 + 500)
    }

    @Test("Every rule has a failing fixture")
    func everyRuleHasAFixture() throws {
        var covered: Set<String> = []
        for name in Fixtures.names(in: "invalid") {
            covered.formUnion(try Expectation.parse(fixture: Fixtures.url("invalid", name)).map(\.id))
        }
        for name in Fixtures.names(in: "templates") {
            for file in Fixtures.files(in: Fixtures.url("templates", name)) {
                covered.formUnion(try Expectation.parse(fixture: file).map(\.id))
            }
        }
        let missing = DiagnosticID.allCases.filter { !covered.contains($0.rawValue) && !Self.testedInCode.contains($0) }
        #expect(missing.isEmpty, "no fixture for \(missing.map(\.rawValue))")
        let unknown = covered.subtracting(DiagnosticID.allCases.map(\.rawValue))
        #expect(unknown.isEmpty, "fixtures mark ids the library does not define: \(unknown.sorted())")
    }

    @Test("Diagnostic ids are unique")
    func idsAreUnique() {
        let ids = DiagnosticID.allCases.map(\.rawValue)
        #expect(Set(ids).count == ids.count)
    }
}
