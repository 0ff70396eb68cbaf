import CNCurses
import TerminalUI

/// Turns what get_wch returns into the dashboard's keys.
enum KeyDecoding {
  /// A character get_wch returned (not a KEY_* code). Controls that mean keys become
  /// those keys; Ctrl plus a letter becomes `.control`.
  static func key(character value: Int32) -> Key? {
    switch value {
    case 9: return .tab
    case 10, 13: return .enter
    case 27: return .escape
    case 8, 127: return .backspace
    case 1...26:
      guard let scalar = Unicode.Scalar(UInt32(value) + 96) else { return nil }
      return .control(Character(scalar))
    case 0..<32: return nil
    default:
      guard let scalar = Unicode.Scalar(UInt32(bitPattern: value)) else { return nil }
      return .character(Character(scalar))
    }
  }

  /// A KEY_* code. KEY_RESIZE is handled by the session, as it carries a size.
  static func key(code: Int32) -> Key? {
    switch Int(code) {
    case Int(PD_KEY_UP): return .up
    case Int(PD_KEY_DOWN): return .down
    case Int(PD_KEY_LEFT): return .left
    case Int(PD_KEY_RIGHT): return .right
    case Int(PD_KEY_HOME): return .home
    case Int(PD_KEY_END): return .end
    case Int(PD_KEY_PPAGE): return .pageUp
    case Int(PD_KEY_NPAGE): return .pageDown
    case Int(PD_KEY_BACKSPACE): return .backspace
    case Int(PD_KEY_DC): return .delete
    case Int(PD_KEY_BTAB): return .backTab
    case Int(PD_KEY_ENTER): return .enter
    default:
      let function = Int(code) - Int(pd_key_f(0))
      return (1...12).contains(function) ? .function(function) : nil
    }
  }

  /// Escape sequences some terminals send whatever terminfo says (CSI cursor keys in
  /// normal mode, SS3 in application mode), taught to ncurses with define_key.
  static let extraSequences: [(String, Int32)] = [
    ("\u{1B}[A", Int32(PD_KEY_UP)), ("\u{1B}OA", Int32(PD_KEY_UP)),
    ("\u{1B}[B", Int32(PD_KEY_DOWN)), ("\u{1B}OB", Int32(PD_KEY_DOWN)),
    ("\u{1B}[C", Int32(PD_KEY_RIGHT)), ("\u{1B}OC", Int32(PD_KEY_RIGHT)),
    ("\u{1B}[D", Int32(PD_KEY_LEFT)), ("\u{1B}OD", Int32(PD_KEY_LEFT)),
    ("\u{1B}[H", Int32(PD_KEY_HOME)), ("\u{1B}OH", Int32(PD_KEY_HOME)),
    ("\u{1B}[1~", Int32(PD_KEY_HOME)),
    ("\u{1B}[7~", Int32(PD_KEY_HOME)),
    ("\u{1B}[F", Int32(PD_KEY_END)), ("\u{1B}OF", Int32(PD_KEY_END)),
    ("\u{1B}[4~", Int32(PD_KEY_END)),
    ("\u{1B}[8~", Int32(PD_KEY_END)),
    ("\u{1B}[5~", Int32(PD_KEY_PPAGE)), ("\u{1B}[6~", Int32(PD_KEY_NPAGE)),
    ("\u{1B}[3~", Int32(PD_KEY_DC)), ("\u{1B}[Z", Int32(PD_KEY_BTAB)),
  ]
}
