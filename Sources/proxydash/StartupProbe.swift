import Dashboard
import DashboardRuntime
import Foundation

/// For the start-up benchmark: when `PROXYDASH_BENCH_LAUNCH_NS` holds the monotonic clock
/// reading taken just before this process was spawned, the time until the first frame is
/// drawn goes to stderr. Without the variable nothing happens.
enum StartupProbe {
  static func reportFirstFrame(of runtime: Runtime) {
    guard let text = ProcessInfo.processInfo.environment["PROXYDASH_BENCH_LAUNCH_NS"],
      let launched = UInt64(text)
    else { return }
    _ = runtime.render()
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    let elapsed = UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec) - launched
    FileHandle.standardError.write(Data("first-frame-ns \(elapsed)\n".utf8))
  }
}
