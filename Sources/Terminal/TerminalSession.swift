import CNCurses
import TerminalUI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The full-screen terminal: draws canvases and reads keys. The only place ncurses runs.
///
/// Start one per process, draw and read from one thread, and call `stop()` (or let it
/// go) to give the terminal back. SIGINT, SIGTERM, SIGHUP and SIGQUIT restore the
/// terminal before the process ends.
public final class TerminalSession {
  /// Colors in use, decided once at start-up.
  public let colorMode: ColorMode
  /// False when the locale is not UTF-8: the app then draws ASCII only (borders, bars and
  /// every other symbol, through `AsciiFallback`); anything else would show as `?`.
  public let canDrawLineCharacters: Bool

  private var screen: OpaquePointer?
  /// The ncurses attributes and color pair of every `CellStyle`, worked out once: a frame
  /// draws thousands of cells, and the first frame is part of start-up.
  private let looks: [(attributes: attr_t, pair: Int32)]
  /// A resize that arrived in the middle of a paste, reported after it.
  private var resizeDuringPaste = false

  private init(screen: OpaquePointer, colorMode: ColorMode, utf8: Bool, palette: TerminalPalette) {
    self.screen = screen
    self.colorMode = colorMode
    self.canDrawLineCharacters = utf8
    var looks: [(attributes: attr_t, pair: Int32)] = []
    for role in StyleRole.allCases {
      for variant in 0..<8 {
        let style = CellStyle(
          role, bold: variant & 4 != 0, reverse: variant & 2 != 0, underline: variant & 1 != 0)
        let attributes = palette.attributes(for: style)
        var value = pd_a_normal()
        if attributes.contains(.bold) { value |= pd_a_bold() }
        if attributes.contains(.dim) { value |= pd_a_dim() }
        if attributes.contains(.underline) { value |= pd_a_underline() }
        if attributes.contains(.reverse) { value |= pd_a_reverse() }
        looks.append((value, colorMode == .monochrome ? 0 : Self.pair(for: role)))
      }
    }
    self.looks = looks
  }

  /// Where `style` is in `looks`.
  private static func lookIndex(_ style: CellStyle) -> Int {
    (roleIndex[style.role] ?? 0) * 8 + (style.bold ? 4 : 0) + (style.reverse ? 2 : 0)
      + (style.underline ? 1 : 0)
  }

  deinit { stop() }

  /// Whether `start` would find a terminal it can draw on: stdin and stdout are
  /// terminals and terminfo knows TERM. Commands call it before opening a store, so a
  /// run that is refused for its terminal has written nothing (R31).
  public static func checkTerminal() throws(TerminalError) {
    guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
    let term = environment("TERM")
    guard let term, term != "dumb" else { throw .dumbTerminal(term) }
    // setupterm is declared in term.h, which the CNCurses module does not import; it
    // is looked up in the linked ncurses instead. It only reads the terminfo entry.
    typealias SetUpTerm =
      @convention(c) (
        UnsafePointer<CChar>?, Int32, UnsafeMutablePointer<Int32>?
      ) -> Int32
    guard let symbol = dlsym(nil, "setupterm") else { return }
    var status: Int32 = 0
    if unsafeBitCast(symbol, to: SetUpTerm.self)(term, 1, &status) != 0 || status != 1 {
      throw .cannotStart("ncurses does not know the terminal type \"\(term)\" (no terminfo entry).")
    }
  }

  /// Takes over the terminal. `colorMode` can ask for fewer colors than the terminal has
  /// (never more); by default NO_COLOR and the terminal decide.
  public static func start(theme: Theme, colorMode: ColorMode? = nil) throws(TerminalError)
    -> TerminalSession
  {
    guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
    let term = environment("TERM")
    guard let term, term != "dumb" else { throw .dumbTerminal(term) }

    let utf8 = pd_setlocale_is_utf8() != 0
    guard let screen = pd_newterm() else {
      throw .cannotStart("ncurses does not know the terminal type \"\(term)\" (no terminfo entry).")
    }
    raw()
    noecho()
    nonl()
    _ = pd_keypad()
    _ = curs_set(0)
    _ = set_escdelay(25)
    for (sequence, code) in KeyDecoding.extraSequences {
      // define_key replaces a definition only with the same code, so repeats are harmless.
      _ = define_key(sequence, code)
    }
    // R32: pasted text arrives between markers, so none of it is read as keys.
    _ = define_key("\u{1B}[200~", Int32(PD_KEY_PASTE_BEGIN))
    _ = define_key("\u{1B}[201~", Int32(PD_KEY_PASTE_END))
    pd_bracketed_paste(1)

    var hardware = ColorMode.monochrome
    var defaultsWork = false
    if has_colors() {
      _ = start_color()
      defaultsWork = use_default_colors() == OK
      if pd_color_pairs() > StyleRole.allCases.count {
        hardware = ColorMode.detect(environment: [:], colorCount: Int(pd_colors()))
      }
    }
    var mode = ColorMode.detect(
      environment: ["NO_COLOR": environment("NO_COLOR") ?? ""], colorCount: 256
    ).limited(to: hardware)
    if let colorMode { mode = mode.limited(to: colorMode) }

    let palette = TerminalPalette(theme: theme, mode: mode)
    if mode != .monochrome {
      for role in StyleRole.allCases {
        guard let entry = palette.entries[role] else { continue }
        // Without use_default_colors, -1 is not a color: fall back to white on black.
        let foreground = entry.foreground ?? (defaultsWork ? -1 : 7)
        let background = entry.background ?? (defaultsWork ? -1 : 0)
        _ = init_pair(Int16(pair(for: role)), Int16(foreground), Int16(background))
      }
      pd_set_background(pair(for: .background))
    }
    pd_install_signal_handlers()
    return TerminalSession(screen: screen, colorMode: mode, utf8: utf8, palette: palette)
  }

  /// Columns and rows of the terminal now.
  public var size: (width: Int, height: Int) {
    guard screen != nil else { return (0, 0) }
    return (Int(pd_cols()), Int(pd_lines()))
  }

  /// Draws every cell of `canvas` and lets ncurses send only what changed.
  public func draw(_ canvas: Canvas) {
    guard screen != nil else { return }
    pd_erase()
    let width = min(canvas.width, Int(pd_cols()))
    let height = min(canvas.height, Int(pd_lines()))
    for y in 0..<height {
      for x in 0..<width {
        let cell = canvas[x, y]
        if cell.isContinuation { continue }  // drawn with its left half
        let wide = x + 1 < canvas.width && canvas[x + 1, y].isContinuation
        put(cell, wide: wide, x: x, y: y, width: width)
      }
    }
    pd_refresh()
  }

  private static let roleIndex: [StyleRole: Int] = Dictionary(
    uniqueKeysWithValues: StyleRole.allCases.enumerated().map { ($0.element, $0.offset) })

  private func put(_ cell: Cell, wide: Bool, x: Int, y: Int, width: Int) {
    let (attributes, pair) = looks[Self.lookIndex(cell.style)]
    let text = cell.text.isEmpty ? " " : cell.text
    let columns = wide ? 2 : 1
    let y32 = Int32(y)
    let x32 = Int32(x)
    if wide && x + 1 >= width {
      // Half a wide character would hang off the edge: leave a blank instead.
      _ = pd_put_utf8(y32, x32, " ", attributes, pair)
      return
    }
    let ncursesColumns: Int
    if text.utf8.count == 1, let byte = text.utf8.first, byte >= 0x20, byte < 0x7F {
      ncursesColumns = 1  // printable ASCII, most of a frame: no need to ask the C library
    } else if canDrawLineCharacters || text.unicodeScalars.allSatisfy(\.isASCII) {
      ncursesColumns = Int(pd_width_utf8(text))
    } else {
      ncursesColumns = -1
    }
    if ncursesColumns == columns {
      _ = pd_put_utf8(y32, x32, text, attributes, pair)
    } else if ncursesColumns == 1 && wide {
      // The C library thinks it is narrow: pad so the columns after it stay aligned.
      _ = pd_put_utf8(y32, x32, text, attributes, pair)
      _ = pd_put_utf8(y32, x32 + 1, " ", attributes, pair)
    } else {
      // Unprintable here, or wider than the canvas thinks: a placeholder per column.
      for offset in 0..<Int32(columns) {
        _ = pd_put_utf8(y32, x32 + offset, "?", attributes, pair)
      }
    }
  }

  /// Waits for a key or a resize; nil when `timeoutMilliseconds` passed first (or, when
  /// waiting without a timeout, when input has ended). Keys the dashboard has no name
  /// for (mouse events, unknown sequences) are skipped.
  public func nextInput(timeoutMilliseconds: Int32?) -> TerminalInput? {
    guard screen != nil else { return nil }
    if pd_take_pending_resize() != 0 || resizeDuringPaste {
      resizeDuringPaste = false
      return .resize(width: Int(pd_cols()), height: Int(pd_lines()))
    }
    let timeout = timeoutMilliseconds.map { max(0, $0) } ?? -1
    pd_timeout(timeout)
    while true {
      var value: Int32 = 0
      switch pd_get_wch(&value) {
      case Int32(PD_INPUT_KEY):
        if value == Int32(PD_KEY_RESIZE) {
          return .resize(width: Int(pd_cols()), height: Int(pd_lines()))
        }
        if value == Int32(PD_KEY_PASTE_BEGIN) {
          if let text = readPaste() { return .paste(text) }
          pd_timeout(timeout)
          continue
        }
        if let key = KeyDecoding.key(code: value) { return .key(key) }
      case Int32(PD_INPUT_CHARACTER):
        if let key = KeyDecoding.key(character: value) { return .key(key) }
      default:
        return nil
      }
    }
  }

  /// Reads a paste up to its end marker (the begin marker was just read). Keys and
  /// sequences inside it are text or nothing, never keys. Nil when the paste is dropped:
  /// too long, or silent for `BracketedPaste.silenceMilliseconds` before its end (it
  /// arrived cut short; what is left of it then is already gone).
  private func readPaste() -> String? {
    var paste = BracketedPaste()
    pd_timeout(BracketedPaste.silenceMilliseconds)
    while true {
      var value: Int32 = 0
      switch pd_get_wch(&value) {
      case Int32(PD_INPUT_KEY):
        if value == Int32(PD_KEY_PASTE_END) { return paste.text }
        // An arrow's or function key's sequence inside a paste is not a key press.
        if value == Int32(PD_KEY_RESIZE) { resizeDuringPaste = true }
      case Int32(PD_INPUT_CHARACTER):
        if let scalar = Unicode.Scalar(UInt32(bitPattern: value)) { paste.append(scalar) }
      default:
        return nil
      }
    }
  }

  /// Drops keys typed but not read yet: after a payment, cancel or refund pop-up is first
  /// drawn, only a key pressed while it is on screen may answer it (R32).
  public func discardTypedAhead() {
    guard screen != nil else { return }
    pd_flush_input()
  }

  /// Gives the terminal back (endwin). Safe to call more than once.
  public func stop() {
    guard let screen else { return }
    pd_bracketed_paste(0)
    endwin()
    delscreen(screen)
    self.screen = nil
    pd_reset_signal_handlers()
  }

  /// One color pair per role, numbered from 1 (pair 0 is the terminal's default).
  private static func pair(for role: StyleRole) -> Int32 {
    Int32((roleIndex[role] ?? 0) + 1)
  }

  private static func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    let text = String(cString: value)
    return text.isEmpty ? nil : text
  }
}
