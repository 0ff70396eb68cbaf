import CNCurses

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The yardstick of the start-up ratio: a bare full-screen ncurses program that does the
// terminal work `proxydash` does before its first frame, and nothing else. It starts a
// statically linked Swift process, sets the locale, opens the terminal as
// `TerminalSession.start` does (raw mode, keypad, the same number of extra key
// sequences, bracketed paste, one color pair per style role and the background), then
// fills every cell of the terminal, one styled grapheme at a time as
// `TerminalSession.draw` does, with a frame of the same shape (a top bar, a box, text),
// and refreshes. It reports the way `proxydash` reports its first frame
// (`PROXYDASH_BENCH_LAUNCH_NS`, the monotonic clock just before the spawn): the ratio
// is then what ProxyDash adds to the terminal work any such program must do. No
// Foundation: that is ProxyDash's cost, not the terminal's.

/// Writes to stderr (fd 2) without touching C's shared `stderr` stream.
func report(_ text: String) {
  var bytes = Array(text.utf8)
  _ = write(2, &bytes, bytes.count)
}

func clock(_ id: clockid_t) -> UInt64 {
  var time = timespec()
  clock_gettime(id, &time)
  return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

let utf8 = pd_setlocale_is_utf8() != 0
guard let screen = pd_newterm() else {
  report("StartupBaseline: ncurses cannot open TERM\n")
  exit(1)
}
raw()
noecho()
nonl()
_ = pd_keypad()
_ = curs_set(0)
_ = set_escdelay(25)
// As many sequences as `KeyDecoding.extraSequences`, plus the two paste markers.
let finals = ["A", "B", "C", "D", "H", "F"]
for final in finals {
  _ = define_key("\u{1B}[" + final, Int32(PD_KEY_UP))
  _ = define_key("\u{1B}O" + final, Int32(PD_KEY_UP))
}
for number in [1, 3, 4, 5, 6, 7, 8] { _ = define_key("\u{1B}[\(number)~", Int32(PD_KEY_HOME)) }
_ = define_key("\u{1B}[Z", Int32(PD_KEY_BTAB))
_ = define_key("\u{1B}[200~", Int32(PD_KEY_PASTE_BEGIN))
_ = define_key("\u{1B}[201~", Int32(PD_KEY_PASTE_END))
pd_bracketed_paste(1)
// One pair per `StyleRole` (11), on the terminal's default colors when it has them.
let roles: Int32 = 11
if has_colors() {
  _ = start_color()
  let defaults = use_default_colors() == OK
  for role in 1...roles {
    _ = init_pair(Int16(role), Int16(role % 8), defaults ? -1 : 0)
  }
  pd_set_background(1)
}
pd_install_signal_handlers()

// One frame, cell by cell: bold/reverse top bar, a box of line characters, text rows.
let width = Int(pd_cols())
let height = Int(pd_lines())
let text = Array("Regular 50 GB · 44.0 of 50.0 GB used · renews 18 Nov 2026 · $484.00 ")
pd_erase()
for y in 0..<height {
  for x in 0..<width {
    let grapheme: String
    var attributes = pd_a_normal()
    var pair: Int32 = 2
    if y == 0 {
      grapheme = String(text[x % text.count])
      attributes |= pd_a_reverse()
      pair = 4
    } else if y == 1 || y == height - 2 {
      grapheme = utf8 ? (x == 0 ? (y == 1 ? "┌" : "└") : x == width - 1 ? (y == 1 ? "┐" : "┘") : "─") : "-"
      pair = 5
    } else if x == 0 || x == width - 1 {
      grapheme = utf8 ? "│" : "|"
      pair = 5
    } else if y == height - 1 {
      grapheme = String(text[(x + y) % text.count])
      pair = 3
    } else {
      grapheme = String(text[(x + 3 * y) % text.count])
      pair = 2 + Int32(y % 3)
      if y % 5 == 0 { attributes |= pd_a_bold() }
    }
    let columns = pd_width_utf8(grapheme)
    _ = pd_put_utf8(Int32(y), Int32(x), columns == 1 ? grapheme : "?", attributes, pair)
  }
}
pd_refresh()
if let text = getenv("PROXYDASH_BENCH_LAUNCH_NS"), let launched = UInt64(String(cString: text)) {
  let now = clock(CLOCK_MONOTONIC)
  let cpu = clock(CLOCK_PROCESS_CPUTIME_ID)
  report("first-frame-ns \(now - min(launched, now))\nfirst-frame-cpu-ns \(cpu)\n")
}
pd_bracketed_paste(0)
endwin()
delscreen(screen)
