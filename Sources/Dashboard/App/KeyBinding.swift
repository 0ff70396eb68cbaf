import TerminalUI

/// One row of a key table: the keys, what they do, whether the bottom bar shows it, and
/// whether it works now and why not. Dispatch, the bottom bar and `?` all read the same
/// rows (CRAFT.md: k9s, Bubble Tea's `key.Binding`, lazygit's disabled reasons).
public struct KeyBinding<Action: Sendable & Hashable>: Sendable {
  public var keys: [Key]
  public var label: String
  public var help: String
  public var action: Action
  public var hint: Bool
  /// Why the action cannot be done now; nil when it can. A disabled binding leaves the
  /// bottom bar, is marked in `?`, and its key answers with this reason.
  public var disabledReason: String?
  /// How help and hints name the keys when listing them all would not read well
  /// (`a–z` for every letter).
  public var shownKeys: String?

  public init(
    _ keys: [Key], _ label: String, _ help: String, _ action: Action, hint: Bool = true,
    disabledReason: String? = nil, shownAs shownKeys: String? = nil
  ) {
    self.keys = keys
    self.label = label
    self.help = help
    self.action = action
    self.hint = hint
    self.disabledReason = disabledReason
    self.shownKeys = shownKeys
  }

  public var isEnabled: Bool { disabledReason == nil }

  /// `c` or `↑/k`: how the help and the hints name the keys.
  public var keyText: String { shownKeys ?? keys.map(\.label).joined(separator: "/") }

  /// The same binding, disabled for `reason` when it is not nil.
  public func disabled(_ reason: String?) -> Self {
    var copy = self
    copy.disabledReason = reason
    return copy
  }
}

/// A key table's rows as plain text, for the help overlay and the hints.
public struct HelpRow: Hashable, Sendable {
  public var keys: String
  public var label: String
  public var help: String
  public var hint: Bool
  public var disabledReason: String?

  public init(keys: String, label: String, help: String, hint: Bool, disabledReason: String? = nil) {
    self.keys = keys
    self.label = label
    self.help = help
    self.hint = hint
    self.disabledReason = disabledReason
  }

  /// Shown in the bottom bar: hinted, and usable now.
  public var isHinted: Bool { hint && disabledReason == nil }
}

extension Array {
  /// The binding for `key`, enabled or not.
  public func binding<A>(for key: Key) -> KeyBinding<A>? where Element == KeyBinding<A> {
    first { $0.keys.contains(key) }
  }

  /// The action bound to `key`, if any and enabled.
  public func action<A>(for key: Key) -> A? where Element == KeyBinding<A> {
    binding(for: key).flatMap { $0.isEnabled ? $0.action : nil }
  }

  /// `y cancel it · n/Esc keep it`: a pop-up's own hint line, from the same rows as the
  /// bottom bar, so the two cannot disagree.
  public func hintLine<A>() -> String where Element == KeyBinding<A> {
    filter { $0.hint && $0.isEnabled }.map { "\($0.keyText) \($0.label)" }.joined(separator: " · ")
  }

  public func helpRows<A>() -> [HelpRow] where Element == KeyBinding<A> {
    map {
      HelpRow(
        keys: $0.keyText, label: $0.label, help: $0.help, hint: $0.hint, disabledReason: $0.disabledReason)
    }
  }
}
