import Foundation
import GRDB
import Testing

@testable import Storage

/// R31: the store never deletes, follows or changes a file it did not create, and a file
/// that is not a ProxyDash store is refused byte-identical, with nothing left beside it.
@Suite struct StoreSafetyTests {
  private let manager = FileManager.default

  private func folder() -> URL {
    manager.temporaryDirectory.appendingPathComponent("pd-safety-\(UUID().uuidString)", isDirectory: true)
  }

  /// A closed store in a new folder.
  private func closedStore() throws -> URL {
    let directory = folder()
    try Store.open(at: directory).close()
    return directory
  }

  private func applicationID(of file: URL) throws -> UInt32 {
    let header = try Data(contentsOf: file).prefix(72)
    return header.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
  }

  private func sidecars(of file: URL) -> [String] {
    ["-wal", "-shm"].map { file.path + $0 }.filter { manager.fileExists(atPath: $0) }
  }

  private func mode(_ url: URL) throws -> Int {
    try #require(try manager.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
  }

  @Test func R31_filesSomeoneElsePutInTheOutboxSurviveOpening() throws {
    let directory = try closedStore()
    defer { try? manager.removeItem(at: directory) }
    let outbox = directory.appendingPathComponent(Store.outboxFolderName)
    let drafts = outbox.appendingPathComponent("drafts")
    try manager.createDirectory(at: drafts, withIntermediateDirectories: true)
    try Data("keep me".utf8).write(to: drafts.appendingPathComponent("note.txt"))
    try Data("dear ava".utf8).write(to: outbox.appendingPathComponent("letter.txt"))
    // A link named like a message: neither it nor what it points at may go.
    let outside = folder()
    try manager.createDirectory(at: outside, withIntermediateDirectories: true)
    defer { try? manager.removeItem(at: outside) }
    try Data("outside".utf8).write(to: outside.appendingPathComponent("a.eml"))
    try manager.createSymbolicLink(
      atPath: outbox.appendingPathComponent("acct-m9.eml").path,
      withDestinationPath: outside.appendingPathComponent("a.eml").path)
    // What a killed ProxyDash leaves is still cleaned up.
    try Data("orphan".utf8).write(to: outbox.appendingPathComponent("acct-m7.eml"))
    let temporary = ".acct-m8.eml.\(UUID().uuidString).tmp"
    try Data("half".utf8).write(to: outbox.appendingPathComponent(temporary))

    try Store.open(at: directory).close()

    let names = Set(try manager.contentsOfDirectory(atPath: outbox.path))
    #expect(names == ["drafts", "letter.txt", "acct-m9.eml"])
    #expect(try String(contentsOf: drafts.appendingPathComponent("note.txt"), encoding: .utf8) == "keep me")
    #expect(try String(contentsOf: outside.appendingPathComponent("a.eml"), encoding: .utf8) == "outside")
  }

  @Test(arguments: [Store.outboxFolderName, Store.exportsFolderName])
  func R31_outboxSymlinkIsRefused(folderName: String) throws {
    let directory = try closedStore()
    defer { try? manager.removeItem(at: directory) }
    let elsewhere = folder()
    try manager.createDirectory(at: elsewhere, withIntermediateDirectories: true)
    defer { try? manager.removeItem(at: elsewhere) }
    try Data("precious".utf8).write(to: elsewhere.appendingPathComponent("file.txt"))
    let link = directory.appendingPathComponent(folderName)
    try manager.removeItem(at: link)
    try manager.createSymbolicLink(atPath: link.path, withDestinationPath: elsewhere.path)

    #expect {
      _ = try Store.open(at: directory)
    } throws: { error in
      guard case .unreadable(let path, let reason) = error as? StoreError else { return false }
      return path == link.path && reason.contains("symbolic link")
    }
    #expect(try manager.contentsOfDirectory(atPath: elsewhere.path) == ["file.txt"])
  }

  /// SQLite would follow a link in a `-wal`, `-shm` or `-journal` place and write into
  /// whatever it points to: every way in refuses it first, naming the link.
  @Test(arguments: ["-wal", "-shm", "-journal"])
  func R31_aLinkBesideTheDatabaseIsRefusedAndItsTargetUntouched(suffix: String) throws {
    let directory = try closedStore()
    defer { try? manager.removeItem(at: directory) }
    let elsewhere = folder()
    try manager.createDirectory(at: elsewhere, withIntermediateDirectories: true)
    defer { try? manager.removeItem(at: elsewhere) }
    let target = elsewhere.appendingPathComponent("precious.txt")
    try Data("precious".utf8).write(to: target)
    let link = directory.appendingPathComponent(Store.databaseFileName + suffix)
    try? manager.removeItem(at: link)
    try manager.createSymbolicLink(atPath: link.path, withDestinationPath: target.path)

    func refusesTheLink(_ error: any Error) -> Bool {
      guard case .unreadable(let path, let reason) = error as? StoreError else { return false }
      return path == link.path && reason.contains("symbolic link")
    }
    #expect(performing: { _ = try Store.open(at: directory) }, throws: refusesTheLink)
    #expect(performing: { _ = try SSHKeyLookup.keys(in: directory, base64: nil) }, throws: refusesTheLink)
    #expect(
      performing: {
        _ = try Store.openTemplate(
          at: directory, copyingOnFirstWriteTo: elsewhere.appendingPathComponent("copy"))
      }, throws: refusesTheLink)
    #expect(try String(contentsOf: target, encoding: .utf8) == "precious")
    #expect(try manager.destinationOfSymbolicLink(atPath: link.path) == target.path)
    #expect(try manager.contentsOfDirectory(atPath: elsewhere.path) == ["precious.txt"])
  }

  @Test(arguments: [false, true])
  func R31_anotherApplicationsSQLiteFileIsRefusedByteIdentical(wal: Bool) throws {
    let directory = folder()
    try manager.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? manager.removeItem(at: directory) }
    let file = directory.appendingPathComponent(Store.databaseFileName)
    let other = try DatabaseQueue(path: file.path)
    try other.writeWithoutTransaction { db in
      if wal { _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
      try db.execute(sql: "CREATE TABLE notes(x)")
      try db.execute(sql: "INSERT INTO notes VALUES ('mine')")
    }
    try other.close()
    let before = try Data(contentsOf: file)
    #expect(sidecars(of: file).isEmpty)

    #expect {
      _ = try Store.open(at: directory)
    } throws: { error in
      guard case .unreadable(let path, let reason) = error as? StoreError else { return false }
      return path == file.path && reason.contains("not a ProxyDash store")
    }
    #expect(try Data(contentsOf: file) == before)
    #expect(sidecars(of: file).isEmpty)
    #expect(try manager.contentsOfDirectory(atPath: directory.path) == [Store.databaseFileName])
  }

  @Test func R31_anEmptyFileIsRefusedNotAdopted() throws {
    let directory = folder()
    try manager.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? manager.removeItem(at: directory) }
    let file = directory.appendingPathComponent(Store.databaseFileName)
    try Data().write(to: file)
    #expect {
      _ = try Store.open(at: directory)
    } throws: { error in
      guard case .unreadable(let path, let reason) = error as? StoreError else { return false }
      return path == file.path && reason.contains("empty file")
    }
    #expect(try Data(contentsOf: file).isEmpty)
    #expect(try manager.contentsOfDirectory(atPath: directory.path) == [Store.databaseFileName])
  }

  @Test func R31_aDamagedStoreIsRefusedWithNothingLeftBesideIt() throws {
    let directory = try closedStore()
    defer { try? manager.removeItem(at: directory) }
    let file = directory.appendingPathComponent(Store.databaseFileName)
    #expect(sidecars(of: file).isEmpty)
    var damaged = try Data(contentsOf: file)
    for index in 120..<min(damaged.count, 9000) { damaged[index] = UInt8(truncatingIfNeeded: index &* 31) }
    try damaged.write(to: file)
    #expect(throws: StoreError.self) { _ = try Store.open(at: directory) }
    #expect(try Data(contentsOf: file) == damaged)
    #expect(sidecars(of: file).isEmpty)
  }

  @Test func R31_newStoresAndTemplatesCarryTheApplicationID() throws {
    let directory = try closedStore()
    defer { try? manager.removeItem(at: directory) }
    let file = directory.appendingPathComponent(Store.databaseFileName)
    #expect(try applicationID(of: file) == UInt32(bitPattern: StoreIdentity.applicationID))
    try Store.sealTemplate(at: directory)
    #expect(try applicationID(of: file) == UInt32(bitPattern: StoreIdentity.applicationID))
    // Nothing half-made is left from building it under a temporary name.
    let names = Set(try manager.contentsOfDirectory(atPath: directory.path))
    #expect(names == [Store.databaseFileName, Store.outboxFolderName, Store.exportsFolderName])
  }

  @Test func R31_aStoreOfAnEarlierBuildIsAdoptedAndStamped() throws {
    let directory = try closedStore()
    defer { try? manager.removeItem(at: directory) }
    let file = directory.appendingPathComponent(Store.databaseFileName)
    let queue = try DatabaseQueue(path: file.path)
    try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA application_id = 0") }
    try queue.close()
    #expect(try applicationID(of: file) == 0)

    let store = try Store.open(at: directory)
    #expect(try store.read { try $0.scalarInt("PRAGMA application_id") } == Int(StoreIdentity.applicationID))
    store.close()
    #expect(try applicationID(of: file) == UInt32(bitPattern: StoreIdentity.applicationID))
  }

  @Test func R31_anUnstampedDatabaseWithUnknownMigrationsIsRefused() throws {
    let directory = folder()
    try manager.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? manager.removeItem(at: directory) }
    let file = directory.appendingPathComponent(Store.databaseFileName)
    // Another GRDB application: a migrations table, but not ProxyDash's.
    let other = try DatabaseQueue(path: file.path)
    try other.writeWithoutTransaction { db in
      try db.execute(sql: "CREATE TABLE grdb_migrations(identifier TEXT NOT NULL PRIMARY KEY)")
      try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('createRecipes')")
    }
    try other.close()
    let before = try Data(contentsOf: file)
    #expect(throws: StoreError.self) { _ = try Store.open(at: directory) }
    #expect(try Data(contentsOf: file) == before)
    #expect(sidecars(of: file).isEmpty)
  }

  @Test func R31_aLooseStoreFolderIsTightenedOnlyWhenEverythingInItIsProxyDashs() throws {
    let directory = try closedStore()
    defer { try? manager.removeItem(at: directory) }
    try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
    try Store.open(at: directory).close()
    #expect(try mode(directory) == 0o700)

    try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
    try Data("mine".utf8).write(to: directory.appendingPathComponent("notes.txt"))
    #expect {
      _ = try Store.open(at: directory)
    } throws: { error in
      guard case .unreadable(let path, let reason) = error as? StoreError else { return false }
      return path == directory.path && reason.contains("chmod 700")
    }
    #expect(try mode(directory) == 0o755)
  }

  @Test func R31_onlyMessageFileNamesCountAsProxyDashs() {
    #expect(Store.isMessageFileName("acct-1a2b-m12.eml"))
    #expect(Store.isMessageFileName("ava_example.com-m1.eml"))
    #expect(!Store.isMessageFileName("letter.eml"))
    #expect(!Store.isMessageFileName("acct-m.eml"))
    #expect(!Store.isMessageFileName("-m1.eml"))
    #expect(!Store.isMessageFileName(".acct-m1.eml"))
    #expect(!Store.isMessageFileName("acct-m1.eml.bak"))
    #expect(!Store.isMessageFileName("my letter-m1.eml"))
    #expect(StoreFolder.isTemporaryName(".acct-m1.eml.\(UUID().uuidString).tmp"))
    #expect(!StoreFolder.isTemporaryName(".backup.tmp"))
  }
}
