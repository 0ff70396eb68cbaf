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

  /// A demo killed during its first start (building the template) left
  /// `building-KEY-PID` in the cache for good; the next demo's clean-up removes it, and
  /// nothing else: not a live process's build, not a look-alike, not a link.
  @Test func R31_demoCleanUpRemovesHalfBuiltTemplatesOfKilledDemosOnly() throws {
    let manager = FileManager.default
    let root = try Binary.temporaryFolder("abandoned-builds")
    defer { try? manager.removeItem(at: root) }
    let key = "0123456789abcdef01234567"
    // No process has a PID this large (pid_max is at most 2^22).
    let abandoned = root.appendingPathComponent("building-\(key)-99999999")
    try manager.createDirectory(
      at: abandoned.appendingPathComponent("store"), withIntermediateDirectories: true)
    let live = root.appendingPathComponent("building-\(key)-\(getpid())")
    try manager.createDirectory(at: live, withIntermediateDirectories: true)
    let lookalike = root.appendingPathComponent("building-notes-99999999")
    try manager.createDirectory(at: lookalike, withIntermediateDirectories: true)
    let template = root.appendingPathComponent("demo-\(key)")
    try manager.createDirectory(at: template, withIntermediateDirectories: true)
    let elsewhere = root.appendingPathComponent("elsewhere")
    try manager.createDirectory(at: elsewhere, withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: elsewhere.appendingPathComponent("keep.txt"))
    try manager.createSymbolicLink(
      atPath: root.appendingPathComponent("building-\(key)-88888888").path,
      withDestinationPath: elsewhere.path)

    DemoTemplate.removeAbandonedBuilds(in: root)

    let left = Set(try manager.contentsOfDirectory(atPath: root.path))
    #expect(
      left == [
        "building-\(key)-\(getpid())", "building-notes-99999999", "demo-\(key)", "elsewhere",
        "building-\(key)-88888888",
      ])
    #expect(try manager.contentsOfDirectory(atPath: elsewhere.path) == ["keep.txt"])
  }
}
