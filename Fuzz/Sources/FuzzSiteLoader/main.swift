import CLibFuzzer
import Foundation
import RunbookKit

/// The built-in catalog, read once, behind the library's front door.
let pipeline = Pipeline(catalog: TemplateCatalog.load().catalog!, formats: [.markdown, .html], concurrency: 1)

/// One input: any bytes as a site description. Whatever the loader accepts goes on through
/// the planner and the Markdown and HTML renderers (DocBook validation is too slow to fuzz).
func fuzzOne(_ data: Data) {
    let result = pipeline.load(Pipeline.Source(file: "fuzz.yaml", data: data))
    for diagnostic in result.diagnostics {
        // Every finding points into the file it read.
        precondition(diagnostic.location.map { $0.line >= 1 && $0.column >= 1 } ?? true, "\(diagnostic)")
    }
    guard result.site != nil else { return }
    let outcome = pipeline.generate(Pipeline.Source(file: "fuzz.yaml", data: data))
    precondition(!outcome.files.isEmpty || outcome.diagnostics.hasErrors)
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
        fuzzOne(count == 0 ? Data() : Data(bytes: bytes!, count: count))
        return 0
    })
