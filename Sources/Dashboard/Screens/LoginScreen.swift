import Billing
import TerminalUI

/// Log-in and sign-up (R24): the first screen on a store with no session.
public struct LoginView: Hashable, Sendable {
  public enum Mode: Hashable, Sendable { case logIn, signUp }

  public var mode: Mode = .logIn
  public var email = TextField("Email", placeholder: "you@example.com")
  public var password = TextField("Password", secret: true)
  public var confirm = TextField("Repeat password", secret: true)
  /// VAT depends on it from the first order (R2, R24); typed as in the profile form.
  public var country = TextField(
    "Billing country", placeholder: "code or name: NL, Germany", maxLength: 40)
  /// Fields first, then the buttons.
  public var focus = 0
  public var message: Banner?

  var fieldCount: Int { mode == .logIn ? 2 : 4 }
  var buttonTitles: [String] {
    mode == .logIn ? ["Log in", "Create an account"] : ["Sign up", "Back to log in"]
  }
  var hasInput: Bool { !email.text.isEmpty || !password.text.isEmpty }

  enum Action: Hashable, Sendable { case next, previous, activate, leave }

  static let bindings: [KeyBinding<Action>] = [
    KeyBinding([.tab, .down], "next", "Next field or button", .next),
    KeyBinding([.backTab, .up], "back", "Previous field or button", .previous),
    KeyBinding([.enter], "submit", "Next field; on a button, press it", .activate),
    KeyBinding([.escape], "quit", "Back to log in, or quit", .leave),
  ]

  func field(at index: Int) -> WritableKeyPath<LoginView, TextField>? {
    switch index {
    case 0: \.email
    case 1: \.password
    case 2 where mode == .signUp: \.confirm
    case 3 where mode == .signUp: \.country
    default: nil
    }
  }

  /// Handles a key; returns the effects to run.
  mutating func handle(_ key: Key) -> [Effect] {
    if let path = field(at: focus), self[keyPath: path].handle(key) { return [] }
    guard let action: Action = Self.bindings.action(for: key) else { return [] }
    let count = fieldCount + buttonTitles.count
    switch action {
    case .next: focus = (focus + 1) % count
    case .previous: focus = (focus + count - 1) % count
    case .leave:
      if mode == .signUp {
        switchMode(.logIn)
      } else {
        return [.quit]
      }
    case .activate:
      if focus < fieldCount - 1 {
        focus += 1
      } else if focus == fieldCount - 1 || focus == fieldCount {
        return submit()
      } else {
        switchMode(mode == .logIn ? .signUp : .logIn)
      }
    }
    return []
  }

  /// Pasted text goes into the focused field; on a button it does nothing (R32).
  mutating func paste(_ text: String) {
    guard let path = field(at: focus) else { return }
    self[keyPath: path].insert(pasted: text)
  }

  mutating func switchMode(_ newMode: Mode) {
    mode = newMode
    password.text = ""
    confirm.text = ""
    focus = 0
    message = nil
    email.error = nil
    password.error = nil
    confirm.error = nil
    country.error = nil
  }

  mutating func submit() -> [Effect] {
    email.error = nil
    password.error = nil
    confirm.error = nil
    country.error = nil
    message = nil
    let address = email.trimmed
    if !EmailAddress.isWellFormed(address) {
      email.error = address.isEmpty ? "Enter your email." : "This is not an email address."
      focus = 0
      return []
    }
    if mode == .logIn {
      if password.text.isEmpty {
        password.error = "Enter your password."
        focus = 1
        return []
      }
      return [.logIn(email: address, password: password.text)]
    }
    if let problem = PasswordRules.problem(with: password.text) {
      password.error = problem
      focus = 1
      return []
    }
    if confirm.text != password.text {
      confirm.error = "The two passwords differ."
      focus = 2
      return []
    }
    let billingCountry = country.trimmed
    if billingCountry.isEmpty {
      country.error = "Enter your billing country: VAT depends on it."
      focus = 3
      return []
    }
    return [.signUp(email: address, password: password.text, country: billingCountry)]
  }

  func render(into canvas: inout Canvas, area: Rect, glyphs: Glyphs) {
    let box = area.centered(width: 60, height: mode == .logIn ? 15 : 21)
    canvas.popup(
      box, title: mode == .logIn ? "Log in to ProxyDash" : "Create your ProxyDash account", glyphs: glyphs)
    let inner = box.inset(3, 2)
    var y = inner.y
    y +=
      canvas.paragraph(
        mode == .logIn
          ? "Manage your proxy plans, usage and billing." : "Password rules: \(PasswordRules.summary)",
        x: inner.x, y: y, width: inner.width, style: .muted, maxRows: 2) + 1
    for index in 0..<fieldCount {
      if let path = field(at: index) {
        y += canvas.field(
          self[keyPath: path], focused: focus == index, x: inner.x, y: y, labelWidth: 17, width: inner.width)
        y += 1
      }
    }
    y += 1
    let buttonFocus = focus >= fieldCount ? focus - fieldCount : (focus == fieldCount - 1 ? 0 : nil)
    canvas.buttons(buttonTitles, focused: focus >= fieldCount ? buttonFocus : nil, x: inner.x, y: y)
    if let message {
      canvas.paragraph(
        message.text, x: inner.x, y: y + 2, width: inner.width,
        style: message.tone == .danger ? .danger : .success, maxRows: 2)
    }
  }
}
