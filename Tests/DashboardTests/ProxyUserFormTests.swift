import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// R25's form: what is wrong is said beside each field, all at once, and nothing is sent.
@Suite struct ProxyUserFormTests {
  /// Opens Add on the Proxy users screen, fills the three fields and presses Add.
  static func add(name: String, password: String, limit: String) -> (AppState, [Effect]) {
    var state = Fixtures.state(section: .proxyUsers)
    Fixtures.press([.character("a")], on: &state)
    for (index, text) in [name, password, limit].enumerated() {
      if index > 0 { Fixtures.press([.tab], on: &state) }
      Fixtures.press(text.map { .character($0) }, on: &state)
    }
    let effects = Fixtures.press([.tab, .enter], on: &state)
    return (state, effects)
  }

  @Test func R25_everyBadFieldIsNamedAtOnce() {
    let (state, effects) = Self.add(name: "my user!", password: "short", limit: "abc")
    #expect(effects.isEmpty)
    let screen = state.render()
    #expect(screen.contains("! Use 1–32 letters, digits, -, _ or ."))
    #expect(screen.contains("! At least 8 characters."))
    #expect(screen.contains("! A limit is a whole number of GB"))
    guard let form = state.overlay as? ProxyUserForm else {
      Issue.record("the form closed")
      return
    }
    #expect(form.form.focusedField == 0, "focus on the first bad field, Name")
  }

  @Test func R25_aGoodFormIsSent() {
    let (_, effects) = Self.add(name: "crawler-2", password: "long-enough", limit: "12")
    #expect(
      effects == [
        .addProxyUser(product: .residential, name: "crawler-2", password: "long-enough", limit: .gb(12))
      ])
  }

  /// The form used its own copy of the rules: it refused `.` in a name, which the
  /// service accepts, and sent passwords with a space, `:` or `@`, which it refuses.
  @Test func R25_formAcceptsWhatTheServiceAccepts() {
    let (_, effects) = Self.add(name: "scraper.eu", password: "long-enough", limit: "")
    #expect(
      effects == [
        .addProxyUser(product: .residential, name: "scraper.eu", password: "long-enough", limit: nil)
      ])
  }

  @Test(arguments: ["long enough", "user:secret", "me@proxies1"])
  func R25_formRefusesPasswordsTheServiceRefuses(password: String) {
    let (state, effects) = Self.add(name: "crawler-2", password: password, limit: "")
    #expect(effects.isEmpty)
    #expect(state.render().contains("! No spaces, ':' or '@'."))
    #expect(ProxyUserRules.problem(withPassword: password) == .breaksProxyURLs)
  }
}

/// A list of proxy users longer than the screen scrolls with the selection.
@Suite struct ProxyUserListTests {
  @Test func R25_selectedUserStaysInViewInALongList() {
    var snapshot = Fixtures.snapshot(Fixtures.customer())
    let start = snapshot.account.subscriptions[0].periodStart
    snapshot.proxyUsers = (1...30).map {
      ProxyUser(id: "u\($0)", product: .residential, name: "crawler-\($0)", createdAt: start)
    }
    var state = AppState(width: 80, height: 24)
    _ = state.apply(.loggedIn(snapshot))
    state.section = .proxyUsers
    Fixtures.press(Array(repeating: Key.down, count: 29), on: &state)
    let lines = state.render().lines
    #expect(lines.contains { $0.contains("crawler-30") }, "the selected, last user shows")
    #expect(!lines.contains { $0.contains("crawler-1 ") }, "the first users scrolled away")
    #expect(lines.contains { $0.contains("Name") && $0.contains("This period") }, "the header stays")
  }
}
