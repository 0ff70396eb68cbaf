/// A key press as the dashboard sees it, whatever produced it: ncurses or a script.
public enum Key: Hashable, Sendable {
  case character(Character)
  case enter, escape, tab, backTab
  case up, down, left, right, home, end, pageUp, pageDown
  case backspace, delete
  case function(Int)
  /// Ctrl plus a letter, lower-case: `.control("a")`.
  case control(Character)

  /// Parses a key name of the keystroke-script format (DESIGN.md): `Enter`, `Ctrl-A`,
  /// `F5`, `Space`, or a single character.
  public init?(scriptName name: String) {
    switch name {
    case "Enter": self = .enter
    case "Esc": self = .escape
    case "Tab": self = .tab
    case "BackTab": self = .backTab
    case "Up": self = .up
    case "Down": self = .down
    case "Left": self = .left
    case "Right": self = .right
    case "Home": self = .home
    case "End": self = .end
    case "PgUp": self = .pageUp
    case "PgDn": self = .pageDown
    case "Backspace": self = .backspace
    case "Delete": self = .delete
    case "Space": self = .character(" ")
    default:
      if name.count == 1, let character = name.first {
        self = .character(character)
      } else if name.hasPrefix("F"), let number = Int(name.dropFirst()), (1...12).contains(number) {
        self = .function(number)
      } else if name.hasPrefix("Ctrl-"), name.count == 6, let letter = name.last, letter.isLetter,
        letter.isASCII
      {
        self = .control(Character(letter.lowercased()))
      } else {
        return nil
      }
    }
  }

  /// How help and hints name the key.
  public var label: String {
    switch self {
    case .character(" "): "Space"
    case .character(let c): String(c)
    case .enter: "Enter"
    case .escape: "Esc"
    case .tab: "Tab"
    case .backTab: "S-Tab"
    case .up: "↑"
    case .down: "↓"
    case .left: "←"
    case .right: "→"
    case .home: "Home"
    case .end: "End"
    case .pageUp: "PgUp"
    case .pageDown: "PgDn"
    case .backspace: "Bksp"
    case .delete: "Del"
    case .function(let n): "F\(n)"
    case .control(let c): "^" + c.uppercased()
    }
  }
}
