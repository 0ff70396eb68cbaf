/// Why the full-screen dashboard cannot start. Each message tells the customer what to
/// do instead.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
  /// stdin or stdout is not a terminal (a pipe, a file, CI).
  case notATerminal
  /// TERM is unset (nil) or names a terminal that cannot position the cursor.
  case dumbTerminal(String?)
  /// ncurses refused the terminal.
  case cannotStart(String)

  public var description: String {
    switch self {
    case .notATerminal:
      return "proxydash needs a terminal; for scripted use run `proxydash script FILE`."
    case .dumbTerminal(nil):
      return "TERM is not set, so proxydash cannot draw its full-screen dashboard. "
        + "Set TERM (for example TERM=xterm-256color), or run `proxydash script FILE`."
    case .dumbTerminal(let term?):
      return "The terminal type \"\(term)\" cannot draw a full-screen dashboard. "
        + "Use a terminal such as xterm-256color, or run `proxydash script FILE`."
    case .cannotStart(let reason):
      return "proxydash could not start the terminal: \(reason)"
    }
  }
}
