import CLibFuzzer
import Foundation

@testable import RunbookKit

/// One input: any bytes as a procedure template, a runbook file, inline markup and a page shell.
func fuzzOne(_ data: Data) {
    var reader = TemplateReader(file: "fuzz.yaml", limits: .standard)
    _ = reader.procedure(data, runbook: "install")
    var runbookReader = TemplateReader(file: "runbook.yaml", limits: .standard)
    _ = runbookReader.runbook(data, id: "fuzz")
    let text = String(decoding: data, as: UTF8.self)
    _ = InlineMarkup.parse(text)
    _ = PageShell(text: text, file: "page.html").placeholders()
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
        fuzzOne(count == 0 ? Data() : Data(bytes: bytes!, count: count))
        return 0
    })
