import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// Every screen of Account settings, log-in and the pop-ups, drawn at 80×24 and 120×40:
/// the words a customer needs are on screen and each pop-up is whole (both corners).
@Suite struct ScreenRenderTests {
  static let sizes = [(80, 24), (120, 40)]

  struct Case: Sendable, CustomStringConvertible {
    var name: String
    var keys: [Key]
    var expected: [String]
    var popup = false
    var description: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "subscription tab", keys: [],
      expected: [
        "State: Active", "Auto-renewal: on", "Next charge:", "Payment method:", "Refund: not available",
      ]),
    Case(name: "billing history", keys: [.tab], expected: ["Date", "Total", "Status", "$484.00"]),
    Case(
      name: "profile", keys: [.tab, .tab],
      expected: ["Billing country", "Netherlands (NL)", "Change password"]),
    Case(
      name: "cancel pop-up", keys: [.character("c")],
      expected: ["Cancelling means", "Keep subscription", "Cancel subscription"], popup: true),
    Case(
      name: "payment form", keys: [.character("u")],
      expected: ["Card number", "Expiry (MM/YY)", "Security code", "Name on card", "Save"], popup: true),
    // Refused actions are not offered; their key says why in the banner (issue 15).
    Case(name: "refund refused", keys: [.character("r")], expected: ["money-back window ended"]),
    Case(name: "extra traffic refused", keys: [.character("t")], expected: ["once this period's"]),
    Case(
      name: "profile edit", keys: [.tab, .tab, .character("e")],
      expected: ["Edit profile", "Country", "VAT id"], popup: true),
    Case(
      name: "password change", keys: [.tab, .tab, .character("w")],
      expected: ["Current password", "New password", "Repeat new"], popup: true),
    Case(
      name: "profile menu", keys: [.character("p")], expected: ["Account settings", "Log out"], popup: true),
    Case(
      name: "help", keys: [.character("?")],
      expected: ["Help · Account settings", "Cancel subscription (asks first)", "Go to Pricing"], popup: true),
    Case(
      name: "checkout", keys: [.character("n")],
      expected: ["Change: Renew", "Unused traffic: 6.0 GB transferred", "Total: $484.00"], popup: true),
  ]

  @Test(arguments: cases)
  func accountSettingsScreens(_ screenCase: Case) {
    for (width, height) in Self.sizes {
      var state = Fixtures.state(width: width, height: height)
      Fixtures.press(screenCase.keys, on: &state)
      let canvas = state.render()
      for text in screenCase.expected {
        #expect(
          canvas.contains(text),
          "\(screenCase.name) at \(width)×\(height) misses \"\(text)\":\n\(canvas.text)")
      }
      if screenCase.popup {
        #expect(
          canvas.contains("┌") && canvas.contains("┘"),
          "\(screenCase.name) pop-up is cut at \(width)×\(height)")
      }
      #expect(canvas.lines.allSatisfy { TerminalText.width($0) <= width })
    }
  }

  @Test func logInAndSignUpAtBothSizes() {
    for (width, height) in Self.sizes {
      var state = AppState(width: width, height: height)
      #expect(state.render().contains("Log in to ProxyDash"))
      #expect(state.render().contains("[ Log in ]"))
      _ = state.apply(.key(.tab))
      _ = state.apply(.key(.tab))
      _ = state.apply(.key(.tab))
      _ = state.apply(.key(.enter))
      let screen = state.render()
      #expect(screen.contains("Create your ProxyDash account"), "\(screen)")
      #expect(screen.contains("At least 10 characters"))
      #expect(screen.contains("Repeat password"))
    }
  }

  @Test func asciiBordersWithAscii() {
    var state = AppState(width: 80, height: 24, ascii: true)
    _ = state.apply(.loggedIn(Fixtures.snapshot(Fixtures.customer())))
    _ = state.apply(.key(.character("3")))
    _ = state.apply(.key(.character("c")))
    let text = state.render().text
    #expect(text.contains("+-"))
    #expect(!text.contains("┌"))
    #expect(!text.contains("█"))
  }

  @Test func wideCharactersKeepColumnsAligned() {
    var account = Fixtures.customer()
    account.profile.name = "山田 太郎 🚀"
    account.profile.company = "Zero\u{200B}Width"
    var state = Fixtures.state(account)
    Fixtures.press([.tab, .tab], on: &state)
    let lines = state.render().lines
    let nameLine = lines.first { $0.contains("山田") } ?? ""
    let companyLine = lines.first { $0.contains("ZeroWidth") } ?? ""
    // Both values start in the same terminal column after their labels.
    let nameColumn = TerminalText.width(
      String(nameLine[..<(nameLine.range(of: "山田")?.lowerBound ?? nameLine.startIndex)]))
    let companyColumn = TerminalText.width(
      String(companyLine[..<(companyLine.range(of: "ZeroWidth")?.lowerBound ?? companyLine.startIndex)]))
    #expect(nameColumn == companyColumn)
    #expect(nameColumn > 0)
  }
}
