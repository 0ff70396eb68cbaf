import Foundation
import Testing

@testable import Dashboard
@testable import TerminalUI

/// A complete, valid theme file body to break one line at a time.
private let validColors = """
  [colors]
  background = "black"
  text = "white"
  muted = "grey"
  accent = "#5fafff"
  border = 244
  focus = "bright-white"
  selection = "default"
  success = "green"
  warning = "yellow"
  danger = "red"
  chart = "cyan"
  """

private func parseError(_ text: String, source: String = "Themes/x.toml") -> ThemeError? {
  do {
    _ = try Theme.parse(text, name: "x", source: source)
    return nil
  } catch {
    return error
  }
}

private let themesDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Themes")

@Suite struct ShippedThemeTests {
  @Test(arguments: Theme.builtInNames)
  func parsesAndCoversEveryRole(name: String) throws {
    let text = try #require(BuiltInThemes.text(named: name))
    let theme = try Theme.parse(text, name: name)
    #expect(theme.name == name)
    for role in StyleRole.allCases where role != .background {
      #expect(theme.foreground[role] != nil, "\(name) has no color for \(role)")
    }
    #expect(Theme.builtIn(named: name) == theme)
  }

  @Test(arguments: Theme.builtInNames)
  func embeddedTextEqualsTheFile(name: String) throws {
    let file = try String(
      contentsOf: themesDirectory.appendingPathComponent("\(name).toml"), encoding: .utf8)
    #expect(BuiltInThemes.text(named: name) == file, "run Themes/embed-themes.sh")
  }

  @Test func everyShippedFileIsBuiltIn() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: themesDirectory.path)
      .filter { $0.hasSuffix(".toml") }
      .map { String($0.dropLast(5)) }
    #expect(Set(files) == Set(Theme.builtInNames))
    #expect(Set(BuiltInThemes.texts.keys) == Set(Theme.builtInNames))
  }

  /// Placeholders and hints are drawn in the muted role: in every theme it must stand
  /// apart from typed text, by color or by being dim (high-contrast had #e4e4e4 on #ffffff).
  @Test(arguments: Theme.builtInNames)
  func mutedStandsApartFromText(name: String) throws {
    let theme = try #require(Theme.builtIn(named: name))
    if theme.attributes[.muted, default: []].contains(.dim) { return }
    guard case .rgb(let mr, let mg, let mb) = theme.colors(for: .muted).foreground,
      case .rgb(let tr, let tg, let tb) = theme.colors(for: .text).foreground
    else {
      Issue.record("\(name): muted is neither dim nor an RGB color to compare with text")
      return
    }
    let distance = [(mr, tr), (mg, tg), (mb, tb)].map { abs(Int($0) - Int($1)) }.reduce(0, +)
    #expect(distance >= 90, "\(name): muted and text differ by only \(distance)")
  }

  @Test func monochromeHasNoColors() throws {
    let theme = try #require(Theme.builtIn(named: "monochrome"))
    #expect(theme.background == .terminalDefault)
    #expect(theme.foreground.values.allSatisfy { $0 == .terminalDefault })
    #expect(theme.roleBackgrounds.isEmpty)
    #expect(theme.attributes[.accent] == .bold)
    #expect(theme.attributes[.focus] == [.bold, .reverse])
  }

  @Test func standardIsTheDarkDefault() {
    #expect(Theme.standard.name == "default")
    #expect(Theme.standard.background == .rgb(0x1C, 0x1C, 0x1C))
    #expect(Theme.standard.colors(for: .focus).background == .rgb(0x00, 0x5F, 0x87))
    // The background role is text on the screen's background.
    #expect(Theme.standard.colors(for: .background).foreground == .rgb(0xD0, 0xD0, 0xD0))
  }
}

@Suite struct ThemeParsingTests {
  @Test func readsNameValuesCommentsAndSections() throws {
    let text = """
      # a comment
      name = "mine"   # trailing comment

      \(validColors)
      [background]
      focus = "#005f87"  # focus bar
      [attributes]
      danger = "bold, underline"
      muted = 'none'
      """
    let theme = try Theme.parse(text, name: "file")
    #expect(theme.name == "mine")
    #expect(theme.background == .named("black"))
    #expect(theme.foreground[.muted] == .named("grey"))
    #expect(theme.foreground[.accent] == .rgb(0x5F, 0xAF, 0xFF))
    #expect(theme.foreground[.border] == .indexed(244))
    #expect(theme.foreground[.selection] == .terminalDefault)
    #expect(theme.roleBackgrounds == [.focus: .rgb(0x00, 0x5F, 0x87)])
    #expect(theme.attributes == [.danger: [.bold, .underline], .muted: []])
  }

  @Test func nameDefaultsToTheGivenOneAndCRLFIsFine() throws {
    let theme = try Theme.parse(validColors.replacingOccurrences(of: "\n", with: "\r\n"), name: "x")
    #expect(theme.name == "x")
    #expect(theme.foreground[.chart] == .named("cyan"))
  }

  /// Tabs and wide spaces around keys, values and comments are blanks, as they were when
  /// Foundation's `.whitespaces` trimmed them; a blank-only line is skipped.
  @Test func tabsAndUnicodeSpacesAroundKeysAndValuesAreBlanks() throws {
    let spaced =
      validColors.replacingOccurrences(
        of: "accent = \"#5fafff\"", with: "\taccent\u{00A0}=\t\"#5fafff\"\u{2003}# note")
      + "\n\t\u{3000}\n"
    let theme = try Theme.parse(spaced, name: "x")
    #expect(theme.foreground[.accent] == .rgb(0x5F, 0xAF, 0xFF))
    #expect(ThemeColor(parsing: "\u{00A0}Cyan\t") == .named("cyan"))
  }

  @Test func unknownRoleNamesTheLine() {
    let error = parseError(validColors + "\nbluish = \"blue\"")
    #expect(error == .unknownRole(source: "Themes/x.toml", line: 13, role: "bluish"))
    #expect(error?.description.hasPrefix("Themes/x.toml line 13: unknown role \"bluish\"") == true)
  }

  @Test func unknownColorNamesTheLineAndRole() {
    let text = validColors.replacingOccurrences(
      of: "accent = \"#5fafff\"", with: "accent = \"bluish\"")
    let error = parseError("name = \"x\"\n\n\n\n" + text)
    #expect(error?.line == 9)
    #expect(
      error?.description.hasPrefix("Themes/x.toml line 9: unknown color \"bluish\" for role accent")
        == true)
  }

  @Test func indexOutOfRange() {
    let error = parseError(
      validColors.replacingOccurrences(of: "border = 244", with: "border = 300"))
    #expect(error == .indexOutOfRange(source: "Themes/x.toml", line: 6, index: 300, role: .border))
    #expect(
      error?.description
        == "Themes/x.toml line 6: color index 300 for role border is outside 0–255.")
  }

  @Test(arguments: ["#ff00zz", "#fff", "#1234567", "#"])
  func badHex(value: String) {
    let error = parseError(
      validColors.replacingOccurrences(of: "\"#5fafff\"", with: "\"\(value)\""))
    #expect(error == .badHex(source: "Themes/x.toml", line: 5, value: value, role: .accent))
  }

  @Test(arguments: [
    "this is not a setting", "accent \"blue\"", "[colors", "text = blue", "text = \"blue",
    "= \"blue\"", "[colors] junk",
  ])
  func garbageLineIsASyntaxError(line: String) {
    let error = parseError(validColors + "\n" + line)
    #expect(error?.line == 13)
    guard case .syntax = error else {
      Issue.record("expected a syntax error, got \(String(describing: error))")
      return
    }
    #expect(error?.description.hasPrefix("Themes/x.toml line 13: cannot read") == true)
  }

  @Test func unknownSectionAndSetting() {
    #expect(
      parseError("[colours]")
        == .unknownSection(source: "Themes/x.toml", line: 1, section: "colours"))
    #expect(
      parseError("\ncolor = \"red\"")
        == .unknownSetting(source: "Themes/x.toml", line: 2, key: "color"))
  }

  @Test func duplicateRoleNamesBothLines() {
    let error = parseError(validColors + "\ntext = \"red\"")
    #expect(error == .duplicateRole(source: "Themes/x.toml", line: 13, role: .text, firstLine: 3))
  }

  @Test func sameRoleInTwoSectionsIsFine() throws {
    let theme = try Theme.parse(validColors + "\n[background]\ntext = \"blue\"", name: "x")
    #expect(theme.colors(for: .text).foreground == .named("white"))
    #expect(theme.colors(for: .text).background == .named("blue"))
  }

  @Test func unknownAttribute() {
    let error = parseError(validColors + "\n[attributes]\naccent = \"bold blink\"")
    #expect(
      error == .unknownAttribute(source: "Themes/x.toml", line: 14, value: "blink", role: .accent))
  }

  @Test func missingRoleNamesTheFileAndRole() {
    let text = validColors.replacingOccurrences(of: "danger = \"red\"\n", with: "")
    let error = parseError(text)
    #expect(error == .missingRole(source: "Themes/x.toml", role: .danger))
    #expect(error?.description.hasPrefix("Themes/x.toml: no color for role danger") == true)
  }

  @Test func untrustedNameIsCleaned() throws {
    let theme = try Theme.parse("name = \"evil\u{1B}[2Jtheme\"\n" + validColors, name: "x")
    #expect(theme.name == "eviltheme")
  }
}

@Suite struct ThemeLoadingTests {
  @Test func builtInNameWins() throws {
    #expect(try Theme.load(nameOrPath: "light").name == "light")
  }

  @Test func missingFileIsNamed() {
    #expect(throws: ThemeError.missingFile("/nonexistent/solarized.toml")) {
      try Theme.load(nameOrPath: "/nonexistent/solarized.toml")
    }
  }

  @Test func fileErrorNamesThePathAndLine() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("proxydash-theme-\(UUID().uuidString).toml").path
    try ("# mine\n" + validColors.replacingOccurrences(of: "\"red\"", with: "\"crimson\""))
      .write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    do {
      _ = try Theme.load(nameOrPath: path)
      Issue.record("a bad theme file was accepted")
    } catch {
      #expect(
        error.description.hasPrefix("\(path) line 12: unknown color \"crimson\" for role danger"))
    }
  }

  @Test func goodFileIsNamedAfterItsFile() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("ocean-\(UUID().uuidString).toml").path
    try validColors.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let theme = try Theme.load(nameOrPath: path)
    #expect(theme.name.hasPrefix("ocean-"))
  }
}

@Suite struct ColorMappingTests {
  @Test func pureRedIs196In256ColorsAndRedIn8() {
    #expect(ColorMapping.nearestXterm256(red: 255, green: 0, blue: 0) == 196)
    #expect(ColorMapping.nearestBasic8(red: 255, green: 0, blue: 0) == 1)
    #expect(ThemeColor.rgb(255, 0, 0).colorNumber(in: .xterm256) == 196)
    #expect(ThemeColor.rgb(255, 0, 0).colorNumber(in: .basic8) == 1)
  }

  @Test func exactPaletteColorsMapToThemselves() {
    // 16 + 36·1 + 6·3 + 5 = 75 is (95, 175, 255); 232 + 12 = 244 is grey 8 + 10·12 = 128.
    #expect(ColorMapping.nearestXterm256(red: 0x5F, green: 0xAF, blue: 0xFF) == 75)
    #expect(ColorMapping.nearestXterm256(red: 128, green: 128, blue: 128) == 244)
    #expect(ColorMapping.nearestXterm256(red: 0, green: 0, blue: 0) == 16)
    #expect(ColorMapping.nearestXterm256(red: 255, green: 255, blue: 255) == 231)
    #expect(ColorMapping.rgb(ofXterm256: 196) == (255, 0, 0))
    #expect(ColorMapping.rgb(ofXterm256: 244) == (128, 128, 128))
    #expect(ColorMapping.rgb(ofXterm256: 75) == (95, 175, 255))
  }

  @Test func nearGreysGoToTheGreyRamp() {
    // (30,30,30): ramp 234 is 28 (distance 12) against cube 16's 0 (2700).
    #expect(ColorMapping.nearestXterm256(red: 30, green: 30, blue: 30) == 234)
  }

  @Test func basicColorsFromRGB() {
    // Plain RGB distance would send (127,127,127) to yellow (205,205,0): greys must not.
    #expect(ColorMapping.nearestBasic8(red: 127, green: 127, blue: 127) == 7)
    #expect(ColorMapping.nearestBasic8(red: 0x4E, green: 0x4E, blue: 0x4E) == 0)
    #expect(ColorMapping.nearestBasic8(red: 0xFF, green: 0xAF, blue: 0x00) == 3)  // orange: yellow
    #expect(ColorMapping.nearestBasic8(red: 0x5F, green: 0xAF, blue: 0xFF) == 6)  // sky: cyan
    #expect(ColorMapping.nearestBasic8(red: 0x00, green: 0x5F, blue: 0xAF) == 4)  // navy: blue
    #expect(ColorMapping.nearestBasic8(red: 0, green: 0xFF, blue: 0) == 2)
    #expect(ColorMapping.nearestBasic8(red: 0, green: 0, blue: 0xFF) == 4)
    #expect(ColorMapping.nearestBasic8(red: 0xFF, green: 0xFF, blue: 0xFF) == 7)
    #expect(ColorMapping.nearestBasic8(red: 0x1C, green: 0x1C, blue: 0x1C) == 0)
  }

  @Test func namedAndIndexedColors() {
    #expect(ThemeColor(parsing: "bright-red") == .named("bright-red"))
    #expect(ThemeColor(parsing: "Gray") == .named("grey"))
    #expect(ThemeColor(parsing: "bright-grey") == nil)
    #expect(ThemeColor(parsing: "256") == nil)
    #expect(ThemeColor(parsing: "#00FF7f") == .rgb(0, 255, 127))
    #expect(ThemeColor.named("bright-red").colorNumber(in: .xterm256) == 9)
    #expect(ThemeColor.named("bright-red").colorNumber(in: .basic8) == 1)
    // grey (127,127,127) is a grey, light enough to be white rather than black.
    #expect(ThemeColor.named("grey").colorNumber(in: .basic8) == 7)
    #expect(ThemeColor.indexed(196).colorNumber(in: .basic8) == 1)
    #expect(ThemeColor.indexed(3).colorNumber(in: .basic8) == 3)
    #expect(ThemeColor.terminalDefault.colorNumber(in: .xterm256) == nil)
    #expect(ThemeColor.rgb(1, 2, 3).colorNumber(in: .monochrome) == nil)
  }
}

@Suite struct ColorModeTests {
  @Test func noColorWinsWhenSetAndNotEmpty() {
    #expect(ColorMode.detect(environment: ["NO_COLOR": "1"], colorCount: 256) == .monochrome)
    #expect(ColorMode.detect(environment: ["NO_COLOR": ""], colorCount: 256) == .xterm256)
  }

  @Test func colorCountDecides() {
    #expect(ColorMode.detect(environment: [:], colorCount: 256) == .xterm256)
    #expect(ColorMode.detect(environment: [:], colorCount: 16_777_216) == .xterm256)
    #expect(ColorMode.detect(environment: [:], colorCount: 16) == .basic8)
    #expect(ColorMode.detect(environment: [:], colorCount: 8) == .basic8)
    #expect(ColorMode.detect(environment: [:], colorCount: 0) == .monochrome)
  }

  @Test func limitOnlyTakesColorsAway() {
    #expect(ColorMode.xterm256.limited(to: .basic8) == .basic8)
    #expect(ColorMode.basic8.limited(to: .xterm256) == .basic8)
    #expect(ColorMode.monochrome.limited(to: .xterm256) == .monochrome)
  }
}

@Suite struct TerminalPaletteTests {
  @Test func ownBackgroundReplacesReverse() {
    let palette = TerminalPalette(theme: .standard, mode: .xterm256)
    #expect(palette.entries[.focus]?.background == 24)  // #005f87
    #expect(palette.entries[.focus]?.hasOwnBackground == true)
    #expect(palette.attributes(for: .focus) == .bold)  // theme's bold, no reverse
    #expect(palette.entries[.text]?.background == 234)  // #1c1c1c
    #expect(palette.attributes(for: CellStyle(.text, reverse: true)) == .reverse)
  }

  @Test func backgroundThatCollapsesKeepsReverse() {
    // In 8 colors the selection's #3a3a3a becomes black like the screen: reverse it is.
    let palette = TerminalPalette(theme: .standard, mode: .basic8)
    #expect(palette.entries[.selection]?.background == 0)
    #expect(palette.entries[.selection]?.hasOwnBackground == false)
    #expect(palette.attributes(for: .selection).contains(.reverse))
  }

  @Test func rolesThatCollapseToTextBorrowMonochromeAttributes() {
    // Default theme, 8 colors: muted #8a8a8a and text #d0d0d0 both become white (7).
    let palette = TerminalPalette(theme: .standard, mode: .basic8)
    #expect(palette.entries[.muted]?.foreground == 7)
    #expect(palette.entries[.text]?.foreground == 7)
    #expect(palette.attributes(for: .muted) == .dim)
    // Accent #5fafff becomes cyan: still distinct, so no borrowed bold.
    #expect(palette.entries[.accent]?.foreground == 6)
    #expect(palette.attributes(for: .accent) == [])
    // In 256 colors muted keeps its own grey and needs no dim.
    #expect(TerminalPalette(theme: .standard, mode: .xterm256).attributes(for: .muted) == [])
  }

  @Test func monochromeUsesAttributesOnly() {
    let palette = TerminalPalette(theme: .standard, mode: .monochrome)
    #expect(palette.entries.values.allSatisfy { $0.foreground == nil && $0.background == nil })
    #expect(palette.attributes(for: .muted) == .dim)
    #expect(palette.attributes(for: .accent) == .bold)
    #expect(palette.attributes(for: .focus) == [.bold, .reverse])
    #expect(palette.attributes(for: .text) == [])
  }
}
