import Billing
import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// R25a's pop-up: `a` in a subscription tab shows the endpoint, the credentials (the
/// password only on request), the whitelist with add and remove, and a `curl` line.
@Suite struct ProxyAccessPopupTests {
  static let endpoint = ProxyEndpoint(
    product: .residential, host: "res.proxydash.example", rotatingPort: 7000,
    stickyPorts: 10000...10999)
  static let users = [
    ProxyUser(id: "acct-ava-u1", product: .residential, name: "scraper-main", createdAt: Fixtures.now),
    ProxyUser(id: "acct-ava-u2", product: .residential, name: "price-monitor", createdAt: Fixtures.now),
  ]

  static func address(_ text: String) -> WhitelistAddress {
    (try? WhitelistRules.checked(text).get()) ?? WhitelistAddress(parsing: "8.8.8.8")!
  }

  static func access(_ whitelist: [String] = ["203.0.113.5"]) -> ProxyAccess {
    ProxyAccess(
      product: .residential, endpoint: endpoint, users: users, whitelist: whitelist.map(address))
  }

  /// Account settings' first tab, `a`, and the runtime's answer.
  static func opened(_ access: ProxyAccess = access(), account: Account = Fixtures.customer())
    -> AppState
  {
    var state = Fixtures.state(account)
    Fixtures.press([.character("a")], on: &state)
    _ = state.apply(.proxyAccess(access))
    return state
  }

  @Test func R25a_aOpensProxyAccessAndLoadsIt() {
    var state = Fixtures.state()
    let effects = Fixtures.press([.character("a")], on: &state)
    #expect(effects == [.loadProxyAccess(.residential)])
    #expect(state.overlay is ProxyAccessPopup)
    #expect(state.render().contains("Loading"))
  }

  @Test func R25a_showsEndpointPortsWhitelistAndACurlLine() {
    let screen = Self.opened().render()
    #expect(screen.contains("Endpoint: res.proxydash.example"))
    #expect(screen.contains("Rotating: port 7000"))
    #expect(screen.contains("Sticky: ports 10000–10999"))
    #expect(screen.contains("Whitelisted IPs: 1 of 20"))
    #expect(screen.contains("203.0.113.5"))
    // The line from `curl -x` to the box's edge.
    let curl = screen.lines.compactMap { line in
      line.range(of: "curl -x ").map {
        String(line[$0.lowerBound...]).trimmingCharacters(in: CharacterSet(charactersIn: " │"))
      }
    }.first
    #expect(curl == "curl -x http://scraper-main:PASSWORD@res.proxydash.example:7000 \\")
    #expect(screen.contains("https://ip.example"))
  }

  /// The `curl` command as a shell reads it: its rows, from the column where it starts to
  /// the box's edge, joined where a row ends in `\`.
  static func curlCommand(in screen: Canvas) -> String? {
    let rows = screen.lines.map { Array($0) }
    let start = Array("curl -x ")
    for (index, row) in rows.enumerated() {
      guard let column = row.indices.first(where: { row[$0...].starts(with: start) }) else { continue }
      func text(_ row: [Character]) -> String {
        String(row.dropFirst(column)).trimmingCharacters(in: CharacterSet(charactersIn: " │|"))
      }
      var command = text(row)
      var next = index + 1
      while command.hasSuffix("\\"), next < rows.count {
        command = String(command.dropLast()) + text(rows[next])
        next += 1
      }
      return command.split(separator: " ").joined(separator: " ")
    }
    return nil
  }

  @Test func R25a_aProxyPasswordIsShownOnlyOnRequest() {
    var state = Self.opened()
    let before = state.render()
    #expect(before.contains("Password: ••••••••"))
    #expect(Self.curlCommand(in: before)?.contains("scraper-main:PASSWORD@") == true)
    // Loaded only when asked for, for the user on screen.
    #expect(Fixtures.press([.character("v")], on: &state) == [.loadProxyUserPassword(id: "acct-ava-u1")])
    #expect(state.render().contains("Password: loading…"))
    _ = state.apply(.proxyUserPassword(id: "acct-ava-u1", password: "pw!x7q2z"))
    let after = state.render()
    #expect(!after.contains("••••••••"))
    #expect(after.contains("Password: pw!x7q2z"))
    // `!` percent-encoded in the URL (%21); nothing in it the shell reads, so unquoted.
    #expect(
      Self.curlCommand(in: after)
        == "curl -x http://scraper-main:pw%21x7q2z@res.proxydash.example:7000 https://ip.example")
    #expect(!after.contains("Replace PASSWORD"))
    // Another user's credentials start hidden, and a late answer for the first is not shown.
    Fixtures.press([.tab], on: &state)
    _ = state.apply(.proxyUserPassword(id: "acct-ava-u1", password: "pw!x7q2z"))
    let other = state.render()
    #expect(other.contains("price-monitor (2 of 2)"))
    #expect(other.contains("Password: ••••••••"))
    #expect(!other.contains("pw!x7q2z") && !other.contains("pw%21x7q2z"))
    // Closing the pop-up forgets it: opened again, the password is hidden.
    Fixtures.press([.tab, .character("v")], on: &state)
    _ = state.apply(.proxyUserPassword(id: "acct-ava-u1", password: "pw!x7q2z"))
    #expect(state.render().contains("Password: pw!x7q2z"))
    Fixtures.press([.escape, .character("a")], on: &state)
    _ = state.apply(.proxyAccess(Self.access()))
    #expect((state.overlay as? ProxyAccessPopup)?.reveal == nil)
    #expect(!state.render().contains("pw!x7q2z"))
  }

  @Test func R25a_anOlderProxyUserSaysHowToSeeItsPassword() {
    var state = Self.opened()
    Fixtures.press([.character("v")], on: &state)
    _ = state.apply(.proxyUserPassword(id: "acct-ava-u1", password: nil))
    let screen = state.render()
    #expect(screen.contains("Password: not kept"))
    // The advice wraps at 80 columns: "... set a new" / "password (Proxy users, 4, w) ...".
    let rows = screen.lines.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " │|")) }
    #expect(rows.joined(separator: " ").contains("set a new password (Proxy users, 4, w) to see it."))
    #expect(Self.curlCommand(in: screen)?.contains("scraper-main:PASSWORD@") == true)
    #expect(screen.contains("Replace PASSWORD with scraper-main's password."))
  }

  @Test func R25a_aBadAddressIsRefusedInTheFormAndNothingIsSent() {
    var state = Self.opened()
    Fixtures.press([.character("w")], on: &state)
    Fixtures.press("192.168.1.10".map { .character($0) }, on: &state)
    let effects = Fixtures.press([.enter], on: &state)
    #expect(effects.isEmpty)
    #expect(state.render().contains("private (LAN) address"))
    // The input stays, ready to correct.
    #expect((state.overlay as? ProxyAccessPopup)?.newAddress?.text == "192.168.1.10")
  }

  @Test func R25a_aDuplicateIsRefusedWhateverItsSpelling() {
    var state = Self.opened(Self.access(["2001:db8::5"]))
    Fixtures.press([.character("w")], on: &state)
    Fixtures.press("2001:DB8:0::5".map { .character($0) }, on: &state)
    #expect(Fixtures.press([.enter], on: &state).isEmpty)
    #expect(state.render().contains("2001:db8::5 is already whitelisted."))
  }

  @Test func R25a_aGoodAddressIsSentAndTheAnswerShown() {
    var state = Self.opened()
    Fixtures.press([.character("w")], on: &state)
    Fixtures.press("2001:db8::7".map { .character($0) }, on: &state)
    let effects = Fixtures.press([.enter], on: &state)
    #expect(effects == [.whitelist(product: .residential, address: "2001:db8::7")])
    _ = state.apply(.proxyAccess(Self.access(["203.0.113.5", "2001:db8::7"])))
    let screen = state.render()
    #expect(screen.contains("Whitelisted 2001:db8::7."))
    #expect(screen.contains("Whitelisted IPs: 2 of 20"))
    #expect((state.overlay as? ProxyAccessPopup)?.newAddress == nil)
  }

  @Test func R25a_aServiceRefusalKeepsTheInput() {
    var state = Self.opened()
    Fixtures.press([.character("w")], on: &state)
    Fixtures.press("198.51.100.4".map { .character($0) }, on: &state)
    _ = Fixtures.press([.enter], on: &state)
    _ = state.apply(.failed(Failure(message: "Buy a plan first.")))
    let popup = state.overlay as? ProxyAccessPopup
    #expect(popup?.newAddress?.text == "198.51.100.4")
    #expect(popup?.newAddress?.error == "Buy a plan first.")
  }

  @Test func R25a_xRemovesTheSelectedAddress() {
    var state = Self.opened(Self.access(["8.8.8.8", "203.0.113.5"]))
    let effects = Fixtures.press([.down, .character("x")], on: &state)
    #expect(effects == [.removeFromWhitelist(product: .residential, address: Self.address("203.0.113.5"))])
    _ = state.apply(.proxyAccess(Self.access(["8.8.8.8"])))
    #expect(state.render().contains("Removed 203.0.113.5 from the whitelist."))
  }

  @Test func R25a_keysThatCannotWorkSayWhy() {
    var state = Self.opened(
      ProxyAccess(product: .residential, endpoint: Self.endpoint, users: [], whitelist: []))
    guard let popup = state.overlay as? ProxyAccessPopup else {
      Issue.record("no pop-up")
      return
    }
    let rows = popup.helpRows(in: state.popupContext)
    #expect(rows.first { $0.label == "remove IP" }?.disabledReason == "The whitelist is empty.")
    #expect(rows.first { $0.label == "show password" }?.disabledReason?.contains("No proxy users") == true)
    // Without users the line relies on the whitelist: no credentials in it.
    #expect(state.render().contains("curl -x http://res.proxydash.example:7000 https://ip.example"))
    Fixtures.press([.character("x")], on: &state)
    #expect(state.banner?.text == "The whitelist is empty.")
  }

  @Test func R25a_contentStaysInItsBoxAt80x24() {
    let many = (1...20).map { "198.51.100.\($0)" }
    var state = Self.opened(Self.access(many))
    Fixtures.press([.character("v")], on: &state)
    let screen = state.render()
    // The box's last row still shows its hint line and the list says how much is shown.
    #expect(screen.contains("Esc close"))
    #expect(screen.lines.contains { $0.contains("of 20") && $0.contains("–") })
    #expect(screen.contains("curl -x"))
  }

  /// Broken lines still run when pasted into a shell: joined at `\`-newline they are
  /// the command again, and no line is wider than asked.
  @Test(arguments: [20, 40, 72, 200])
  func R25a_longCommandsBreakWhereAShellJoinsThem(width: Int) {
    let command =
      "curl -x http://a-very-long-proxy-user-name-indeed:PASSWORD@residential.gateway.proxydash.example:7000 https://ip.example"
    let lines = ProxyAccessPopup.commandLines(command, width: width)
    #expect(lines.allSatisfy { $0.count <= width })
    #expect(lines[0].hasPrefix("curl -x"))
    // A shell removes backslash-newline; the indent of a new word is only a separator.
    let joined = lines.joined(separator: "\n").replacingOccurrences(of: "\\\n", with: "")
    #expect(joined.split(separator: " ").map(String.init) == command.split(separator: " ").map(String.init))
  }

  /// A new buyer's receipt says how to connect, and `a` on it opens proxy access.
  @Test func R25a_aNewBuyersReceiptLeadsToProxyAccess() throws {
    let account = Account(
      id: "acct-nora", email: "nora@example.com", profile: BillingProfile(name: "Nora", country: "US"),
      createdAt: Fixtures.now)
    let quote = try Fixtures.checkout.quote(
      planID: "res-micro", for: account, paymentMethod: Fixtures.card, couponCode: nil, now: Fixtures.now)
    let outcome = Fixtures.checkout.apply(quote, to: account, now: Fixtures.now)
    let snapshot = Fixtures.snapshot(outcome.account)
    #expect(PurchaseText.describe(outcome, snapshot: snapshot).contains("How to connect: press a"))
    let plan = try #require(Fixtures.catalog.plan(id: "res-micro"))
    var form = CheckoutForm(plan: plan, snapshot: Fixtures.snapshot(account), key: "k")
    form.outcome = PurchaseText.describe(outcome, snapshot: snapshot)
    let result = form.handle(.character("a"), snapshot: snapshot)
    #expect(result.closes)
    guard case .overlay(let popup)? = result.requests.first, let access = popup as? ProxyAccessPopup else {
      Issue.record("a did not open proxy access: \(result.requests)")
      return
    }
    #expect(access.product == .residential)
    guard case .effect(let effect)? = result.requests.last else {
      Issue.record("no load effect")
      return
    }
    #expect(effect == .loadProxyAccess(.residential))
    // A plan change's receipt does not: the customer is connected already.
    let upgrade = try Fixtures.checkout.quote(
      planID: "res-starter", for: outcome.account, paymentMethod: Fixtures.card, couponCode: nil,
      now: Fixtures.now)
    let changed = Fixtures.checkout.apply(upgrade, to: outcome.account, now: Fixtures.now)
    #expect(!PurchaseText.describe(changed, snapshot: snapshot).contains("How to connect"))
  }
}
