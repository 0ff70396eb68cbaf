import Foundation

/// What a canvas in ASCII mode draws for a character outside ASCII.
///
/// `--ascii` and a locale that is not UTF-8 (`LANG=C`) both mean the terminal may show
/// anything beyond ASCII as `?`: `(?) Visa ??4242`. So an ASCII canvas turns every
/// character into ASCII where it is written, with a look-alike for each symbol the
/// screens use and for accented letters; anything else becomes `?`. A fallback always
/// takes as many columns as the character did, so layouts computed from the Unicode
/// text still line up.
public enum AsciiFallback {
  /// Exactly `columns` ASCII characters for `character` (nothing when `columns` is 0).
  public static func text(for character: Character, columns: Int) -> String {
    guard columns > 0 else { return "" }
    if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F {
      return String(repeating: String(character), count: columns)
    }
    let single = symbols[character] ?? baseLetter(of: character) ?? "?"
    return String(repeating: single, count: columns)
  }

  /// One-column look-alikes: box drawing, bars, bullets, arrows, dashes, marks.
  static let symbols: [Character: String] = [
    "─": "-", "━": "-", "═": "=", "│": "|", "┃": "|", "║": "|",
    "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+",
    "█": "#", "▇": "#", "▆": "|", "▅": "|", "▄": ":", "▃": ":", "▂": ".", "▁": ".", "░": ".",
    "▒": ":", "▓": "#", "▏": "|", "▕": "|",
    "●": "*", "•": "*", "◦": "o", "○": "o", "·": "-", "∙": "-",
    "▸": ">", "▶": ">", "▾": "v", "▼": "v", "▴": "^", "▲": "^", "◂": "<", "◀": "<",
    "→": ">", "←": "<", "↑": "^", "↓": "v", "↔": "-",
    "–": "-", "—": "-", "−": "-", "‐": "-", "…": "~",
    "✓": "+", "✔": "+", "✗": "x", "✘": "x", "×": "x",
    "‘": "'", "’": "'", "“": "\"", "”": "\"", "«": "\"", "»": "\"",
    "€": "E", "£": "L", "¥": "Y", "°": "o", "\u{00A0}": " ",
  ]

  /// `é` → `e`, `Ç` → `C`: the letter without its marks, when that is ASCII.
  private static func baseLetter(of character: Character) -> String? {
    guard let first = String(character).decomposedStringWithCanonicalMapping.unicodeScalars.first,
      first.isASCII, first.properties.isAlphabetic
    else { return nil }
    return String(first)
  }
}
