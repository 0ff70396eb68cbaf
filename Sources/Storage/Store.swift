import Billing
import Foundation
import GRDB
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
  /// Every check that can refuse runs before anything is written (R31): the folder
  /// (a link given as `directory` is followed, since the user named it; a link inside
  /// it is refused), the database's identity, and whether the folder can be written
  /// at all. A new database is built under a temporary name and linked into place only
  /// when complete, so ProxyDash never leaves an empty or half-made `proxydash.sqlite`.
  ///
  /// `verification` says how closely an existing file is checked before anything is
  /// written to it: `.full` runs `PRAGMA quick_check` over every page (tens of
  /// milliseconds on a year of usage); `.schema` only reads the schema, for a store this
  /// program has just made (a copy of a template) where start-up time matters.
  public static func open(at directory: URL, verification: Verification = .full) throws(StoreError)
    -> Store
  {
    let databaseURL = directory.appendingPathComponent(databaseFileName)
    let path = databaseURL.path
    var folderInfo = stat()
    let folderExisted = stat(directory.path, &folderInfo) == 0
    if folderExisted {
      guard folderInfo.st_mode & S_IFMT == S_IFDIR else {
        throw .unreadable(path: directory.path, reason: "it is a file, not a folder.")
      }
      for folder in [outboxFolderName, exportsFolderName] {
        try StoreFolder.requireFolder(directory.appendingPathComponent(folder, isDirectory: true))
      }
    }

    var existed = false
    var needsStamp = false
    try StoreFolder.refuseLinkedSidecars(of: path)
    switch StoreFolder.kind(at: path) {
    case .missing: break
    case .regularFile:
      existed = true
      needsStamp = try verifyExistingFile(at: path, verification: verification)
    case .symbolicLink:
      throw .unreadable(
        path: path, reason: "it is a symbolic link; ProxyDash does not follow links inside its store.")
    default:
      throw .unreadable(path: path, reason: "it is not a file; it was left untouched.")
    }
    if folderExisted {
      try tightenMode(of: directory, mode: folderInfo.st_mode)
      if !existed, let reason = StoreFolder.diagnosis(forWritingIn: directory.path) {
        throw .failed("Cannot create the store in \(directory.path): \(reason).")
      }
    } else {
      let parent = nearestExistingFolder(of: directory)
      if let reason = StoreFolder.diagnosis(forWritingIn: parent) {
        throw .failed("Cannot create the store folder \(directory.path): \(reason).")
      }
      do {
        try FileManager.default.createDirectory(
          at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      } catch {
        let reason = StoreFolder.diagnosis(forWritingIn: parent) ?? Self.reason(error)
        throw .failed("Cannot create the store folder \(directory.path): \(reason).")
      }
      _ = chmod(directory.path, 0o700)
    }
    if !existed {
      // Another process may have made one meanwhile: then it is checked like any other.
      let created: Bool
      do {
        created = try createDatabase(at: databaseURL)
      } catch {
        // Nothing half-made: the folder this run created goes again (rmdir: only if empty).
        if !folderExisted { rmdir(directory.path) }
        throw error
      }
      if !created {
        needsStamp = try verifyExistingFile(at: path, verification: verification)
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
      // A store of an earlier build, recognised by its migrations, is marked as ours.
      if needsStamp {
        try dbQueue.writeWithoutTransaction { db in
          try db.execute(sql: "PRAGMA application_id = \(StoreIdentity.applicationID)")
        }
      }
    } catch {
      try? dbQueue.close()
      throw Self.storeError(error, path: path)
    }
    for folder in [outboxFolderName, exportsFolderName] {
      try StoreFolder.ensurePrivateFolder(directory.appendingPathComponent(folder, isDirectory: true))
    }
    let store = Store(directory: directory, dbQueue: dbQueue)
    store.removeOrphanMessages()
    return store
  }

  /// A store folder others can read is narrowed to 0700 when everything in it is
  /// ProxyDash's; a folder that also holds someone else's files is not changed but
  /// refused, with the command that fixes it.
  static func tightenMode(of directory: URL, mode: mode_t) throws(StoreError) {
    guard mode & 0o077 != 0 else { return }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    if names.allSatisfy(StoreFolder.isOwnName) {
      guard chmod(directory.path, 0o700) == 0 else {
        throw .failed(
          "Cannot make the store folder \(directory.path) private (chmod 700): \(StoreFolder.problem(errno, in: directory.path))"
        )
      }
      return
    }
    throw .unreadable(
      path: directory.path,
      reason:
        "the folder's mode \(String(mode & 0o777, radix: 8)) lets other users read the store, and it holds files that are not ProxyDash's, so it was not changed; run chmod 700 on it or choose another folder."
    )
  }

  static func nearestExistingFolder(of url: URL) -> String {
    var folder = url
    while folder.path != "/" && !FileManager.default.fileExists(atPath: folder.path) {
      folder.deleteLastPathComponent()
    }
    return folder.path
  }

  /// Builds a new, migrated and stamped database under a temporary name in the store
  /// folder, then links it into place. Returns false, leaving nothing behind, when
  /// another process put a `proxydash.sqlite` there first.
  static func createDatabase(at databaseURL: URL) throws(StoreError) -> Bool {
    let folder = databaseURL.deletingLastPathComponent()
    let temporary = StoreFolder.temporaryURL(for: databaseFileName, in: folder)
    let descriptor = Glibc.open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw .failed(
        "Cannot create the store file \(databaseURL.path): \(StoreFolder.problem(errno, in: folder.path))")
    }
    _ = fchmod(descriptor, 0o600)
    _ = Glibc.close(descriptor)
    defer {
      for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary.path + suffix) }
    }
    var configuration = Configuration()
    configuration.journalMode = .wal
    configuration.label = "ProxyDash new store"
    do {
      let dbQueue = try DatabaseQueue(path: temporary.path, configuration: configuration)
      do {
        try dbQueue.writeWithoutTransaction { db in
          try db.execute(sql: "PRAGMA application_id = \(StoreIdentity.applicationID)")
        }
        try StoreSchema.migrator.migrate(dbQueue)
        try dbQueue.close()
      } catch {
        try? dbQueue.close()
        throw error
      }
    } catch {
      throw storeError(error, path: databaseURL.path)
    }
    guard link(temporary.path, databaseURL.path) == 0 else {
      if errno == EEXIST { return false }
      throw .failed(
        "Cannot create the store file \(databaseURL.path): \(StoreFolder.problem(errno, in: folder.path))")
    }
    return true
  }

  /// A fresh store in a new temporary folder, for tests and previews.
  public static func temporary() throws(StoreError) -> Store {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("proxydash-\(UUID().uuidString)", isDirectory: true)
    return try open(at: directory)
  }

  /// Checks that `path` is a healthy ProxyDash database that this build understands,
  /// writing nothing: a refused file is left byte-identical with no `-wal` or `-shm`
  /// beside it that was not there before. Returns whether it is a store of an earlier
  /// build that still needs its application id.
  @discardableResult
  static func verifyExistingFile(at path: String, verification: Verification = .full)
    throws(StoreError) -> Bool
  {
    var needsStamp = false
    switch StoreIdentity.judge(header: try StoreIdentity.header(at: path)) {
    case .refused(let reason): throw .unreadable(path: path, reason: reason)
    case .proxyDash: break
    case .unstamped:
      guard StoreIdentity.isEarlierProxyDashStore(at: path) else {
        throw .unreadable(
          path: path,
          reason:
            "it is an SQLite database of another application, not a ProxyDash store; it was left untouched."
        )
      }
      needsStamp = true
    }
    // Opening even read-only may create these beside a WAL database; after a refusal
    // the ones this check created go again.
    let sidecars = ["-wal", "-shm"].map { path + $0 }.filter { StoreFolder.kind(at: $0) == .missing }
    func removeCreatedSidecars() {
      for sidecar in sidecars where StoreFolder.kind(at: sidecar) == .regularFile { unlink(sidecar) }
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
      if let verdict {
        if case .unreadable = verdict { removeCreatedSidecars() }
        throw verdict
      }
    } catch let error as StoreError {
      throw error
    } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
      throw .busy(path: path)
    } catch let error as DatabaseError
      where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
    {
      removeCreatedSidecars()
      throw .unreadable(
        path: path,
        reason: "the database is damaged (\(Self.reason(error))); it was left untouched.")
    } catch {
      removeCreatedSidecars()
      // A read-only mount or a full disk stops even a read-only open (it needs the
      // `-shm` file): say so, so that nobody deletes a good store as "damaged".
      let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
      if let reason = StoreFolder.diagnosis(forWritingIn: folder) {
        throw .failed("Cannot open the store \(path): \(reason) (\(Self.reason(error))).")
      }
      throw .failed("Cannot open the store \(path): \(Self.reason(error)).")
    }
    return needsStamp
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
      case .SQLITE_IOERR where diagnosis(near: path) != nil:
        return StoreError.failed("Cannot write the store \(path): \(diagnosis(near: path) ?? "").")
      case .SQLITE_NOTADB, .SQLITE_CORRUPT:
        return StoreError.unreadable(path: path, reason: "the database is damaged.")
      default:
        return StoreError.failed(
          "The store \(path) failed: \(error.message ?? "\(error.resultCode)").")
      }
    }
    return error
  }

  /// A read-only mount or full disk under the store file, in words (see `StoreFolder`).
  static func diagnosis(near path: String) -> String? {
    StoreFolder.diagnosis(forWritingIn: URL(fileURLWithPath: path).deletingLastPathComponent().path)
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
