import CNCurses

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The yardstick of the start-up ratio: the least a full-screen ncurses program does
// before its first frame (start the process, set the locale, open the terminal, write
// one screen of text, refresh), reported the way `proxydash` reports its own first frame
// (`PROXYDASH_BENCH_LAUNCH_NS`, the monotonic clock just before the spawn). No
// Foundation: it would make the yardstick longer and the ratio look better than it is.
/// Writes to stderr (fd 2) without touching C's shared `stderr` stream.
func report(_ text: String) {
  var bytes = Array(text.utf8)
  _ = write(2, &bytes, bytes.count)
}

_ = pd_setlocale_is_utf8()
guard let screen = pd_newterm() else {
  report("StartupBaseline: ncurses cannot open TERM\n")
  exit(1)
}
pd_erase()
for row in 0..<24 {
  _ = pd_put_utf8(
    Int32(row), 0, "│ row \(row): the quick brown fox jumps over the lazy dog", pd_a_normal(), 0)
}
pd_refresh()
if let text = getenv("PROXYDASH_BENCH_LAUNCH_NS"), let launched = UInt64(String(cString: text)) {
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  let elapsed = UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec) - launched
  report("first-frame-ns \(elapsed)\n")
}
endwin()
delscreen(screen)
