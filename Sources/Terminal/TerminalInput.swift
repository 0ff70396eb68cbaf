import TerminalUI

/// One thing the terminal reports: a key, or a new size after the window changed.
public enum TerminalInput: Equatable, Sendable {
  case key(Key)
  case resize(width: Int, height: Int)
}
