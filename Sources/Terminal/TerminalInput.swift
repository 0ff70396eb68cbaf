import TerminalUI

/// One thing the terminal reports: a key, pasted text, or a new size after the window
/// changed.
public enum TerminalInput: Equatable, Sendable {
  case key(Key)
  /// Text between bracketed paste's markers, as the terminal sent it (control
  /// characters included: the Dashboard decides what a field keeps).
  case paste(String)
  case resize(width: Int, height: Int)
}
