import Foundation
import Testing

@testable import proxydash

/// R31 for the demo's clean-up: the temporary folder is shared with everyone's files, so
/// only real folders of exactly the scratch name, whose process is gone, are removed.
@Suite struct ScratchCleanupTests {
  @Test func R31_demoCleanUpRemovesOnlyItsOwnOrphanedScratchFolders() throws {
    let manager = FileManager.default
    let root = try Binary.temporaryFolder("scratch-cleanup")
    defer { try? manager.removeItem(at: root) }
    // No process has a PID this large (pid_max is at most 2^22).
    let gone = "proxydash-demo-99999999"
    let orphan = root.appendingPathComponent("\(gone)-12345")
    try manager.createDirectory(at: orphan.appendingPathComponent("run-0"), withIntermediateDirectories: true)
    let lookalike = root.appendingPathComponent("\(gone)-notes")
    try manager.createDirectory(at: lookalike, withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: lookalike.appendingPathComponent("todo.txt"))
    let elsewhere = root.appendingPathComponent("elsewhere")
    try manager.createDirectory(at: elsewhere, withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: elsewhere.appendingPathComponent("keep.txt"))
    try manager.createSymbolicLink(
      atPath: root.appendingPathComponent("\(gone)-777").path, withDestinationPath: elsewhere.path)
    let file = root.appendingPathComponent("\(gone)-888")
    try Data("a file, not a folder".utf8).write(to: file)

    DemoSession.removeOrphanedScratch(in: root)

    let left = Set(try manager.contentsOfDirectory(atPath: root.path))
    #expect(left == ["\(gone)-notes", "elsewhere", "\(gone)-777", "\(gone)-888"])
    #expect(try manager.contentsOfDirectory(atPath: elsewhere.path) == ["keep.txt"])
    #expect(try manager.contentsOfDirectory(atPath: lookalike.path) == ["todo.txt"])
  }

  @Test func R31_onlyTemplateFolderNamesCountAsTheCachesOwn() {
    #expect(DemoTemplate.isTemplateName("demo-0123456789abcdef01234567"))
    #expect(!DemoTemplate.isTemplateName("demo-notes"))
    #expect(!DemoTemplate.isTemplateName("demo-0123456789abcdef0123456"))
    #expect(!DemoTemplate.isTemplateName("building-0123456789abcdef01234567"))
  }
}
