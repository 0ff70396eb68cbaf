import Foundation
import GRDB

extension Store {
  /// Copies this store into `target` (a new folder): the database through SQLite's
  /// online backup (consistent even while others write), then the outbox files. A backup
  /// while ProxyDash runs; nothing in the program calls it yet (the README's backup steps
  /// use the sqlite3 tool), and demos copy their template with `copyFiles` instead.
  public func copy(to target: URL) throws(StoreError) -> Store {
    let fileManager = FileManager.default
    guard !Store.exists(at: target) else {
      throw .conflict("\(target.path) already holds a ProxyDash store.")
    }
    do {
      try fileManager.createDirectory(
        at: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      let path = target.appendingPathComponent(Self.databaseFileName).path
      guard
        fileManager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
      else { throw StoreError.failed("Cannot create \(path).") }
      var configuration = Configuration()
      configuration.journalMode = .wal
      configuration.busyMode = .timeout(Self.busyTimeout)
      let destination = try DatabaseQueue(path: path, configuration: configuration)
      try dbQueue.backup(to: destination)
      try destination.close()
      let targetOutbox = target.appendingPathComponent(Self.outboxFolderName, isDirectory: true)
      try fileManager.createDirectory(
        at: targetOutbox, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      for name in try fileManager.contentsOfDirectory(atPath: outboxURL.path)
      where Self.isMessageFileName(name) {
        try fileManager.copyItem(
          at: outboxURL.appendingPathComponent(name), to: targetOutbox.appendingPathComponent(name))
      }
    } catch {
      throw Self.storeError(error, path: target.path)
    }
    // Just made from a store that was verified when it was opened.
    return try Store.open(at: target, verification: .schema)
  }
}
