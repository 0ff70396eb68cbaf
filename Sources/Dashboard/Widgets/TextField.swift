import Foundation

/// One line of typed input with its label and the message of its last check.
public struct TextField: Hashable, Sendable {
  public var label: String
  public var text: String
  /// Passwords and security codes show as bullets.
  public var isSecret: Bool
  public var error: String?
  /// A good verdict shown under the field (a valid coupon).
  public var note: String?
  public var placeholder: String
  public var maxLength: Int

  public init(
    _ label: String, text: String = "", secret: Bool = false, placeholder: String = "", maxLength: Int = 120
  ) {
    self.label = label
    self.text = text
    self.isSecret = secret
    self.placeholder = placeholder
    self.maxLength = maxLength
  }

  /// Edits the field with `key`; returns false when the key is not an editing key.
  public mutating func handle(_ key: Key) -> Bool {
    switch key {
    case .character(let character):
      // Typed text is cleaned where it enters the program: no control characters.
      let cleaned = TerminalText.clean(String(character))
      guard !cleaned.isEmpty, text.count < maxLength else { return true }
      text += cleaned
      error = nil
      return true
    case .backspace:
      if !text.isEmpty { text.removeLast() }
      error = nil
      return true
    case .control("u"):
      text = ""
      error = nil
      return true
    default:
      return false
    }
  }

  /// What the field shows: bullets for secrets.
  public var shown: String {
    isSecret ? String(repeating: "•", count: text.count) : text
  }

  public var trimmed: String { text.trimmingCharacters(in: .whitespaces) }
}
