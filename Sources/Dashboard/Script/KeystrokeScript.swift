import Foundation
import TerminalUI

/// A keystroke script (DESIGN.md's format, a contract): one step a line, `#` comments.
public struct KeystrokeScript: Sendable {
  public enum Step: Hashable, Sendable {
    case press([Key])
    case type(String)
    /// Text pasted with bracketed paste (R32): `paste "Ava\e3ny"`, where `\e` is ESC
    /// and `\n`, `\r`, `\t` are line breaks and tabs.
    case paste(String)
    case expect(String)
    case expectNot(String)
    /// A pop-up is open and this text is inside it: `expect` reads the whole screen, so
    /// text behind a pop-up that should have closed would pass it.
    case expectPopup(String)
    /// No pop-up is open (the one a step should have closed has closed).
    case expectNoPopup
    case resize(width: Int, height: Int)
    /// Seconds, or calendar months for `1mo`.
    case advance(seconds: TimeInterval, months: Int)
    case screen
    /// A tour caption (autoplay shows it; headless runs show it in the banner row).
    case caption(String)
  }

  public struct Line: Hashable, Sendable {
    public var number: Int
    public var text: String
    public var step: Step
  }

  public var lines: [Line]

  /// A script line that is not a step: the message names the line.
  public struct ParseError: Error, CustomStringConvertible, Sendable {
    public var line: Int
    public var text: String
    public var reason: String
    public var description: String { "line \(line): \(reason): \(text)" }
  }

  public static func parse(_ source: String) throws(ParseError) -> KeystrokeScript {
    var lines: [Line] = []
    for (index, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let number = index + 1
      let text = stripComment(String(raw)).trimmingCharacters(in: .whitespaces)
      if text.isEmpty { continue }
      let step = try parseStep(text, line: number)
      lines.append(Line(number: number, text: text, step: step))
    }
    return KeystrokeScript(lines: lines)
  }

  /// Drops a `#` comment that is not inside quotes.
  static func stripComment(_ line: String) -> String {
    var inQuotes = false
    var escaped = false
    var result = ""
    for character in line {
      if escaped {
        escaped = false
      } else if character == "\\" && inQuotes {
        escaped = true
      } else if character == "\"" {
        inQuotes.toggle()
      } else if character == "#" && !inQuotes {
        break
      }
      result.append(character)
    }
    return result
  }

  static func parseStep(_ text: String, line: Int) throws(ParseError) -> Step {
    let command = text.prefix { !$0.isWhitespace }
    let rest = text.dropFirst(command.count).trimmingCharacters(in: .whitespaces)
    switch command {
    case "press":
      let names = rest.split(separator: " ").map(String.init)
      guard !names.isEmpty else {
        throw ParseError(line: line, text: text, reason: "press needs at least one key")
      }
      var keys: [Key] = []
      for name in names {
        guard let key = Key(scriptName: name) else {
          throw ParseError(line: line, text: text, reason: "unknown key \"\(name)\"")
        }
        keys.append(key)
      }
      return .press(keys)
    case "type": return .type(try quoted(rest, line: line, text: text))
    case "paste":
      return .paste(try quoted(rest, line: line, text: text, escapes: pasteEscapes))
    case "expect": return .expect(try quoted(rest, line: line, text: text))
    case "expect-not": return .expectNot(try quoted(rest, line: line, text: text))
    case "expect-popup": return .expectPopup(try quoted(rest, line: line, text: text))
    case "expect-no-popup":
      guard rest.isEmpty else {
        throw ParseError(line: line, text: text, reason: "expect-no-popup takes nothing after it")
      }
      return .expectNoPopup
    case "resize":
      let parts = rest.lowercased().split(separator: "x")
      guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
        (1...1000).contains(width),
        (1...1000).contains(height)
      else { throw ParseError(line: line, text: text, reason: "resize takes COLSxROWS, e.g. 80x24") }
      return .resize(width: width, height: height)
    case "advance":
      guard let amount = Int(rest.prefix { $0.isNumber }), amount >= 0 else {
        throw ParseError(line: line, text: text, reason: "advance takes Nd, Nh, Nm or Nmo")
      }
      let unit = rest.drop { $0.isNumber }
      switch unit {
      case "d": return .advance(seconds: TimeInterval(amount) * 86_400, months: 0)
      case "h": return .advance(seconds: TimeInterval(amount) * 3_600, months: 0)
      case "m": return .advance(seconds: TimeInterval(amount) * 60, months: 0)
      case "mo": return .advance(seconds: 0, months: amount)
      default: throw ParseError(line: line, text: text, reason: "advance takes Nd, Nh, Nm or Nmo")
      }
    case "screen":
      return .screen
    case "caption":
      return .caption(try quoted(rest, line: line, text: text))
    default:
      throw ParseError(line: line, text: text, reason: "unknown step \"\(command)\"")
    }
  }

  /// The escapes of `paste`: control characters, so a test can paste what an attacker
  /// would put on a clipboard.
  static let pasteEscapes: [Character: Character] = ["n": "\n", "r": "\r", "t": "\t", "e": "\u{1B}"]

  /// A double-quoted string with `\"` and `\\` escapes, and `\n` (or `escapes`).
  static func quoted(
    _ text: String, line: Int, text full: String, escapes: [Character: Character] = ["n": "\n"]
  ) throws(ParseError) -> String {
    guard text.count >= 2, text.first == "\"", text.last == "\"" else {
      throw ParseError(line: line, text: full, reason: "expected a quoted string")
    }
    var result = ""
    var escaped = false
    for character in text.dropFirst().dropLast() {
      if escaped {
        result.append(escapes[character] ?? character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else {
        result.append(character)
      }
    }
    return result
  }
}
