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
    ("TextSafety", []),
    ("Billing", ["TextSafety"]),
    ("TerminalUI", ["TextSafety"]),
    ("Dashboard", ["Billing", "TerminalUI"]),
    ("Terminal", ["CNCurses", "TerminalUI"]),
    ("DashboardRuntime", ["Billing", "Dashboard", "TerminalUI", "Services"]),
  ]

  static let system: Set<String> = ["Foundation", "Glibc", "Darwin", "Synchronization"]

  static func swiftFiles(of target: String) throws -> [String] {
    let folder = sources.appendingPathComponent(target)
    guard let walker = FileManager.default.enumerator(atPath: folder.path) else {
      throw CocoaError(.fileReadNoSuchFile)
    }
    return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
  }

  static func imports(of target: String) throws -> [String: Set<String>] {
    let folder = sources.appendingPathComponent(target)
    var found: [String: Set<String>] = [:]
    for path in try swiftFiles(of: target) {
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
    #expect(try !Self.swiftFiles(of: target).isEmpty, "no Swift files found under Sources/\(target)")
    let found = try Self.imports(of: target)
    let allowed = Self.allowed.first { $0.target == target }?.imports ?? []
    for (module, files) in found where !allowed.contains(module) && !Self.system.contains(module) {
      Issue.record("\(target) imports \(module) in \(files.sorted().joined(separator: ", "))")
    }
  }

  /// The drawing types are a leaf under the terminal: following the imports actually
  /// written, from Terminal down, reaches ncurses, the drawing types and the text
  /// cleaner, never the rules (Billing), the store or the services.
  @Test func theTerminalReachesTheDrawingTypesAndNothingElseOfOurs() throws {
    var reached: Set<String> = []
    var pending = ["Terminal"]
    while let target = pending.popLast() {
      guard reached.insert(target).inserted, target != "CNCurses" else { continue }
      pending += try Self.imports(of: target).keys.filter { !Self.system.contains($0) }
    }
    #expect(reached == ["Terminal", "CNCurses", "TerminalUI", "TextSafety"])
  }
}
