import Billing
import Foundation
import Storage
import Testing

@testable import Services

/// R25a through the service: the access view's data, and a whitelist per account and
/// product that the service checks with the same rules as the form.
@Suite struct ProxyAccessServiceTests {
  static let endpoints = [
    ProxyEndpoint(
      product: .residential, host: "res.proxydash.example", rotatingPort: 7000,
      stickyPorts: 10000...10999),
    ProxyEndpoint(
      product: .datacenter, host: "dc.proxydash.example", rotatingPort: 8000,
      stickyPorts: 20000...20999),
  ]

  func world() throws -> TestWorld {
    let world = try TestWorld()
    try world.service.store.write { try $0.setProxyEndpoints(Self.endpoints) }
    return world
  }

  @Test func R25a_accessShowsTheProductsEndpointAndUsers() throws {
    let world = try world()
    let account = try world.signUp()
    _ = try world.buy("res-starter", for: account)
    _ = try world.service.addProxyUser(
      accountID: account.id, product: .residential, name: "scraper", password: "secret-pass",
      limit: nil)
    let access = try world.service.proxyAccess(accountID: account.id, product: .residential)
    #expect(access.endpoint == Self.endpoints[0])
    #expect(access.users.map(\.name) == ["scraper"])
    #expect(access.whitelist.isEmpty)
    #expect(
      access.curlCommand(user: access.users.first)
        == "curl -x http://scraper:PASSWORD@res.proxydash.example:7000 https://ip.example")
    let datacenter = try world.service.proxyAccess(accountID: account.id, product: .datacenter)
    #expect(datacenter.endpoint?.host == "dc.proxydash.example")
    #expect(datacenter.users.isEmpty)
  }

  @Test func R25a_whitelistIsStoredPerAccountAndProduct() throws {
    let world = try world()
    let ava = try world.signUp()
    let ben = try world.signUp("ben@example.com")
    _ = try world.buy("res-starter", for: ava)
    _ = try world.buy("res-starter", for: ben)
    _ = try world.buy("dc-clever", for: ava)
    _ = try world.service.whitelist("203.0.113.5", accountID: ava.id, product: .residential)
    let after = try world.service.whitelist(
      "2001:DB8::0:5", accountID: ava.id, product: .residential)
    #expect(after.whitelist.map(\.description) == ["203.0.113.5", "2001:db8::5"])
    // Another product of the same account and another account each have their own list.
    #expect(try world.service.proxyAccess(accountID: ava.id, product: .datacenter).whitelist.isEmpty)
    #expect(try world.service.proxyAccess(accountID: ben.id, product: .residential).whitelist.isEmpty)
    _ = try world.service.whitelist("203.0.113.5", accountID: ava.id, product: .datacenter)
    _ = try world.service.whitelist("203.0.113.5", accountID: ben.id, product: .residential)
    // Kept across a reopen: another process sees the same list.
    let reopened = try world.reopened()
    #expect(
      try reopened.proxyAccess(accountID: ava.id, product: .residential).whitelist.map(\.description)
        == ["203.0.113.5", "2001:db8::5"])
    reopened.store.close()
  }

  @Test func R25a_whitelistRefusesDuplicatesAndGarbageWithTheFormsWords() throws {
    let world = try world()
    let account = try world.signUp()
    _ = try world.buy("res-starter", for: account)
    _ = try world.service.whitelist("2001:db8::5", accountID: account.id, product: .residential)
    expectError(.invalidInput("2001:db8::5 is already whitelisted.")) { () throws(ServiceError) in
      try world.service.whitelist(
        "2001:0db8:0:0:0:0:0:5", accountID: account.id, product: .residential)
    }
    expectError(.invalidInput(WhitelistRules.Problem.notAnAddress.message)) {
      () throws(ServiceError) in
      try world.service.whitelist("1.2.3", accountID: account.id, product: .residential)
    }
    let loopback = thrownError { () throws(ServiceError) in
      try world.service.whitelist("127.0.0.1", accountID: account.id, product: .residential)
    }
    #expect(loopback?.description.contains("loopback") == true)
    #expect(
      try world.service.proxyAccess(accountID: account.id, product: .residential).whitelist.map(
        \.description) == ["2001:db8::5"])
  }

  @Test func R25a_whitelistIsFullAtTwentyAddresses() throws {
    let world = try world()
    let account = try world.signUp()
    _ = try world.buy("res-starter", for: account)
    for last in 1...20 {
      _ = try world.service.whitelist(
        "198.51.100.\(last)", accountID: account.id, product: .residential)
    }
    expectError(.invalidInput(WhitelistRules.Problem.full.message)) { () throws(ServiceError) in
      try world.service.whitelist("198.51.100.21", accountID: account.id, product: .residential)
    }
    #expect(
      try world.service.proxyAccess(accountID: account.id, product: .residential).whitelist.count
        == 20)
  }

  @Test func R25a_whitelistNeedsALiveSubscriptionButRemovingDoesNot() throws {
    let world = try world()
    let account = try world.signUp()
    expectError(
      .invalidInput("Buy a Residential proxies plan first: a whitelist opens that plan's proxies.")
    ) { () throws(ServiceError) in
      try world.service.whitelist("203.0.113.5", accountID: account.id, product: .residential)
    }
    let outcome = try world.buy("res-starter", for: account)
    _ = try world.service.whitelist("203.0.113.5", accountID: account.id, product: .residential)
    // Cancelled, then ended at its period's end (Jan 10 + 1 month = Feb 10; Feb 12 is
    // after it): nothing more can be added, but what is there can be taken off.
    _ = try world.service.cancel(accountID: account.id, subscriptionID: outcome.subscription.id)
    world.clock.advance(by: 33 * 86_400)
    _ = try world.service.runBillingStep(accountID: account.id)
    #expect(try world.service.account(id: account.id).liveSubscription(of: .residential) == nil)
    expectError(
      .invalidInput("Buy a Residential proxies plan first: a whitelist opens that plan's proxies.")
    ) { () throws(ServiceError) in
      try world.service.whitelist("203.0.113.6", accountID: account.id, product: .residential)
    }
    let address = try WhitelistRules.checked("203.0.113.5").get()
    let after = try world.service.removeFromWhitelist(
      address, accountID: account.id, product: .residential)
    #expect(after.whitelist.isEmpty)
    expectError(.invalidInput("203.0.113.5 is not on the Residential proxies whitelist.")) {
      () throws(ServiceError) in
      try world.service.removeFromWhitelist(address, accountID: account.id, product: .residential)
    }
  }
}
