import Testing

@testable import Dashboard
@testable import TerminalUI

/// Untrusted text never reaches the terminal raw (issue 4, 8): controls, escape
/// sequences, bidi overrides are removed; widths follow the terminal's columns.
@Suite struct TerminalTextTests {
  @Test(arguments: [
    ("a\u{1B}[31mred\u{1B}[0m", "ared"),
    ("copy\u{1B}]52;c;ZXZpbA==\u{07}me", "copyme"),
    ("st\u{1B}]0;title\u{1B}\\op", "stop"),
    ("bell\u{07}nul\u{00}del\u{7F}", "bellnuldel"),
    ("c1\u{9B}31m", "c131m"),
    ("bidi\u{202E}txet", "biditxet"),
    ("tab\there\nnext", "tab here next"),
  ])
  func cleanRemovesControls(_ input: String, _ expected: String) {
    #expect(TerminalText.clean(input) == expected)
  }

  @Test func widths() {
    #expect(TerminalText.width("abc") == 3)
    #expect(TerminalText.width("日本") == 4)
    #expect(TerminalText.width("🚀") == 2)
    #expect(TerminalText.width("a\u{200B}b") == 2)
    #expect(TerminalText.width("e\u{301}") == 1)
  }

  @Test func truncateAndPadByColumns() {
    #expect(TerminalText.truncate("日本語テキスト", to: 6) == "日本…")
    #expect(TerminalText.width(TerminalText.pad("日本", to: 6)) == 6)
  }

  @Test func canvasPlacesWideCharactersInTwoCells() {
    var canvas = Canvas(width: 6, height: 1)
    let end = canvas.put("日x", x: 0, y: 0)
    #expect(end == 3)
    #expect(canvas[1, 0].isContinuation)
    #expect(canvas.lines == ["日x"])
  }
}
