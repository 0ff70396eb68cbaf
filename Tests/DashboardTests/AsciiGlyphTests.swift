import Billing
import Foundation
import Testing

@testable import Dashboard
@testable import TerminalUI

/// `--ascii` and a locale that is not UTF-8 (`LANG=C`): every cell of every screen is
/// ASCII, so nothing shows as `?` (issue 12: `(?) Visa ??4242`).
@Suite struct AsciiGlyphTests {
  /// Screens and pop-ups beyond the golden set: log-in, sign-up, checkout with a new
  /// card, the extra-traffic and profile forms, the profile menu, too small.
  static let extraScreens: [(String, Section, [Key])] = [
    ("checkout-new-card", .pricing, [.down, .enter, .right]),
    ("extra-traffic", .account, [.character("t")]),
    ("edit-profile", .account, [.tab, .tab, .character("e")]),
    ("profile-menu", .account, [.character("p")]),
    ("usage-ranges", .usage, [.tab, .tab]),
  ]

  static func nonASCII(in canvas: Canvas) -> [String] {
    var found: [String] = []
    for y in 0..<canvas.height {
      for x in 0..<canvas.width where !canvas[x, y].text.unicodeScalars.allSatisfy(\.isASCII) {
        found.append("\(canvas[x, y].text) at \(x),\(y)")
      }
    }
    return found
  }

  @Test(arguments: [(80, 24), (120, 40)])
  func everyScreenIsASCII(width: Int, height: Int) {
    for (name, section, keys) in GoldenScreenTests.screens + Self.extraScreens {
      var state = GoldenScreenTests.state(width: width, height: height, section: section)
      state.glyphs = .ascii
      Fixtures.press(keys, on: &state)
      let canvas = state.render()
      #expect(Self.nonASCII(in: canvas).isEmpty, "\(name): \(Self.nonASCII(in: canvas).prefix(5))\n\(canvas)")
    }
    var login = AppState(width: width, height: height, ascii: true)
    #expect(Self.nonASCII(in: login.render()).isEmpty)
    Fixtures.press("ava@example.com".map { Key.character($0) } + [.tab, .character("x")], on: &login)
    #expect(Self.nonASCII(in: login.render()).isEmpty, "\(login.render())")
    Fixtures.press([.tab, .tab, .enter], on: &login)
    #expect(login.render().contains("Repeat password"))
    #expect(Self.nonASCII(in: login.render()).isEmpty, "\(login.render())")
    let small = AppState(width: 60, height: 20, ascii: true)
    #expect(small.render().contains("60x20"))
    #expect(Self.nonASCII(in: small.render()).isEmpty)
  }

  @Test func checkoutMethodsReadInASCII() {
    var state = GoldenScreenTests.state(width: 100, height: 30, section: .pricing)
    state.glyphs = .ascii
    Fixtures.press([.down, .enter], on: &state)
    let text = state.render().text
    #expect(text.contains("(*) Visa **4242"), "\(text)")
    #expect(text.contains("Checkout - Upgrade"), "\(text)")
    // The top bar: `ProxyDash | Pricing` and the profile marker `[p] v`.
    #expect(text.contains("ProxyDash | Pricing"))
    #expect(text.contains("[p] v"))
  }

  @Test func fallbacksKeepTheirColumnsAndLetters() {
    #expect(AsciiFallback.text(for: "é", columns: 1) == "e")
    #expect(AsciiFallback.text(for: "山", columns: 2) == "??")
    #expect(AsciiFallback.text(for: "…", columns: 1) == "~")
    #expect(AsciiFallback.text(for: "\u{200B}", columns: 0) == "")
    var canvas = Canvas(width: 12, height: 1, asciiOnly: true)
    let end = canvas.put("山田 é→x", x: 0, y: 0)
    #expect(canvas.lines == ["???? e>x"])
    #expect(end == 8)
  }
}
