import TerminalUI

/// The profile menu (`p`, top-right): account settings, persona switcher in the demo,
/// log out.
public struct ProfileMenu: Hashable, Sendable {
  public enum Item: Hashable, Sendable {
    case accountSettings
    case persona(PersonaInfo)
    case logOut
  }

  public var items: [Item]
  public var selected = 0

  init(personas: [PersonaInfo], current: String?) {
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

  func render(into canvas: inout Canvas, area: Rect, glyphs: Glyphs, email: String) {
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

/// Add a proxy user, change its password, or set its limit (R25).
public struct ProxyUserForm: Hashable, Sendable {
  public enum Purpose: Hashable, Sendable {
    case add
    case password(id: String, name: String)
    case limit(id: String, name: String)
  }

  public enum Field: FormField { case name, password, limit }

  public var purpose: Purpose
  public var form: Form<Field>
  public var products: [String]

  init(purpose: Purpose, products: [String], currentLimit: String = "") {
    self.purpose = purpose
    self.products = products
    switch purpose {
    case .add:
      form = Form(
        choices: products.count > 1 ? products : [],
        fields: [
          (.name, TextField("Name", placeholder: "letters, digits, -, _ and .", maxLength: 32)),
          (.password, TextField("Password", secret: true, maxLength: 64)),
          (.limit, TextField("Limit (GB)", placeholder: "optional", maxLength: 6)),
        ], submit: "Add")
    case .password:
      form = Form(
        fields: [(.password, TextField("New password", secret: true, maxLength: 64))], submit: "Save")
    case .limit:
      form = Form(
        fields: [
          (.limit, TextField("Limit (GB)", text: currentLimit, placeholder: "empty: no limit", maxLength: 6))
        ],
        submit: "Save")
    }
  }

  var hasInput: Bool { form.hasInput }

  var title: String {
    switch purpose {
    case .add: "Add a proxy user"
    case .password(_, let name): "New password for \(name)"
    case .limit(_, let name): "Traffic limit for \(name)"
    }
  }
}

/// Custom dates for the usage range, typed and checked (R27).
public struct CustomRangeForm: Hashable, Sendable {
  public enum Field: FormField { case from, to }

  public var form = Form<Field>(
    fields: [
      (.from, TextField("From", placeholder: "YYYY-MM-DD", maxLength: 10)),
      (.to, TextField("To", placeholder: "YYYY-MM-DD", maxLength: 10)),
    ], submit: "Show")
}
