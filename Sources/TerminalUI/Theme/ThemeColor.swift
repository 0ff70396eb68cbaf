import Foundation

/// A color as a theme file names it; the terminal maps it to what it can show.
public enum ThemeColor: Hashable, Sendable {
  /// The terminal's own foreground or background (`default` in a theme file).
  case terminalDefault
  /// One of the 16 ANSI colors by name: `black` … `white`, `bright-black` … `bright-white`,
  /// and `grey` (the same as `bright-black`).
  case named(String)
  /// An index of the xterm 256-color palette.
  case indexed(Int)
  case rgb(UInt8, UInt8, UInt8)

  /// The ANSI names in palette order: index 0–7, and 8–15 with `bright-`.
  public static let basicNames = [
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
  ]

  /// Reads a theme file's color value: a name, `default`, an index 0–255 or `#rrggbb`.
  /// Returns nil for anything else; the parser turns that into a message with the line.
  public init?(parsing text: String) {
    let value = text.trimmingBlanks().lowercased()
    if value == "default" {
      self = .terminalDefault
    } else if value.hasPrefix("#") {
      let digits = value.dropFirst()
      guard digits.count == 6, digits.allSatisfy(\.isHexDigit),
        let number = UInt32(digits, radix: 16)
      else { return nil }
      self = .rgb(UInt8(number >> 16 & 0xFF), UInt8(number >> 8 & 0xFF), UInt8(number & 0xFF))
    } else if !value.isEmpty, value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber) {
      guard let index = Int(value), (0...255).contains(index) else { return nil }
      self = .indexed(index)
    } else if value == "grey" || value == "gray" {
      self = .named("grey")
    } else if Self.basicNames.contains(value) {
      self = .named(value)
    } else if value.hasPrefix("bright-"), Self.basicNames.contains(String(value.dropFirst(7))) {
      self = .named(value)
    } else {
      return nil
    }
  }

  /// The xterm palette index of a named color (0–15), nil for any other case.
  public var namedIndex: Int? {
    guard case .named(let name) = self else { return nil }
    if name == "grey" { return 8 }
    if let index = Self.basicNames.firstIndex(of: name) { return index }
    if name.hasPrefix("bright-"),
      let index = Self.basicNames.firstIndex(of: String(name.dropFirst(7)))
    {
      return index + 8
    }
    return nil
  }

  /// The color number to hand to the terminal in `mode`: nil means the terminal's
  /// default (and always in monochrome).
  public func colorNumber(in mode: ColorMode) -> Int? {
    switch mode {
    case .monochrome:
      return nil
    case .xterm256:
      switch self {
      case .terminalDefault: return nil
      case .named: return namedIndex
      case .indexed(let index): return index
      case .rgb(let r, let g, let b): return ColorMapping.nearestXterm256(red: r, green: g, blue: b)
      }
    case .basic8:
      switch self {
      case .terminalDefault: return nil
      case .named:
        guard let index = namedIndex else { return nil }
        return index < 8 ? index : ColorMapping.nearestBasic8(ofXterm256: index)
      case .indexed(let index):
        return index < 8 ? index : ColorMapping.nearestBasic8(ofXterm256: index)
      case .rgb(let r, let g, let b): return ColorMapping.nearestBasic8(red: r, green: g, blue: b)
      }
    }
  }
}
