import Billing
import Foundation
import Testing

@testable import Storage

/// A demo template is read in place and copied at the first write; the template itself
/// is never written (DESIGN.md: the shipped data is never written).
@Suite struct StoreTemplateTests {
  static let notice = Notice(
    kind: .welcome, date: Date(timeIntervalSince1970: 0), subject: "Hi", body: "Hello")

  /// A sealed template holding one account and one email, and a scratch folder to copy to.
  static func template() throws -> (template: URL, scratch: URL) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pd-template-\(UUID().uuidString)", isDirectory: true)
    let template = root.appendingPathComponent("store", isDirectory: true)
    let store = try Store.open(at: template)
    try store.write { session in
      try session.insertAccount(
        Account(id: "ava", email: "ava@example.com", createdAt: Date(timeIntervalSince1970: 0)))
      _ = try session.queueNotices([notice], accountID: "ava", email: "ava@example.com")
    }
    store.close()
    try Store.sealTemplate(at: template)
    return (template, root.appendingPathComponent("run-0", isDirectory: true))
  }

  static func listing(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    while let url = enumerator?.nextObject() as? URL {
      var isFolder: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
      files[url.path] = isFolder.boolValue ? Data() : try Data(contentsOf: url)
    }
    return files
  }

  @Test func readingATemplateCopiesAndWritesNothing() throws {
    let (template, scratch) = try Self.template()
    defer { try? FileManager.default.removeItem(at: template.deletingLastPathComponent()) }
    let before = try Self.listing(template)
    let store = try Store.openTemplate(at: template, copyingOnFirstWriteTo: scratch)
    #expect(try store.read { try $0.account(id: "ava") }?.account.email == "ava@example.com")
    #expect(try store.read { try $0.outbox(accountID: "ava") }.count == 1)
    #expect(store.isUncopiedTemplate)
    #expect(store.directory == template)
    #expect(!FileManager.default.fileExists(atPath: scratch.path))
    store.close()
    // No -wal or -shm beside the database, no byte changed.
    #expect(try Self.listing(template) == before)
  }

  @Test func theFirstWriteMovesToACopyAndLeavesTheTemplateAlone() throws {
    let (template, scratch) = try Self.template()
    defer { try? FileManager.default.removeItem(at: template.deletingLastPathComponent()) }
    let before = try Self.listing(template)
    let store = try Store.openTemplate(at: template, copyingOnFirstWriteTo: scratch)
    let written = try store.write {
      try $0.queueNotices([Self.notice], accountID: "ava", email: "ava@example.com")
    }
    #expect(!store.isUncopiedTemplate)
    #expect(store.directory == scratch)
    #expect(try store.read { try $0.outbox(accountID: "ava") }.count == 2)
    let newFile = try #require(written.first).file
    #expect(FileManager.default.fileExists(atPath: scratch.appendingPathComponent(newFile).path))
    // The template's email is shared (hard link), not copied.
    let shared = try FileManager.default.contentsOfDirectory(
      atPath: template.appendingPathComponent(Store.outboxFolderName).path)
    let templateEmail = template.appendingPathComponent(Store.outboxFolderName).appendingPathComponent(
      shared[0])
    let scratchEmail = scratch.appendingPathComponent(Store.outboxFolderName).appendingPathComponent(
      shared[0])
    let links = try FileManager.default.attributesOfItem(atPath: templateEmail.path)[.referenceCount] as? Int
    #expect(links == 2)
    #expect(try Data(contentsOf: scratchEmail) == Data(contentsOf: templateEmail))
    store.close()
    #expect(try Self.listing(template) == before)
  }

  @Test func aCopyThatCannotBeMadeLeavesTheStoreOnTheTemplate() throws {
    let (template, scratch) = try Self.template()
    defer { try? FileManager.default.removeItem(at: template.deletingLastPathComponent()) }
    // The scratch folder's parent is a file: the copy cannot be made.
    try Data("not a folder".utf8).write(
      to: scratch.deletingLastPathComponent().appendingPathComponent("blocker"))
    let blocked = scratch.deletingLastPathComponent().appendingPathComponent("blocker/run-0")
    let store = try Store.openTemplate(at: template, copyingOnFirstWriteTo: blocked)
    #expect(throws: StoreError.self) {
      try store.write { try $0.setMeta("touched", "yes") }
    }
    #expect(store.isUncopiedTemplate)
    #expect(try store.read { try $0.meta("touched") } == nil)
    #expect(try store.read { try $0.account(id: "ava") } != nil)
  }

  @Test func aTemplateOfAnotherSchemaIsRefused() throws {
    let (template, scratch) = try Self.template()
    defer { try? FileManager.default.removeItem(at: template.deletingLastPathComponent()) }
    let writable = try Store.open(at: template)
    try writable.write { try $0.execute("INSERT INTO grdb_migrations(identifier) VALUES ('v99-future')") }
    writable.close()
    try Store.sealTemplate(at: template)
    #expect(throws: StoreError.self) {
      _ = try Store.openTemplate(at: template, copyingOnFirstWriteTo: scratch)
    }
  }
}
