import TerminalUI

/// The profile menu (`p`, top-right): account settings, persona switcher in the demo,
/// log out.
public struct ProfileMenu: BindingPopup, Hashable {
  public enum Item: Hashable, Sendable {
    case accountSettings
    case persona(PersonaInfo)
    case logOut
  }

  public var items: [Item]
  public var selected = 0

  public init(personas: [PersonaInfo], current: String?) {
    items = [.accountSettings] + personas.filter { $0.email != current }.map { .persona($0) } + [.logOut]
  }

  /// Whether the menu switches personas (the demo); only then do letters mean anything.
  var hasPersonas: Bool {
    items.contains { if case .persona = $0 { true } else { false } }
  }

  /// Moves to the next persona whose address starts with `letter` (the demo's `p`, `c`
  /// reaches cara wherever the personas are listed). Returns false when none does.
  mutating func jump(to letter: Character) -> Bool {
    let wanted = Character(letter.lowercased())
    let count = items.count
    for step in 1...count {
      let index = (selected + step) % count
      if case .persona(let persona) = items[index], persona.email.lowercased().first == wanted {
        selected = index
        return true
      }
    }
    return false
  }

  func title(_ item: Item) -> String {
    switch item {
    case .accountSettings: "Account settings"
    case .persona(let persona): "Switch to \(persona.email) — \(persona.situation)"
    case .logOut: "Log out"
    }
  }

  public enum Action: Hashable, Sendable { case up, down, jump, choose, close }

  /// Letters jump to a persona only where there are personas.
  public func bindings(in context: PopupContext) -> [KeyBinding<Action>] {
    // k, j and p keep their own meaning, as they did before letters jumped.
    let letters = "abcdefghilmnoqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".map { Key.character($0) }
    return [
      KeyBinding([.up, .character("k")], "move", "Move", .up, shownAs: "↑/↓"),
      KeyBinding([.down, .character("j")], "move", "Move down", .down, hint: false),
    ]
      + (hasPersonas
        ? [
          KeyBinding(
            letters, "persona", "Jump to the persona whose address starts with it", .jump, shownAs: "a–z")
        ] : [])
      + [
        KeyBinding([.enter], "choose", "Choose", .choose),
        KeyBinding([.escape, .character("p")], "close", "Close", .close, shownAs: "Esc"),
      ]
  }

  /// `.jump` needs the letter, which the action does not carry.
  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    guard let action: Action = bindings(in: context).action(for: key) else { return .stay }
    if action == .jump, case .character(let letter) = key {
      _ = jump(to: letter)
      return .stay
    }
    return perform(action, in: context)
  }

  public mutating func perform(_ action: Action, in context: PopupContext) -> PopupResult {
    switch action {
    case .up: selected = max(0, selected - 1)
    case .down: selected = min(items.count - 1, selected + 1)
    case .jump: break
    case .close: return .close
    case .choose:
      switch items[selected] {
      case .accountSettings: return .close([.show(.account)])
      case .persona(let persona): return .close([.effect(.switchPersona(email: persona.email))])
      case .logOut: return .close([.effect(.logOut)])
      }
    }
    return .stay
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let glyphs = context.glyphs
    let email = context.snapshot?.account.email ?? ""
    let width = min(area.width - 2, max(30, items.map { TerminalText.width(title($0)) }.max() ?? 20) + 6)
    // A persona's situation cut short on a narrow terminal is shown whole under the list.
    var situation: [String] = []
    if case .persona(let persona) = items[selected], TerminalText.width(title(items[selected])) > width - 5 {
      situation = Wrap.lines(persona.situation, width: width - 6)
    }
    let extra = situation.isEmpty ? 0 : situation.count + 1
    let rect = Rect(x: area.maxX - width, y: area.y, width: width, height: items.count + 4 + extra)
    canvas.popup(rect, title: email, glyphs: glyphs)
    for (index, item) in items.enumerated() {
      let text = TerminalText.pad(" " + title(item), to: width - 4)
      canvas.put(text, x: rect.x + 2, y: rect.y + 2 + index, style: index == selected ? .focus : .text)
    }
    for (index, line) in situation.enumerated() {
      canvas.put(line, x: rect.x + 3, y: rect.y + 3 + items.count + index, style: .muted)
    }
  }
}
