import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Start-up timing, for the benchmark and for profiling, off unless asked for.
///
/// `PROXYDASH_BENCH_LAUNCH_NS` holds the monotonic clock reading taken just before this
/// process was spawned: when the first frame has been drawn (on the terminal; for
/// `script`, rendered) the time since then goes to stderr as `first-frame-ns N`, with the
/// process's CPU time so far as `first-frame-cpu-ns N` (a figure other work on the machine
/// inflates far less than the wall time). `PROXYDASH_STARTUP_TRACE=1` adds one line per
/// phase passed on the way (`startup-phase NAME MS CPU-MS`: since the launch, and CPU time), to see where start-up goes without
/// a profiler. `PROXYDASH_STARTUP_EXIT=1` ends the process right after the first frame
/// (terminal left as it is), so `perf record` over many starts profiles only start-up.
/// C's getenv, not Foundation's environment: the probe must not add to what
/// it measures.
enum StartupProbe {
  private static let launched: UInt64? = getenv("PROXYDASH_BENCH_LAUNCH_NS").flatMap {
    UInt64(String(cString: $0))
  }
  private static let tracing = getenv("PROXYDASH_STARTUP_TRACE") != nil
  private static let phases = Mutex<[(name: StaticString, at: UInt64, cpu: UInt64)]>([])
  private static let reported = Atomic<Bool>(false)
  private static let exitsAfterFirstFrame = getenv("PROXYDASH_STARTUP_EXIT") != nil

  /// Notes that start-up got past `phase` (kept only when tracing).
  static func mark(_ phase: StaticString) {
    guard tracing, !reported.load(ordering: .relaxed) else { return }
    let now = clock(CLOCK_MONOTONIC)
    let cpu = clock(CLOCK_PROCESS_CPUTIME_ID)
    phases.withLock { $0.append((phase, now, cpu)) }
  }

  /// Reports the first frame once (later frames are not first).
  static func reportFirstFrame() {
    defer { if exitsAfterFirstFrame { _exit(0) } }
    guard launched != nil || tracing else { return }
    guard !reported.exchange(true, ordering: .relaxed) else { return }
    let now = clock(CLOCK_MONOTONIC)
    let cpu = clock(CLOCK_PROCESS_CPUTIME_ID)
    var text = ""
    if tracing {
      let start = launched ?? phases.withLock { $0.first?.at } ?? now
      for phase in phases.withLock({ $0 }) {
        text +=
          "startup-phase \(phase.name) \(milliseconds(phase.at - min(start, phase.at))) \(milliseconds(phase.cpu))\n"
      }
      text += "startup-phase first-frame \(milliseconds(now - min(start, now))) \(milliseconds(cpu))\n"
    }
    if let launched {
      text += "first-frame-ns \(now - min(launched, now))\nfirst-frame-cpu-ns \(cpu)\n"
    }
    var bytes = Array(text.utf8)
    _ = write(2, &bytes, bytes.count)
  }

  private static func clock(_ id: clockid_t) -> UInt64 {
    var time = timespec()
    clock_gettime(id, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
  }

  private static func milliseconds(_ nanoseconds: UInt64) -> String {
    let hundredths = (nanoseconds + 5_000) / 10_000
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}
