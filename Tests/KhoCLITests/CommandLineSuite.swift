import Foundation
import KhoTestSupport

/// What every command-line suite has: a scratch folder (`base`), a repository path in it, and the
/// built `kho` to run there.
protocol CommandLineSuite {
    var base: String { get }
}

extension CommandLineSuite {
    var kho: String { TestSupport.productsDirectory.appendingPathComponent("kho").path }
    var repo: String { base + "/Storage" }

    /// Runs `kho` in `base` and captures what it printed.
    @discardableResult
    func run(_ args: [String], env: [String: String] = [:]) throws -> TestSupport.ProcessResult {
        try TestSupport.run(kho, args, environment: env, currentDirectory: base)
    }
}
