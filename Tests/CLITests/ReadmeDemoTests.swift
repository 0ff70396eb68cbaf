import Foundation
import Testing

/// README's "Demo for sales" steps are a keystroke script: run as they stand, so a
/// salesperson following them sees what they say (issue 15: the steps had drifted).
@Suite struct ReadmeDemoTests {
  /// The `pdscript` blocks of the README's "Demo for sales" section, in order.
  static func demoSteps() throws -> String {
    let readme = try String(
      contentsOf: Binary.repository.appendingPathComponent("README.md"), encoding: .utf8)
    let lines = readme.components(separatedBy: "\n")
    guard let heading = lines.firstIndex(of: "## Demo for sales") else { return "" }
    let section = lines[(heading + 1)...].prefix { !$0.hasPrefix("## ") }
    var steps: [String] = []
    var inBlock = false
    for line in section {
      if inBlock && line == "```" {
        inBlock = false
      } else if inBlock {
        steps.append(line)
      } else if line == "```pdscript" {
        inBlock = true
      }
    }
    return steps.joined(separator: "\n") + "\n"
  }

  @Test(arguments: ["80x24", "100x30"])
  func theREADMEDemoStepsRunAsWritten(size: String) throws {
    let steps = try Self.demoSteps()
    // A moved heading or a renamed block must fail, not pass on an empty script.
    let expectations = steps.split(separator: "\n").filter { $0.hasPrefix("expect ") }
    #expect(expectations.count >= 20, "README's demo steps:\n\(steps)")
    let folder = try Binary.temporaryFolder("readme")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("readme-demo.pdscript")
    try steps.write(to: file, atomically: true, encoding: .utf8)
    let run = try Binary.run(["script", file.path, "--demo", "--size", size])
    #expect(run.status == 0, "README's demo steps at \(size):\n\(run.error)\n\(run.output)")
  }
}
