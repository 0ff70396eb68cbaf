import Foundation
import TerminalUI

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

  /// Adds pasted text (R32): it is text, whatever it holds. Control characters (ESC
  /// included) are dropped, so no part of it can act as a key; line breaks and tabs
  /// become spaces, except line breaks at the end, which a copied line usually carries.
  /// Text beyond `maxLength` is cut off.
  public mutating func insert(pasted: String) {
    var scalars = String.UnicodeScalarView()
    var lastWasBreak = false
    for scalar in pasted.unicodeScalars {
      let isBreak = scalar == "\n" || scalar == "\r"
      if isBreak && lastWasBreak { continue }  // CR LF is one break
      lastWasBreak = isBreak
      if isBreak || scalar == "\t" {
        scalars.append(" ")
      } else if scalar.properties.generalCategory != .control {
        scalars.append(scalar)
      }
    }
    // Line breaks at the end were turned into spaces just above: trailing spaces from
    // them go, typed spaces before them stay.
    let trailingBreaks = pasted.unicodeScalars.reversed().prefix { $0 == "\n" || $0 == "\r" }.count
    if trailingBreaks > 0, scalars.last == " " { scalars.removeLast() }
    let cleaned = TerminalText.clean(String(scalars))
    let room = maxLength - text.count
    guard room > 0, !cleaned.isEmpty else { return }
    text += cleaned.prefix(room)
    error = nil
  }

  /// What the field shows: bullets for secrets.
  public var shown: String {
    isSecret ? String(repeating: "•", count: text.count) : text
  }

  public var trimmed: String { text.trimmingCharacters(in: .whitespaces) }
}

extension Canvas {
  /// A labelled input line: `Label  value▏` with its error below when there is one.
  /// Returns the rows used.
  @discardableResult
  public mutating func field(_ field: TextField, focused: Bool, x: Int, y: Int, labelWidth: Int, width: Int)
    -> Int
  {
    put(TerminalText.pad(field.label, to: labelWidth), x: x, y: y, style: focused ? .title : .text)
    let boxWidth = max(4, width - labelWidth)
    let shown = field.text.isEmpty && !focused ? field.placeholder : field.shown
    let visible = String(shown.suffix(max(0, boxWidth - 2)))
    let style: CellStyle = focused ? CellStyle(.focus, underline: true) : CellStyle(.text, underline: true)
    put(
      TerminalText.pad(visible + (focused ? "▏" : ""), to: boxWidth - 1), x: x + labelWidth, y: y,
      style: field.text.isEmpty && !focused ? CellStyle(.muted, underline: true) : style)
    // Verdicts wrap under the input, at most two lines, so long reasons stay readable.
    if let message = field.error.map({ "! " + $0 }) ?? field.note {
      let rows = paragraph(
        message, x: x + labelWidth, y: y + 1, width: max(10, width - labelWidth),
        style: field.error == nil ? .success : .danger, maxRows: 2)
      return 1 + rows
    }
    return 1
  }

}
