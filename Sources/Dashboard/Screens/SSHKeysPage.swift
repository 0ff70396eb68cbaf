import Billing
import Foundation
import TerminalUI

/// A registered SSH key as the profile lists it (R30). The runtime fills it from the
/// store; the dashboard never sees the key itself, only what identifies it to its owner.
public struct SSHKeyInfo: Hashable, Sendable {
  public var id: Int64
  /// The wire type, `ssh-ed25519`, `ssh-rsa`, …
  public var type: String
  /// `SHA256:…` exactly as `ssh-keygen -lf` prints it, so the customer can compare.
  public var fingerprint: String
  public var comment: String
  public var addedAt: Date
  public var lastUsedAt: Date?

  public init(
    id: Int64, type: String, fingerprint: String, comment: String, addedAt: Date, lastUsedAt: Date?
  ) {
    self.id = id
    self.type = type
    self.fingerprint = fingerprint
    self.comment = comment
    self.addedAt = addedAt
    self.lastUsedAt = lastUsedAt
  }

  /// The type as `ssh-keygen -l` names it (`ED25519`, `ECDSA-SK`), which is what a
  /// customer sees on their own machine; an unknown type as stored.
  public var typeName: String {
    switch type {
    case "ssh-ed25519": "ED25519"
    case "sk-ssh-ed25519@openssh.com": "ED25519-SK"
    case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521": "ECDSA"
    case "sk-ecdsa-sha2-nistp256@openssh.com": "ECDSA-SK"
    case "ssh-rsa": "RSA"
    default: type
    }
  }
}

/// Profile → SSH keys: the keys that open this account over `ssh` (R30), with add and
/// remove. A page of the Profile tab rather than a section of its own: keys are part of
/// the profile, and the sidebar's numbers are a contract (DESIGN.md's key map).
public struct SSHKeysPage: Hashable, Sendable {
  public var selected = 0

  public init() {}

  public enum Action: Hashable, Sendable { case up, down, add, remove, back }

  /// `d` is offered only when there is a key to remove; `?` says why not otherwise.
  public static func bindings(keys: [SSHKeyInfo]) -> [KeyBinding<Action>] {
    [
      KeyBinding([.up, .character("k")], "up", "Previous key", .up, hint: false),
      KeyBinding([.down, .character("j")], "down", "Next key", .down, hint: false),
      KeyBinding([.character("a")], "add", "Add a key (paste a public key line)", .add),
      KeyBinding(
        [.character("d"), .delete], "remove", "Remove the selected key (asks first)", .remove,
        disabledReason: keys.isEmpty ? "There is no SSH key to remove: a adds one." : nil),
      KeyBinding([.escape], "back", "Back to the profile", .back),
    ]
  }

  /// The selection, kept on a key that exists (the list changes under it after a removal).
  public func selectedIndex(in keys: [SSHKeyInfo]) -> Int { min(selected, max(0, keys.count - 1)) }

  public func selectedKey(in keys: [SSHKeyInfo]) -> SSHKeyInfo? {
    keys.indices.contains(selectedIndex(in: keys)) ? keys[selectedIndex(in: keys)] : nil
  }

  /// Moves the selection; the other actions are the Profile tab's to carry out.
  public mutating func move(_ action: Action, in keys: [SSHKeyInfo]) {
    let index = selectedIndex(in: keys)
    switch action {
    case .up: selected = max(0, index - 1)
    case .down: selected = min(max(0, keys.count - 1), index + 1)
    default: break
    }
  }

  /// Rows each key takes: its fingerprint, then what it is and when it was last used.
  static let rowsPerKey = 2

  public func render(into canvas: inout Canvas, area: Rect, snapshot: Snapshot, keys: [SSHKeyInfo]) {
    var y = area.y
    canvas.put("SSH keys", x: area.x, y: y, style: .title, maxX: area.maxX)
    y += 1
    y += canvas.paragraph(
      "Each key opens this account with plain ssh. Fingerprints are as ssh-keygen -lf prints them.",
      x: area.x, y: y, width: area.width, style: .muted, maxRows: 2)
    y += 1
    guard !keys.isEmpty else {
      canvas.paragraph(
        "No SSH keys yet: press a and paste a public key line (e.g. ~/.ssh/id_ed25519.pub).", x: area.x, y: y,
        width: area.width, style: .muted, maxRows: 2)
      return
    }
    // The list scrolls with the selection, a key at a time; a scrolled list keeps its
    // last row for where it is.
    var room = max(1, (area.maxY - y) / Self.rowsPerKey)
    if keys.count > room { room = max(1, (area.maxY - y - 1) / Self.rowsPerKey) }
    let index = selectedIndex(in: keys)
    let first = keys.count > room ? min(max(0, index - room + 1), keys.count - room) : 0
    for (offset, key) in keys.dropFirst(first).prefix(room).enumerated() {
      let isSelected = first + offset == index
      let row = y + offset * Self.rowsPerKey
      canvas.put(
        TerminalText.pad((isSelected ? "> " : "  ") + key.fingerprint, to: area.width), x: area.x, y: row,
        style: isSelected ? .focus : .text, maxX: area.maxX)
      let used = key.lastUsedAt.map { "last used \(snapshot.calendar.dateTimeText($0))" } ?? "never used"
      // The comment is the customer's free text, of any length: it goes last, so a long
      // one is what gets cut at 80 columns, never the last use.
      let comment = key.comment.isEmpty ? "no comment" : key.comment
      canvas.put(
        TerminalText.truncate("  \(key.typeName) · \(used) · \(comment)", to: area.width), x: area.x,
        y: row + 1, style: .muted, maxX: area.maxX)
    }
    if keys.count > room {
      canvas.put(
        "\(first + 1)–\(first + min(room, keys.count - first)) of \(keys.count)", x: area.x,
        y: y + room * Self.rowsPerKey, style: .muted, maxX: area.maxX)
    }
  }
}

extension SSHKeysPage {
  /// The Profile tab's line for the keys: how many, so the page is worth a look.
  static func count(_ keys: [SSHKeyInfo]) -> String {
    keys.isEmpty ? "none (s adds one)" : keys.count == 1 ? "1 key" : "\(keys.count) keys"
  }
}

/// The page inside the Profile tab: Tab still moves between tabs (and leaves the page).
extension SettingsView {
  static func sshKeysBindings(keys: [SSHKeyInfo]) -> [KeyBinding<Action>] {
    [
      KeyBinding([.tab], "tab", "Next tab", .nextTab),
      KeyBinding([.backTab], "prev", "Previous tab", .previousTab, hint: false),
    ] + SSHKeysPage.bindings(keys: keys).map { $0.mapped { .onSSHKeys($0) } }
  }

  mutating func performOnSSHKeys(_ action: SSHKeysPage.Action, keys: [SSHKeyInfo]) -> [ScreenRequest] {
    guard var page = sshKeysPage else { return [] }
    switch action {
    case .up, .down: page.move(action, in: keys)
    case .add: return [.overlay(AddSSHKeyForm())]
    case .remove:
      guard let key = page.selectedKey(in: keys) else { return [] }
      return [.overlay(RemoveSSHKeyPopup(key: key))]
    case .back:
      sshKeysPage = nil
      return []
    }
    sshKeysPage = page
    return []
  }
}

extension KeyBinding {
  /// The same row with its action wrapped, so a page's table can sit inside its tab's.
  func mapped<Other>(_ transform: (Action) -> Other) -> KeyBinding<Other> {
    KeyBinding<Other>(
      keys, label, help, transform(action), hint: hint, disabledReason: disabledReason, shownAs: shownKeys)
  }
}
