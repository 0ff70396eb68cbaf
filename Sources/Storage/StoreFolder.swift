import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The file-system rules of the store folder (R31): ProxyDash never follows a link
/// inside it, only ever deletes names it writes itself, and makes every file private
/// whatever the umask.
public enum StoreFolder {
  /// What a path is, seen without following a symbolic link.
  enum Kind: Equatable {
    case missing, directory, regularFile, symbolicLink, other
  }

  static func kind(at path: String) -> Kind {
    var info = stat()
    guard lstat(path, &info) == 0 else { return .missing }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return .directory
    case S_IFREG: return .regularFile
    case S_IFLNK: return .symbolicLink
    default: return .other
    }
  }

  /// SQLite opens `-wal`, `-shm` and `-journal` beside the database by name, following a
  /// link there: a link planted in one of those places would have it write into someone
  /// else's file. Refused before anything opens the database, like a link in the
  /// database's own place (R31); the link and what it points to are left as they are.
  static func refuseLinkedSidecars(of path: String) throws(StoreError) {
    for suffix in ["-wal", "-shm", "-journal"] {
      let sidecar = path + suffix
      switch kind(at: sidecar) {
      case .missing, .regularFile: continue
      case .symbolicLink:
        throw .unreadable(
          path: sidecar, reason: "it is a symbolic link; ProxyDash does not follow links inside its store.")
      case .directory, .other:
        throw .unreadable(path: sidecar, reason: "it is not a file; it was left untouched.")
      }
    }
  }

  /// Names ProxyDash itself puts in a store folder: a folder holding nothing else may
  /// have its mode tightened, since nothing in it belongs to anyone else.
  static func isOwnName(_ name: String) -> Bool {
    [
      Store.databaseFileName, Store.databaseFileName + "-wal", Store.databaseFileName + "-shm",
      Store.databaseFileName + "-journal", Store.outboxFolderName, Store.exportsFolderName,
    ].contains(name) || isTemporaryName(name)
  }

  /// `.NAME.UUID.tmp`: the temporary name `writePrivateFile` and new databases are built
  /// under before they are renamed into place.
  static func isTemporaryName(_ name: String) -> Bool {
    guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return false }
    let parts = name.dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count >= 3, let last = parts.last else { return false }
    return UUID(uuidString: String(last)) != nil
  }

  /// A name for building `name` in `folder` before it is renamed into place.
  static func temporaryURL(for name: String, in folder: URL) -> URL {
    folder.appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
  }

  /// Writes `data` to `url` atomically (a temporary file renamed over it) with mode
  /// 0600 whatever the umask: the file is created by open(2) with 0600, which a umask
  /// can only narrow, then set to exactly 0600. Never writes through a link.
  public static func writePrivateFile(_ data: Data, to url: URL) throws(StoreError) {
    let temporary = temporaryURL(for: url.lastPathComponent, in: url.deletingLastPathComponent())
    let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw .failed("Cannot write \(url.path): \(problem(errno, in: url.deletingLastPathComponent().path))")
    }
    var failure = fchmod(descriptor, 0o600) == 0 ? 0 : errno
    if failure == 0 {
      failure = data.withUnsafeBytes { raw -> Int32 in
        var written = 0
        while written < raw.count {
          let count = write(descriptor, raw.baseAddress! + written, raw.count - written)
          if count < 0 {
            if errno == EINTR { continue }
            return errno
          }
          written += count
        }
        return 0
      }
    }
    if close(descriptor) != 0 && failure == 0 { failure = errno }
    if failure == 0 && rename(temporary.path, url.path) != 0 { failure = errno }
    if failure != 0 {
      unlink(temporary.path)
      throw .failed("Cannot write \(url.path): \(problem(failure, in: url.deletingLastPathComponent().path))")
    }
  }

  /// Creates `url` as a private folder (0700 whatever the umask), or checks that the
  /// folder already there is a real folder, not a link.
  public static func ensurePrivateFolder(_ url: URL) throws(StoreError) {
    switch kind(at: url.path) {
    case .directory: return
    case .missing:
      guard mkdir(url.path, 0o700) == 0 || errno == EEXIST else {
        throw .failed(
          "Cannot create \(url.path): \(problem(errno, in: url.deletingLastPathComponent().path))")
      }
      _ = chmod(url.path, 0o700)
      try requireFolder(url)
    default: try requireFolder(url)
    }
  }

  /// Refuses an `outbox/` or `exports/` that is a link or not a folder: ProxyDash would
  /// otherwise write, or clean up, somewhere the store does not own.
  static func requireFolder(_ url: URL) throws(StoreError) {
    switch kind(at: url.path) {
    case .directory, .missing: return
    case .symbolicLink:
      throw .unreadable(
        path: url.path,
        reason:
          "it is a symbolic link; ProxyDash does not follow links inside its store. Replace it with a folder (mkdir -m 700)."
      )
    default:
      throw .unreadable(path: url.path, reason: "it is not a folder; it was left untouched.")
    }
  }

  /// Words for an errno from writing in `folder`, checked against the folder itself so
  /// that a read-only mount or a full disk is never called anything else.
  static func problem(_ code: Int32, in folder: String) -> String {
    switch code {
    case EROFS: return "the file system is mounted read-only."
    case ENOSPC, EDQUOT: return "the disk is full."
    case EACCES, EPERM: return "the folder is read-only for this user."
    default: return (diagnosis(forWritingIn: folder) ?? String(cString: strerror(code))) + "."
    }
  }

  /// Why nothing can be written in `folder` right now, if the reason is the folder's
  /// file system (read-only mount, read-only folder, no free space); nil otherwise.
  static func diagnosis(forWritingIn folder: String) -> String? {
    var info = statvfs()
    if statvfs(folder, &info) == 0 {
      if info.f_flag & UInt(ST_RDONLY) != 0 { return "the file system is mounted read-only" }
    }
    if access(folder, W_OK) != 0 {
      return errno == EROFS
        ? "the file system is mounted read-only" : "the folder is read-only for this user"
    }
    if statvfs(folder, &info) == 0, info.f_bavail == 0 { return "the disk is full" }
    return nil
  }
}
