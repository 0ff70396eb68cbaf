import Billing
import Foundation
import Testing

@testable import Dashboard

/// R25's form: what is wrong is said beside each field, all at once, and nothing is sent.
@Suite struct ProxyUserFormTests {
  static func type(_ text: String, on state: inout AppState) {
    Fixtures.press(text.map { .character($0) }, on: &state)
  }

  @Test func R25_everyBadFieldIsNamedAtOnce() {
    var state = Fixtures.state(section: .proxyUsers)
    Fixtures.press([.character("a")], on: &state)
    Self.type("my user!", on: &state)
    Fixtures.press([.tab], on: &state)
    Self.type("short", on: &state)
    Fixtures.press([.tab], on: &state)
    Self.type("abc", on: &state)
    let effects = Fixtures.press([.tab, .enter], on: &state)
    #expect(effects.isEmpty)
    let screen = state.render()
    #expect(screen.contains("! Use 1–32 letters, digits, - or _."))
    #expect(screen.contains("! At least 8 characters."))
    #expect(screen.contains("! A limit is a whole number of GB"))
    guard case .proxyUser(let form) = state.overlay else {
      Issue.record("the form closed")
      return
    }
    #expect(form.form.focusedField == 0, "focus on the first bad field, Name")
  }

  @Test func R25_aGoodFormIsSent() {
    var state = Fixtures.state(section: .proxyUsers)
    Fixtures.press([.character("a")], on: &state)
    Self.type("crawler-2", on: &state)
    Fixtures.press([.tab], on: &state)
    Self.type("long enough", on: &state)
    Fixtures.press([.tab], on: &state)
    Self.type("12", on: &state)
    let effects = Fixtures.press([.tab, .enter], on: &state)
    #expect(
      effects == [
        .addProxyUser(product: .residential, name: "crawler-2", password: "long enough", limit: .gb(12))
      ])
  }
}
