import Foundation
import GRDB

/// The store as sshd's `AuthorizedKeysCommand` sees it (R30): it runs on every
/// connection attempt, before anyone is authenticated, so it must be fast and must
/// never change the store. It opens the database read-only, runs no migration, stamps
/// nothing, and creates no folder or file beyond the `-shm` index a WAL reader needs.
public enum SSHKeyLookup {
  /// The keys of the store in `directory` whose blob is `base64`, or every key when
  /// `base64` is nil (for a static `authorized_keys` file).
  public static func keys(in directory: URL, base64: String?) throws(StoreError) -> [SSHKeyRecord] {
    let path = directory.appendingPathComponent(Store.databaseFileName).path
    switch StoreFolder.kind(at: path) {
    case .regularFile: break
    case .missing: throw .failed("There is no store at \(directory.path).")
    case .symbolicLink:
      throw .unreadable(
        path: path, reason: "it is a symbolic link; ProxyDash does not follow links inside its store.")
    default: throw .unreadable(path: path, reason: "it is not a file.")
    }
    try StoreFolder.refuseLinkedSidecars(of: path)
    switch StoreIdentity.judge(header: try StoreIdentity.header(at: path)) {
    case .proxyDash: break
    case .unstamped:
      throw .unreadable(
        path: path, reason: "it is not stamped as a ProxyDash store; open it once with proxydash to adopt it."
      )
    case .refused(let reason): throw .unreadable(path: path, reason: reason)
    }
    var configuration = Configuration()
    configuration.readonly = true
    configuration.busyMode = .timeout(Store.busyTimeout)
    configuration.label = "ProxyDash key lookup"
    do {
      let reader = try DatabaseQueue(path: path, configuration: configuration)
      defer { try? reader.close() }
      return try reader.read { db -> [SSHKeyRecord] in
        if try StoreSchema.migrator.hasBeenSuperseded(db) { throw StoreError.tooNew(path: path) }
        // A store no ProxyDash with keys has opened yet has no keys.
        guard try db.tableExists("ssh_keys") else { return [] }
        let rows =
          if let base64 {
            try Row.fetchAll(db, sql: "SELECT * FROM ssh_keys WHERE key_base64 = ?", arguments: [base64])
          } else {
            try Row.fetchAll(db, sql: "SELECT * FROM ssh_keys ORDER BY id")
          }
        return try rows.map(StoreSession.sshKey)
      }
    } catch let error as StoreError {
      throw error
    } catch {
      throw Store.storeError(error, path: path)
    }
  }
}
