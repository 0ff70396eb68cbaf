import Billing
import Foundation
import GRDB
import Synchronization

/// The embedded store: one SQLite file (`proxydash.sqlite`) in a private folder, with
/// the outbox's `.eml` files beside it (DESIGN.md's Storage layer).
///
/// Opening never writes to a file it has not first verified as a healthy SQLite
/// database written by this or an older ProxyDash, so a wrong path can never damage
/// someone's file.
public final class Store: Sendable {
  public static let databaseFileName = "proxydash.sqlite"
  public static let outboxFolderName = "outbox"
  public static let exportsFolderName = "exports"
  /// How long a writer waits for another process before giving up with `busy`.
  public static let busyTimeout: TimeInterval = 2

  /// The store's folder. It changes once at most: a store opened on a demo template
  /// (`openTemplate`) moves to its own copy at the first write.
  public var directory: URL { backing.withLock { $0.directory } }
  public var databaseURL: URL { directory.appendingPathComponent(Self.databaseFileName) }
  public var outboxURL: URL {
    directory.appendingPathComponent(Self.outboxFolderName, isDirectory: true)
  }
  public var exportsURL: URL {
    directory.appendingPathComponent(Self.exportsFolderName, isDirectory: true)
  }

  /// The connection and the folder it belongs to, swapped together.
  struct Backing {
    var dbQueue: DatabaseQueue
    var directory: URL
    /// For a template opened read-only: the folder the first write copies it to.
    var copyOnWriteTo: URL?
  }

  let backing: Mutex<Backing>

  /// The policy whose due moments the store indexes (`next_due_at`, R28). The service
  /// that opens the store sets its own, so the index and the billing step agree.
  public var duePolicy: BillingPolicy {
    get { duePolicyBox.withLock { $0 } }
    set { duePolicyBox.withLock { $0 = newValue } }
  }
  private let duePolicyBox = Mutex(BillingPolicy.standard)

  var dbQueue: DatabaseQueue { backing.withLock { $0.dbQueue } }

  /// Hourly usage and its daily roll-up, in the same file (R27). Its reads and writes
  /// are transactions of their own: call it outside `read` and `write`, or use
  /// `StoreSession.insertUsage` inside one.
  public var usage: UsageStore { UsageStore(database: dbQueue) }

  init(directory: URL, dbQueue: DatabaseQueue, copyOnWriteTo: URL? = nil) {
    backing = Mutex(Backing(dbQueue: dbQueue, directory: directory, copyOnWriteTo: copyOnWriteTo))
  }

  // MARK: Location

  /// DESIGN.md's default: $PROXYDASH_HOME, else $XDG_DATA_HOME/proxydash, else
  /// ~/.local/share/proxydash.
  public static func defaultDirectory(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    home: URL = FileManager.default.homeDirectoryForCurrentUser
  ) -> URL {
    if let explicit = environment["PROXYDASH_HOME"], !explicit.isEmpty {
      return URL(fileURLWithPath: explicit, isDirectory: true)
    }
    if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
      return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent(
        "proxydash", isDirectory: true)
    }
    return home.appendingPathComponent(".local/share/proxydash", isDirectory: true)
  }

  /// Whether `directory` already holds a store file (for `init`, which refuses one).
  public static func exists(at directory: URL) -> Bool {
    FileManager.default.fileExists(atPath: directory.appendingPathComponent(databaseFileName).path)
  }

  // MARK: Opening

  /// How closely `open` checks an existing database file before writing to it.
  public enum Verification: Sendable {
    case full
    case schema
  }

  /// Opens the store in `directory`, creating folder (0700), database (0600) and
  /// outbox when missing, and migrating an older schema up.
  ///
  /// `verification` says how closely an existing file is checked before anything is
  /// written to it: `.full` runs `PRAGMA quick_check` over every page (tens of
  /// milliseconds on a year of usage); `.schema` only reads the schema, for a store this
  /// program has just made (a copy of a template) where start-up time matters.
  public static func open(at directory: URL, verification: Verification = .full) throws(StoreError)
    -> Store
  {
    let fileManager = FileManager.default
    let databaseURL = directory.appendingPathComponent(databaseFileName)
    let path = databaseURL.path
    var isDirectory: ObjCBool = false
    if fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw .unreadable(path: directory.path, reason: "it is a file, not a folder.")
      }
    } else {
      do {
        try fileManager.createDirectory(
          at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      } catch {
        throw .failed("Cannot create the store folder \(directory.path): \(Self.reason(error))")
      }
    }

    let existed = fileManager.fileExists(atPath: path)
    if existed {
      try verifyExistingFile(at: path, verification: verification)
    } else if !fileManager.isWritableFile(atPath: directory.path) {
      throw .failed("Cannot create the store in \(directory.path): the folder is not writable.")
    } else {
      // Created empty and private first, so the database is never readable by others.
      guard
        fileManager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
      else {
        throw .failed("Cannot create the store file \(path).")
      }
    }

    var configuration = Configuration()
    configuration.busyMode = .timeout(busyTimeout)
    configuration.journalMode = .wal
    configuration.label = "ProxyDash store"
    let dbQueue: DatabaseQueue
    do {
      dbQueue = try DatabaseQueue(path: path, configuration: configuration)
    } catch {
      throw Self.storeError(error, path: path)
    }
    do {
      let migrator = StoreSchema.migrator
      if try dbQueue.read({ db in try migrator.hasBeenSuperseded(db) }) {
        throw StoreError.tooNew(path: path)
      }
      try migrator.migrate(dbQueue)
    } catch {
      throw Self.storeError(error, path: path)
    }
    for folder in [outboxFolderName, exportsFolderName] {
      let url = directory.appendingPathComponent(folder, isDirectory: true)
      if !fileManager.fileExists(atPath: url.path) {
        do {
          try fileManager.createDirectory(
            at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
          throw .failed("Cannot create \(url.path): \(Self.reason(error))")
        }
      }
    }
    let store = Store(directory: directory, dbQueue: dbQueue)
    store.removeOrphanMessages()
    return store
  }

  /// A fresh store in a new temporary folder, for tests and previews.
  public static func temporary() throws(StoreError) -> Store {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("proxydash-\(UUID().uuidString)", isDirectory: true)
    return try open(at: directory)
  }

  /// Checks, without writing a byte, that `path` is a healthy SQLite database that this
  /// build understands.
  static func verifyExistingFile(at path: String, verification: Verification = .full)
    throws(StoreError)
  {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .unreadable(path: path, reason: "the file cannot be read (check its permissions).")
    }
    let header = (try? handle.read(upToCount: 16)) ?? Data()
    try? handle.close()
    if header.isEmpty { return }  // An empty file is what SQLite itself creates first.
    guard header == Data("SQLite format 3\0".utf8) else {
      throw .unreadable(
        path: path,
        reason: "it is not a ProxyDash store (not an SQLite database); it was left untouched.")
    }
    var configuration = Configuration()
    configuration.readonly = true
    configuration.busyMode = .timeout(busyTimeout)
    do {
      let reader = try DatabaseQueue(path: path, configuration: configuration)
      let verdict: StoreError? = try reader.read { db in
        let check: String
        switch verification {
        case .full: check = try String.fetchOne(db, sql: "PRAGMA quick_check") ?? "no answer"
        case .schema:
          _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master")
          check = "ok"
        }
        if check != "ok" {
          return StoreError.unreadable(
            path: path, reason: "the database is damaged (\(check)); it was left untouched.")
        }
        if try StoreSchema.migrator.hasBeenSuperseded(db) { return StoreError.tooNew(path: path) }
        return nil
      }
      try reader.close()
      if let verdict { throw verdict }
    } catch let error as StoreError {
      throw error
    } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
      throw .busy(path: path)
    } catch {
      throw .unreadable(
        path: path,
        reason: "the database is damaged (\(Self.reason(error))); it was left untouched.")
    }
  }

  // MARK: Transactions

  /// Runs `body` in one immediate write transaction. Message files written by the
  /// body are deleted again when the transaction does not commit.
  public func write<T>(_ body: (StoreSession) throws -> T) throws -> T {
    try prepareForWriting()
    let session = StoreSession(store: self)
    do {
      var result: T?
      try dbQueue.writeWithoutTransaction { db in
        session.db = db
        defer { session.db = nil }
        try db.inTransaction(.immediate) {
          result = try body(session)
          return .commit
        }
      }
      guard let result else { throw StoreError.failed("The transaction produced no result.") }
      return result
    } catch {
      session.discardWrittenFiles()
      throw Self.mapped(error, path: databaseURL.path)
    }
  }

  /// Runs `body` on a consistent snapshot, writing nothing.
  public func read<T>(_ body: (StoreSession) throws -> T) throws -> T {
    let session = StoreSession(store: self)
    do {
      return try dbQueue.read { db in
        session.db = db
        defer { session.db = nil }
        return try body(session)
      }
    } catch {
      throw Self.mapped(error, path: databaseURL.path)
    }
  }

  /// For work that the next run redoes idempotently (a billing run, R28): commits stop
  /// waiting for the disk (WAL with `synchronous = NORMAL`, this connection only). The
  /// store stays consistent after a power loss; at worst the last commits are lost, and
  /// the next run makes them again under the same idempotency keys. A renewal commits
  /// four times, so waiting for the disk each time would dominate a run.
  public func commitWithoutWaitingForTheDisk() throws {
    try prepareForWriting()
    do {
      try dbQueue.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
      }
    } catch {
      throw Self.mapped(error, path: databaseURL.path)
    }
  }

  /// `PRAGMA integrity_check`'s answer: "ok" for a healthy file.
  public func integrityCheck() throws -> String {
    try read { session in try session.scalarText("PRAGMA integrity_check") ?? "no answer" }
  }

  /// Closes the connection; later use of this store fails.
  public func close() {
    try? dbQueue.close()
  }

  // MARK: Errors

  /// Turns GRDB and file errors into `StoreError`, leaving other errors (a use case's
  /// own refusals) as they are.
  static func mapped(_ error: any Error, path: String) -> any Error {
    if let error = error as? DatabaseError {
      switch error.resultCode {
      case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError.busy(path: path)
      case .SQLITE_FULL: return StoreError.failed("The disk is full: nothing was saved (\(path)).")
      case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
        return StoreError.failed(
          "Cannot write the store \(path): the file or its folder is read-only.")
      case .SQLITE_NOTADB, .SQLITE_CORRUPT:
        return StoreError.unreadable(path: path, reason: "the database is damaged.")
      default:
        return StoreError.failed(
          "The store \(path) failed: \(error.message ?? "\(error.resultCode)").")
      }
    }
    return error
  }

  /// `mapped`, for callers that throw only `StoreError`.
  static func storeError(_ error: any Error, path: String) -> StoreError {
    if let mapped = mapped(error, path: path) as? StoreError { return mapped }
    return .failed("The store \(path) failed: \(reason(error))")
  }

  static func reason(_ error: any Error) -> String {
    if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
    return (error as NSError).localizedDescription
  }
}
