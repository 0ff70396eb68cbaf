import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// For the SSH load benchmark: when `PROXYDASH_BENCH_FRAME_LOG` names a file, each
/// key's time from being read to its frame being drawn is appended to it as
/// `key-to-frame-ns PID N`, one line per key (O_APPEND: many sessions share the file).
/// Without the variable nothing happens.
struct FrameLog {
  private let descriptor: Int32

  init?() {
    guard let path = ProcessInfo.processInfo.environment["PROXYDASH_BENCH_FRAME_LOG"], !path.isEmpty else {
      return nil
    }
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return nil }
    self.descriptor = descriptor
  }

  static func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
  }

  func record(since start: UInt64) {
    let line = "key-to-frame-ns \(getpid()) \(Self.now() - start)\n"
    _ = line.withCString { write(descriptor, $0, strlen($0)) }
  }
}
