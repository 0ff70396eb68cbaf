import TerminalUI

/// The keys that work on every screen (DESIGN.md's key map).
enum GlobalAction: Hashable, Sendable {
  case section(Section)
  case profileMenu, help, quit
  case dayForward, nextBillingEvent, resetDemo
}

enum GlobalKeys {
  static let bindings: [KeyBinding<GlobalAction>] =
    Section.allCases.map { KeyBinding([$0.key], $0.title, "Go to \($0.title)", .section($0), hint: false) }
    + [
      KeyBinding(
        [.character("p")], "profile", "Profile menu: account settings, log out", .profileMenu, hint: false),
      KeyBinding([.character("?")], "help", "Help for this screen", .help),
      KeyBinding([.character("q")], "quit", "Quit (asks first if a form has unsaved input)", .quit),
    ]

  static let demoBindings: [KeyBinding<GlobalAction>] = [
    KeyBinding(
      [.character("]")], "+1 day", "Demo clock: one day forward (runs the billing step)", .dayForward),
    KeyBinding(
      [.character("}")], "next event", "Demo clock: jump to the next billing event", .nextBillingEvent),
    KeyBinding([.character("R")], "reset", "Reset the demo data (asks first)", .resetDemo, hint: false),
  ]
}
