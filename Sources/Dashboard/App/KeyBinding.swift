import TerminalUI

/// One row of a screen's key table: the keys, what they do, and whether the bottom bar
/// shows it. The `?` overlay and the hints are generated from these tables, so they
/// cannot disagree with what the keys do (CRAFT.md: k9s, htop).
public struct KeyBinding<Action: Sendable & Hashable>: Sendable {
  public var keys: [Key]
  public var label: String
  public var help: String
  public var action: Action
  public var hint: Bool

  public init(_ keys: [Key], _ label: String, _ help: String, _ action: Action, hint: Bool = true) {
    self.keys = keys
    self.label = label
    self.help = help
    self.action = action
    self.hint = hint
  }

  /// `c` or `↑/k`: how the help and the hints name the keys.
  public var keyText: String { keys.map(\.label).joined(separator: "/") }
}

/// A key table's rows as plain text, for the help overlay and the hints.
public struct HelpRow: Hashable, Sendable {
  public var keys: String
  public var label: String
  public var help: String
  public var hint: Bool
}

extension Array {
  /// The action bound to `key`, if any.
  public func action<A>(for key: Key) -> A? where Element == KeyBinding<A> {
    first { $0.keys.contains(key) }?.action
  }

  public func helpRows<A>() -> [HelpRow] where Element == KeyBinding<A> {
    map { HelpRow(keys: $0.keyText, label: $0.label, help: $0.help, hint: $0.hint) }
  }
}
