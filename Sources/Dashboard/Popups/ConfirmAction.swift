import TerminalUI

/// The shared keys of yes/no pop-ups (DESIGN.md: `y` / `n` in a pop-up).
public enum ConfirmAction: Hashable, Sendable {
  case confirm, keep, move, activate

  /// The labels say what y and n do in this pop-up, in the bottom bar and in its box.
  static func bindings(confirm: String, confirmLabel: String, keep: String, keepLabel: String)
    -> [KeyBinding<ConfirmAction>]
  {
    [
      KeyBinding([.character("y")], confirmLabel, confirm, .confirm),
      KeyBinding([.character("n"), .escape], keepLabel, keep, .keep),
      KeyBinding(
        [.left, .right, .tab, .backTab, .character("h"), .character("l")], "move", "Move between the buttons",
        .move, hint: false),
      KeyBinding([.enter], "press", "Press the focused button", .activate, hint: false),
    ]
  }

  /// On a pop-up whose buttons are [keep, action]: `move` moves the focus, Enter becomes
  /// what the focused button does, y and n stay what they are.
  func resolved(focus: inout Int, buttons: Int) -> ConfirmAction {
    switch self {
    case .move:
      focus = (focus + 1) % buttons
      return .move
    case .activate: return focus == 1 ? .confirm : .keep
    case .confirm, .keep: return self
    }
  }
}
