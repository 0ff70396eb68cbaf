import Foundation
import GRDB
import Synchronization

/// Demo templates: a store built once, then opened by every demo start without being
/// copied until something is written (DESIGN.md: the shipped data is never written).
///
/// Copying the template's database (five megabytes, a year of hourly usage) was the
/// largest part of a demo's start-up; most of a demo's first seconds only read.
extension Store {
  /// Leaves the store in `directory` ready to serve as a template: its journal in the
  /// database file itself (not WAL), so a read-only connection needs no `-wal` or `-shm`
  /// file beside it and the template folder is never written to again.
  public static func sealTemplate(at directory: URL) throws(StoreError) {
    let path = directory.appendingPathComponent(databaseFileName).path
    do {
      let dbQueue = try DatabaseQueue(path: path)
      try dbQueue.writeWithoutTransaction { db in
        _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
      }
      try dbQueue.close()
    } catch {
      throw storeError(error, path: path)
    }
  }

  /// Opens a sealed template read-only. The first write copies it into `scratch` (a
  /// folder that must not exist yet) and carries on there; until then nothing is copied.
  public static func openTemplate(at template: URL, copyingOnFirstWriteTo scratch: URL)
    throws(StoreError) -> Store
  {
    let path = template.appendingPathComponent(databaseFileName).path
    var configuration = Configuration()
    configuration.readonly = true
    configuration.busyMode = .timeout(busyTimeout)
    configuration.label = "ProxyDash demo template"
    guard StoreIdentity.judge(header: try StoreIdentity.header(at: path)) == .proxyDash else {
      throw .unreadable(path: path, reason: "the demo cache was made by another ProxyDash.")
    }
    try StoreFolder.refuseLinkedSidecars(of: path)
    do {
      let dbQueue = try DatabaseQueue(path: path, configuration: configuration)
      let current = try dbQueue.read { db in
        try StoreSchema.migrator.hasCompletedMigrations(db)
          && !StoreSchema.migrator.hasBeenSuperseded(db)
      }
      guard current else {
        throw StoreError.unreadable(path: path, reason: "the demo cache was made by another ProxyDash.")
      }
      return Store(directory: template, dbQueue: dbQueue, copyOnWriteTo: scratch)
    } catch {
      throw storeError(error, path: path)
    }
  }

  /// Whether this store still reads a template and has copied nothing.
  public var isUncopiedTemplate: Bool { backing.withLock { $0.copyOnWriteTo != nil } }

  /// Gives a template-backed store its own copy before anything is written (a write
  /// transaction, an export). Does nothing for any other store. When the copy fails
  /// the store stays on the template, unchanged.
  public func prepareForWriting() throws(StoreError) {
    try backing.withLock { (backing: inout Backing) throws(StoreError) in
      guard let scratch = backing.copyOnWriteTo else { return }
      do {
        try Self.copyFiles(from: backing.directory, to: scratch)
      } catch {
        try? FileManager.default.removeItem(at: scratch)
        throw .failed("Cannot copy the demo store to \(scratch.path): \(Self.reason(error))")
      }
      // The copy is of a template this program built and checked: the schema check is enough.
      let copy = try Store.open(at: scratch, verification: .schema)
      try? backing.dbQueue.close()
      backing = Backing(dbQueue: copy.dbQueue, directory: scratch, copyOnWriteTo: nil)
    }
  }

  /// Copies the database and hard-links the emails: an `.eml` file is never changed once
  /// written (a new one replaces it by rename), so sharing it with the template is safe,
  /// and a link costs far less than a copy.
  static func copyFiles(from source: URL, to destination: URL) throws {
    let manager = FileManager.default
    let private0700: [FileAttributeKey: Any] = [.posixPermissions: 0o700]
    try manager.createDirectory(at: destination, withIntermediateDirectories: true, attributes: private0700)
    try manager.copyItem(
      at: source.appendingPathComponent(databaseFileName),
      to: destination.appendingPathComponent(databaseFileName))
    for folder in [outboxFolderName, exportsFolderName] {
      let from = source.appendingPathComponent(folder, isDirectory: true)
      let to = destination.appendingPathComponent(folder, isDirectory: true)
      try manager.createDirectory(at: to, withIntermediateDirectories: true, attributes: private0700)
      guard folder == outboxFolderName else { continue }
      for name in (try? manager.contentsOfDirectory(atPath: from.path)) ?? [] where isMessageFileName(name) {
        let original = from.path + "/" + name
        let linked = to.path + "/" + name
        if link(original, linked) != 0 { try manager.copyItem(atPath: original, toPath: linked) }
      }
    }
  }
}
