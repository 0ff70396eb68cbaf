import Foundation
import Testing

/// The targets' imports, read from the sources: the compiler enforces what Package.swift
/// declares, this keeps Package.swift itself from drifting back to a shape where the
/// interface or the terminal could reach the store (README, Architecture).
@Suite struct LayeringTests {
  static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

  /// What each target may import besides the Swift and C standard libraries.
  static let allowed: [(target: String, imports: Set<String>)] = [
    ("Billing", []),
    ("TerminalUI", ["Billing"]),
    ("Dashboard", ["Billing", "TerminalUI"]),
    ("Terminal", ["CNCurses", "TerminalUI"]),
    ("DashboardRuntime", ["Billing", "Dashboard", "TerminalUI", "Services"]),
  ]

  static let system: Set<String> = ["Foundation", "Glibc", "Darwin", "Synchronization"]

  static func imports(of target: String) throws -> [String: Set<String>] {
    let folder = sources.appendingPathComponent(target)
    guard let walker = FileManager.default.enumerator(atPath: folder.path) else {
      throw CocoaError(.fileReadNoSuchFile)
    }
    var found: [String: Set<String>] = [:]
    for case let path as String in walker where path.hasSuffix(".swift") {
      let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
      for line in text.split(separator: "\n") {
        let words = line.split(separator: " ")
        // `import X`, `@testable import X`, `@_exported import X`, `#if canImport(X)` aside.
        guard let index = words.firstIndex(of: "import"), index + 1 < words.count else { continue }
        guard words[..<index].allSatisfy({ $0.hasPrefix("@") }) else { continue }
        found[String(words[index + 1]), default: []].insert(path)
      }
    }
    return found
  }

  @Test(arguments: allowed.map(\.target))
  func targetImportsOnlyWhatItsLayerAllows(target: String) throws {
    let found = try Self.imports(of: target)
    #expect(!found.isEmpty, "no Swift files found under Sources/\(target)")
    let allowed = Self.allowed.first { $0.target == target }?.imports ?? []
    for (module, files) in found where !allowed.contains(module) && !Self.system.contains(module) {
      Issue.record("\(target) imports \(module) in \(files.sorted().joined(separator: ", "))")
    }
  }
}
