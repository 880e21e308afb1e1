import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

@Suite("The compiled built-in catalog")
struct CatalogArchiveTests {
    /// The built-in templates read from their YAML, as a run without the archive reads them.
    static let fresh = TemplateCatalog.read()

    @Test("The archive the build embeds is the built-in templates read afresh (RECORD_SNAPSHOTS=1 or make catalog rewrites it)")
    func archiveIsCurrent() throws {
        #expect(Self.fresh.diagnostics.isEmpty, "the built-in templates must read without a diagnostic before they are compiled")
        let runbooks = try #require(Self.fresh.catalog).runbooks
        let archiveFile = Fixtures.packageRoot.appendingPathComponent(TemplateCatalog.archivePath)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            let bytes = CatalogArchive.encode(runbooks, digest: EmbeddedResources.templatesDigest)
            if (try? Data(contentsOf: archiveFile)) != Data(bytes) { try Data(bytes).write(to: archiveFile, options: .atomic) }
            return
        }
        let compiled = try #require(
            TemplateCatalog.compiledBuiltIn(), "the embedded archive was made from other templates: run 'make catalog', then build again")
        // Compared as a whole and reported in words: the values would fill a screen.
        let same = compiled == runbooks
        #expect(same, "the archive decodes to other runbooks than the templates give: run 'make catalog'")
        // A run without a template folder takes the archive.
        let loaded = TemplateCatalog.load().catalog?.runbooks == compiled
        #expect(loaded)
    }

    @Test("Encoding then decoding gives the same runbooks, and the same bytes every time")
    func roundTrip() throws {
        let runbooks = try #require(Self.fresh.catalog).runbooks
        let bytes = CatalogArchive.encode(runbooks, digest: 42)
        #expect(CatalogArchive.decode(bytes, digest: 42) == runbooks)
        #expect(CatalogArchive.encode(runbooks, digest: 42) == bytes)
    }

    @Test("An archive made from other templates, by another format version, or damaged is refused, never trusted")
    func refusesDamage() throws {
        let runbooks = try #require(Self.fresh.catalog).runbooks
        let bytes = CatalogArchive.encode(runbooks, digest: 42)
        #expect(CatalogArchive.decode(bytes, digest: 43) == nil)
        #expect(CatalogArchive.decode([], digest: 42) == nil)
        #expect(CatalogArchive.decode(bytes + [0], digest: 42) == nil)
        // Every cut refuses; a cut inside the string table or the body must not read past the end.
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 997)) {
            #expect(CatalogArchive.decode(Array(bytes.prefix(length)), digest: 42) == nil)
        }
        // A changed byte may still decode (a string index that exists), but never crashes.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var damaged = bytes
            damaged[Int.random(in: 0..<damaged.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            _ = CatalogArchive.decode(damaged, digest: 42)
        }
        var otherVersion = bytes
        otherVersion[CatalogArchive.magic.count] &+= 1
        #expect(CatalogArchive.decode(otherVersion, digest: 42) == nil)
    }
}
