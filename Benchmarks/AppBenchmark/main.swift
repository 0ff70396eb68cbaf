import Billing
import Dashboard
import DashboardRuntime
import Foundation
import Services
import Storage
import TerminalUI

// DESIGN.md's budgets for the app itself, measured on a release build:
//   start to first full frame on the demo ≤ 40 ms (median), key to new frame ≤ 2 ms (p99),
//   peak memory in the demo ≤ 40 MB.
// Usage: AppBenchmark PATH/TO/proxydash   (the release binary, for the two process figures)

func milliseconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
  guard !sorted.isEmpty else { return 0 }
  return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func line(_ name: String, _ value: String, _ budget: String, _ ok: Bool) {
  print(
    name.padding(toLength: 44, withPad: " ", startingAt: 0)
      + value.padding(toLength: 14, withPad: " ", startingAt: 0)
      + budget.padding(toLength: 12, withPad: " ", startingAt: 0) + (ok ? "ok" : "OVER"))
}

let arguments = CommandLine.arguments
let repository = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
let binary =
  arguments.count > 1
  ? arguments[1] : repository.appendingPathComponent(".build-release/release/proxydash").path

print("ProxyDash app benchmark on \(ProcessInfo.processInfo.processorCount) cores")
print(
  "measure".padding(toLength: 44, withPad: " ", startingAt: 0)
    + "value".padding(toLength: 14, withPad: " ", startingAt: 0) + "budget")

// 1. Start to first frame: the whole process, `proxydash script` printing the first
//    screen of the demo (scratch copy of the cached demo store, log-in, billing step,
//    usage report, render). One warm-up run builds the cache.
let empty = FileManager.default.temporaryDirectory.appendingPathComponent("proxydash-bench-empty.pdscript")
try "screen\n".write(to: empty, atomically: true, encoding: .utf8)
/// Runs the binary to its end with its output discarded; the wall time and the child's
/// own peak resident memory (wait4), so one run's memory is not mixed with another's.
func runProcess(_ path: String, _ args: [String]) throws -> (time: Duration, peakKB: Int) {
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
  defer { argv.forEach { free($0) } }
  var pid: pid_t = 0
  let started = ContinuousClock.now
  guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else {
    throw NSError(
      domain: "AppBenchmark", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot start \(path)"])
  }
  var status: Int32 = 0
  var usage = rusage()
  _ = wait4(pid, &status, 0, &usage)
  return (ContinuousClock.now - started, Int(usage.ru_maxrss))
}
/// From just before the spawn until the program has drawn its first frame, as the program
/// itself reports it (`PROXYDASH_BENCH_LAUNCH_NS`, the monotonic clock at launch).
func timeToFirstFrame(_ path: String, _ args: [String]) throws -> Double {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = args
  let errors = Pipe()
  process.standardOutput = FileHandle.nullDevice
  process.standardError = errors
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  var environment = ProcessInfo.processInfo.environment
  environment["PROXYDASH_BENCH_LAUNCH_NS"] = String(UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec))
  process.environment = environment
  try process.run()
  let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("first-frame-ns ") }),
    let nanoseconds = Double(line.dropFirst("first-frame-ns ".count))
  else {
    throw NSError(
      domain: "AppBenchmark", code: 2, userInfo: [NSLocalizedDescriptionKey: "no first-frame report"])
  }
  return nanoseconds / 1e6
}

_ = try runProcess(binary, ["script", empty.path, "--demo"])
var starts: [Double] = []
var wholeRuns: [Double] = []
for _ in 0..<30 {
  starts.append(try timeToFirstFrame(binary, ["script", empty.path, "--demo"]))
  wholeRuns.append(milliseconds(try runProcess(binary, ["script", empty.path, "--demo"]).time))
}
starts.sort()
wholeRuns.sort()
let startMedian = percentile(starts, 0.5)
line(
  "start to first frame (demo), median", String(format: "%.1f ms", startMedian), "≤ 40 ms", startMedian <= 40)
line(
  "  whole process incl. exit and clean-up", String(format: "%.1f ms", percentile(wholeRuns, 0.5)), "", true)
// The ratio to a bare ncurses program's first frame (StartupBaseline, beside the binary):
// what ProxyDash adds to the least a full-screen program costs on this machine, so the
// figure means the same on a faster or a busier host.
let baseline = URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent(
  "StartupBaseline"
).path
if FileManager.default.isExecutableFile(atPath: baseline) {
  setenv("TERM", ProcessInfo.processInfo.environment["TERM"] ?? "xterm-256color", 1)
  var bare: [Double] = []
  for _ in 0..<30 { bare.append(try timeToFirstFrame(baseline, [])) }
  bare.sort()
  let ratio = startMedian / max(0.001, percentile(bare, 0.5))
  line(
    "  ratio to a bare ncurses program (\(String(format: "%.1f ms", percentile(bare, 0.5))))",
    String(format: "%.2f×", ratio), "≤ 1.5×", ratio <= 1.5)
} else {
  print("(no StartupBaseline beside \(binary): build it to see the start-up ratio)")
}
var helpRuns: [Double] = []
for _ in 0..<10 { helpRuns.append(milliseconds(try runProcess(binary, ["--help"]).time)) }
helpRuns.sort()
line(
  "  for scale: `proxydash --help`, median", String(format: "%.1f ms", percentile(helpRuns, 0.5)), "", true)

// 3. Peak memory of the demo through the guided tour.
let tour = repository.appendingPathComponent("demo-data/tour.pdscript")
let peakMB = Double(try runProcess(binary, ["script", tour.path, "--demo"]).peakKB) / 1024
line("peak memory (demo tour, every screen)", String(format: "%.1f MB", peakMB), "≤ 40 MB", peakMB <= 40)

// 2. Key to new frame, in process: update + render for every key on every screen.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
  "proxydash-bench-\(ProcessInfo.processInfo.processIdentifier)")
try? FileManager.default.removeItem(at: folder)
let dataset = try ProxyDashService.createDemoStore(
  at: folder, from: repository.appendingPathComponent("demo-data"))
let clock = FixedClock(dataset.now)

// 1b. The demo's one copy of its template, made after the first frame is drawn (while
//     it is being read, before the first key): open the template, copy, reopen.
try Store.sealTemplate(at: folder)
var copies: [Double] = []
for run in 0..<15 {
  let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
    "proxydash-bench-copy-\(ProcessInfo.processInfo.processIdentifier)-\(run)")
  let started = ContinuousClock.now
  let template = try Store.openTemplate(at: folder, copyingOnFirstWriteTo: scratch)
  try template.prepareForWriting()
  copies.append(milliseconds(ContinuousClock.now - started))
  template.close()
  try? FileManager.default.removeItem(at: scratch)
}
copies.sort()
line(
  "  demo template copy, after the first frame", String(format: "%.1f ms", percentile(copies, 0.5)), "", true)

let service = try ProxyDashService.open(directory: folder, clock: clock)
let runtime = Runtime(
  state: AppState(width: 120, height: 40, isDemo: true), service: service, demoClock: clock)
try runtime.logIn(as: "ava@example.com")
let screens: [(String, [Key])] = [
  ("Usage stats", [.character("1"), .right, .left, .character("s"), .tab]),
  ("Pricing", [.character("2"), .down, .up, .down, .up]),
  ("Account settings", [.character("3"), .tab, .tab, .backTab, .backTab]),
  ("Profile → SSH keys", [.character("3"), .backTab, .character("s"), .character("a"), .escape, .escape]),
  ("Cancel pop-up", [.character("3"), .character("c"), .right, .left, .escape]),
  ("Checkout preview", [.character("2"), .down, .enter, .right, .left, .escape]),
  ("Proxy users", [.character("4"), .down, .up]),
  ("Notifications", [.character("5"), .down, .up, .enter, .down, .escape]),
  ("Help", [.character("?"), .escape]),
  // `a` reads the endpoint, users and whitelist from the store.
  ("Proxy access", [.character("3"), .character("a"), .tab, .character("v"), .escape]),
]
var all: [Double] = []
for (name, keys) in screens {
  var times: [Double] = []
  for _ in 0..<60 {
    for key in keys {
      let started = ContinuousClock.now
      runtime.send(.key(key))
      _ = runtime.render()
      times.append(milliseconds(ContinuousClock.now - started))
    }
  }
  times.sort()
  all += times
  let p99 = percentile(times, 0.99)
  line(
    "key to frame: \(name), p50 / p99", String(format: "%.2f/%.2f ms", percentile(times, 0.5), p99), "≤ 2 ms",
    p99 <= 2)
}
all.sort()
line(
  "key to frame: all screens, p99", String(format: "%.2f ms", percentile(all, 0.99)), "≤ 2 ms",
  percentile(all, 0.99) <= 2)
try? FileManager.default.removeItem(at: folder)
