import Foundation
import GRDB
import GRDBSQLite

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How ProxyDash tells its own database from anyone else's (R31) before it writes a
/// byte: SQLite's header holds an application id at offset 68, which ProxyDash stamps.
///
/// The header is read as plain bytes, not through SQLite: opening a foreign database,
/// even read-only, can leave `-wal` and `-shm` files beside it.
enum StoreIdentity {
  /// "PDSH": the `PRAGMA application_id` of every store this and later builds write.
  static let applicationID: Int32 = 0x5044_5348

  /// What the first 100 bytes of an existing `proxydash.sqlite` say it is.
  enum Verdict: Equatable {
    /// Stamped by ProxyDash.
    case proxyDash
    /// An SQLite database without an application id: a store from a ProxyDash build
    /// before the stamp, or any other application's file. Its migrations decide.
    case unstamped
    case refused(reason: String)
  }

  static func judge(header: Data) -> Verdict {
    if header.isEmpty {
      return .refused(
        reason:
          "it is an empty file, not a ProxyDash store (ProxyDash never leaves one); it was left untouched."
      )
    }
    guard header.count >= 100, header.prefix(16) == Data("SQLite format 3\0".utf8) else {
      return .refused(
        reason: "it is not a ProxyDash store (not an SQLite database); it was left untouched.")
    }
    let bytes = [UInt8](header[header.startIndex + 68..<header.startIndex + 72])
    let id = Int32(bitPattern: bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    switch id {
    case applicationID: return .proxyDash
    case 0: return .unstamped
    default:
      return .refused(
        reason:
          "it is another application's SQLite database (application id \(String(format: "0x%08X", UInt32(bitPattern: id)))), not a ProxyDash store; it was left untouched."
      )
    }
  }

  /// The file's first 100 bytes, read without following a symbolic link.
  static func header(at path: String) throws(StoreError) -> Data {
    let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else {
      if errno == ELOOP {
        throw .unreadable(
          path: path,
          reason: "it is a symbolic link; ProxyDash does not follow links inside its store.")
      }
      throw .unreadable(path: path, reason: "the file cannot be read (check its permissions).")
    }
    defer { _ = close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 100)
    var filled = 0
    while filled < buffer.count {
      let count = buffer.withUnsafeMutableBytes { raw in
        read(descriptor, raw.baseAddress! + filled, raw.count - filled)
      }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { break }
      filled += count
    }
    return Data(buffer.prefix(filled))
  }

  /// Whether an unstamped database is a store of an earlier ProxyDash: it has a
  /// `grdb_migrations` table whose identifiers this build all knows, "v1-core" among
  /// them. Read through an `immutable=1` URI, which never creates `-wal` or `-shm` files
  /// and takes no locks, so a foreign file is left exactly as it was.
  static func isEarlierProxyDashStore(at path: String) -> Bool {
    var components = URLComponents()
    components.scheme = "file"
    components.path = path
    components.queryItems = [
      URLQueryItem(name: "mode", value: "ro"), URLQueryItem(name: "immutable", value: "1"),
    ]
    guard let uri = components.string else { return false }
    var handle: OpaquePointer?
    defer { sqlite3_close_v2(handle) }
    guard
      sqlite3_open_v2(uri, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil) == SQLITE_OK,
      let handle
    else { return false }
    var statement: OpaquePointer?
    defer { sqlite3_finalize(statement) }
    guard
      sqlite3_prepare_v2(handle, "SELECT identifier FROM grdb_migrations", -1, &statement, nil)
        == SQLITE_OK
    else { return false }
    var identifiers: Set<String> = []
    while sqlite3_step(statement) == SQLITE_ROW {
      guard let text = sqlite3_column_text(statement, 0) else { return false }
      identifiers.insert(String(cString: text))
    }
    let known = Set(StoreSchema.migrator.migrations)
    return identifiers.contains("v1-core") && identifiers.isSubset(of: known)
  }
}
