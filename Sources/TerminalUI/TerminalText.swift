import TextSafety

/// Makes untrusted text safe to draw and measures it in terminal columns.
///
/// Names, companies, coupon codes and email subjects come from users and files; none of
/// their control characters, escape sequences or bidi overrides may reach the terminal.
public enum TerminalText {
  /// Removes C0 and C1 controls, DEL, escape sequences and bidi controls; tabs and
  /// newlines become spaces (the one cleaner every entry point shares: `SafeText`).
  public static func clean(_ text: String) -> String {
    SafeText.clean(text)
  }

  /// Columns a grapheme takes: 0 for zero-width, 2 for wide East Asian and emoji, else 1.
  public static func width(of character: Character) -> Int {
    // Printable ASCII and Latin text without combining marks: one column, no table lookups.
    if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F ? 1 : 0 }
    guard let first = character.unicodeScalars.first else { return 0 }
    let value = first.value
    if value < 0x300 && character.unicodeScalars.count == 1 { return value < 0xA0 ? 0 : 1 }
    if value == 0x200B || value == 0x200C || value == 0x200D || value == 0x2060 { return 0 }
    if first.properties.generalCategory == .nonspacingMark
      || first.properties.generalCategory == .enclosingMark
    {
      return 0
    }
    if isWide(value) || (first.properties.isEmojiPresentation && value > 0x2000) { return 2 }
    return 1
  }

  /// Columns a string takes once cleaned.
  public static func width(_ text: String) -> Int {
    clean(text).reduce(0) { $0 + width(of: $1) }
  }

  /// `text` cut to `columns`, with an ellipsis when cut.
  public static func truncate(_ text: String, to columns: Int) -> String {
    let cleaned = clean(text)
    guard width(cleaned) > columns else { return cleaned }
    guard columns > 1 else { return columns == 1 ? "…" : "" }
    var result = ""
    var used = 0
    for character in cleaned {
      let w = width(of: character)
      if used + w > columns - 1 { break }
      result.append(character)
      used += w
    }
    return result + "…"
  }

  /// `text` padded with spaces (or cut) to exactly `columns`.
  public static func pad(_ text: String, to columns: Int, alignRight: Bool = false) -> String {
    let cut = truncate(text, to: columns)
    let fill = String(repeating: " ", count: max(0, columns - width(cut)))
    return alignRight ? fill + cut : cut + fill
  }

  private static func isWide(_ value: UInt32) -> Bool {
    (0x1100...0x115F).contains(value) || (0x2E80...0x303E).contains(value)
      || (0x3041...0x33FF).contains(value) || (0x3400...0x4DBF).contains(value)
      || (0x4E00...0x9FFF).contains(value) || (0xA000...0xA4CF).contains(value)
      || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
      || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
      || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1F64F).contains(value)
      || (0x1F900...0x1F9FF).contains(value) || (0x20000...0x3FFFD).contains(value)
  }
}
