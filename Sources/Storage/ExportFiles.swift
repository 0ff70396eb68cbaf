import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension StoreFolder {
  /// Writes `data` as a new private file (0600) named `name`, or `name` with `-2`, `-3`…
  /// before its extension when that name is taken; returns where it went. A file is
  /// linked into place from a complete temporary (`link` fails on a taken name), so
  /// nothing already there, whoever made it, is ever replaced, and no half-written file
  /// is ever seen (R31). A taken name whose file is a regular file with exactly `data`
  /// (the same immutable invoice exported before) is returned as it is.
  static func writeNewPrivateFile(_ data: Data, named name: String, in folder: URL)
    throws(StoreError) -> URL
  {
    let base = (name as NSString).deletingPathExtension
    let suffix = (name as NSString).pathExtension
    for attempt in 1...100 {
      let candidate = attempt == 1 ? name : "\(base)-\(attempt).\(suffix)"
      let url = folder.appendingPathComponent(candidate)
      if kind(at: url.path) != .missing {
        if holdsExactly(data, url) { return url }
        continue
      }
      let temporary = temporaryURL(for: candidate, in: folder)
      try writePrivateFileInPlace(data, to: temporary)
      let linked = link(temporary.path, url.path) == 0 ? 0 : errno
      unlink(temporary.path)
      if linked == 0 { return url }
      if linked == EEXIST { continue }
      throw .failed("Cannot write \(url.path): \(problem(linked, in: folder.path))")
    }
    throw .failed("Cannot write \(name) in \(folder.path): a hundred files of that name are there already.")
  }

  /// Writes a whole new file at `url` (which must not exist), 0600 whatever the umask.
  private static func writePrivateFileInPlace(_ data: Data, to url: URL) throws(StoreError) {
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw .failed("Cannot write \(url.path): \(problem(errno, in: url.deletingLastPathComponent().path))")
    }
    var failure = fchmod(descriptor, 0o600) == 0 ? 0 : errno
    if failure == 0 {
      failure = data.withUnsafeBytes { raw -> Int32 in
        guard let start = raw.baseAddress else { return 0 }
        var written = 0
        while written < raw.count {
          let count = write(descriptor, start + written, raw.count - written)
          if count < 0 {
            if errno == EINTR { continue }
            return errno
          }
          written += count
        }
        return fsync(descriptor) == 0 ? 0 : errno
      }
    }
    if close(descriptor) != 0 && failure == 0 { failure = errno }
    if failure != 0 {
      unlink(url.path)
      throw .failed("Cannot write \(url.path): \(problem(failure, in: url.deletingLastPathComponent().path))")
    }
  }

  /// Whether `url` is a regular file (not followed if a link) whose bytes are `data`.
  private static func holdsExactly(_ data: Data, _ url: URL) -> Bool {
    let descriptor = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
      Int(status.st_size) == data.count
    else { return false }
    var bytes = [UInt8](repeating: 0, count: data.count)
    var filled = 0
    while filled < bytes.count {
      let count = bytes.withUnsafeMutableBytes { buffer -> Int in
        guard let start = buffer.baseAddress else { return 0 }
        return read(descriptor, start + filled, buffer.count - filled)
      }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { return false }
      filled += count
    }
    return Data(bytes) == data
  }
}

extension Store {
  /// Writes each `(name, data)` into the store's `exports/` folder as a new private file
  /// (see `StoreFolder.writeNewPrivateFile`); returns their paths in order. An `exports/`
  /// that is a link, or not a folder, is refused (R31).
  public func exportNewFiles(_ files: [(name: String, data: Data)]) throws(StoreError) -> [String] {
    try prepareForWriting()
    try StoreFolder.ensurePrivateFolder(exportsURL)
    var paths: [String] = []
    for file in files {
      paths.append(try StoreFolder.writeNewPrivateFile(file.data, named: file.name, in: exportsURL).path)
    }
    return paths
  }
}
