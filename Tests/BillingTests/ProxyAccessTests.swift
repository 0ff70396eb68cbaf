import Foundation
import Testing

@testable import Billing

/// R25a: what goes on an IP whitelist, and the `curl` line the access view prints.
@Suite struct ProxyAccessTests {
  /// Accepted spellings and the one entry each becomes.
  @Test(arguments: [
    ("203.0.113.5", "203.0.113.5"),
    ("  8.8.8.8 ", "8.8.8.8"),
    ("1.0.0.1", "1.0.0.1"),
    ("2001:db8::5", "2001:db8::5"),
    ("2001:DB8:0:0:0:0:0:5", "2001:db8::5"),
    ("2001:0db8:0000:0000:0000:0000:0000:0005", "2001:db8::5"),
    // RFC 5952: the longest zero run is compressed, the first of two equal ones.
    ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
    ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
    // One zero group is not compressed.
    ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
    ("2a00:1450:4001:82b::200e", "2a00:1450:4001:82b::200e"),
    ("2001:db8:1:2:3:4:5::", "2001:db8:1:2:3:4:5:0"),
    // An IPv4-mapped address is the IPv4 address the proxy sees.
    ("::ffff:203.0.113.9", "203.0.113.9"),
    ("::FFFF:cb00:7109", "203.0.113.9"),
    ("2001:db8::198.51.100.7", "2001:db8::c633:6407"),
  ])
  func R25a_whitelistAcceptsAddressesInTheirCanonicalForm(input: String, stored: String) {
    #expect((try? WhitelistRules.checked(input).get())?.description == stored)
  }

  @Test(arguments: [
    "", "   ", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4",
    "01.2.3.4", "1.2.3.04", "0x7f.0.0.1", "1..2.3", "1.2.3.4\t5", "1.2.3.4.",
    "١.٢.٣.٤", "１.２.３.４", "2001:db8::5::1", "2001:db8:::5", ":2001:db8::5",
    "2001:db8::5:", "12345::1", "2001:db8:0:0:0:0:0:0:5", "2001:db8:0:0:0:0:5",
    "g001:db8::1", "2001:db8::1.2.3", "1.2.3.4::", "::1.2.3.4:5", "2001:db8::ｆ",
    "1:2:3:4:5:6:7::8",
  ])
  func R25a_whitelistRefusesGarbage(input: String) {
    #expect(throws: WhitelistRules.Problem.self) { try WhitelistRules.checked(input).get() }
  }

  @Test func R25a_whitelistSaysWhyARangeOrZoneIsRefused() {
    #expect(WhitelistRules.checked("203.0.113.0/24") == .failure(.range))
    #expect(WhitelistRules.checked("2001:db8::/32") == .failure(.range))
    #expect(WhitelistRules.checked("fe80::1%eth0") == .failure(.zone))
    #expect(WhitelistRules.checked("") == .failure(.empty))
    #expect(WhitelistRules.checked("pizza") == .failure(.notAnAddress))
  }

  /// Addresses a request to the proxy can never come from: each refused with the reason.
  @Test(arguments: [
    ("0.0.0.0", "any address"), ("127.0.0.1", "loopback"), ("127.255.1.2", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("172.31.255.255", "private"),
    ("192.168.1.10", "private"), ("100.64.0.1", "carrier-grade NAT"),
    ("169.254.1.1", "link-local"), ("224.0.0.1", "multicast"),
    ("255.255.255.255", "broadcast"), ("::", "any address"), ("::1", "loopback"),
    ("0:0:0:0:0:0:0:1", "loopback"), ("fd12:3456::1", "unique local"),
    ("fe80::1", "link-local"), ("ff02::1", "multicast"), ("::ffff:127.0.0.1", "loopback"),
  ])
  func R25a_whitelistRefusesAddressesThatAreNotPublic(input: String, reason: String) {
    guard case .failure(.notPublic(let why)) = WhitelistRules.checked(input) else {
      Issue.record("\(input) was not refused as not public")
      return
    }
    #expect(why.contains(reason))
  }

  @Test func R25a_whitelistNeighboursOfPrivateRangesArePublic() {
    // 172.15/172.32 lie just outside 172.16.0.0/12; 100.63/100.128 outside 100.64.0.0/10.
    for text in ["172.15.255.255", "172.32.0.0", "100.63.0.1", "100.128.0.1", "fbff::1", "fec0::1"] {
      #expect((try? WhitelistRules.checked(text).get()) != nil, "\(text)")
    }
  }

  @Test func R25a_whitelistRefusesDuplicatesWhateverTheSpelling() throws {
    let list = [try WhitelistRules.checked("2001:db8::5").get()]
    #expect(
      WhitelistRules.checked("2001:0DB8:0:0::5", joining: list) == .failure(.duplicate("2001:db8::5")))
    #expect(WhitelistRules.Problem.duplicate("2001:db8::5").message == "2001:db8::5 is already whitelisted.")
    #expect((try? WhitelistRules.checked("2001:db8::6", joining: list).get()) != nil)
  }

  @Test func R25a_whitelistHoldsAtMostTwentyAddresses() throws {
    let full = try (1...20).map { try WhitelistRules.checked("203.0.113.\($0)").get() }
    #expect(WhitelistRules.maximumEntries == 20)
    #expect(WhitelistRules.checked("203.0.113.99", joining: full) == .failure(.full))
    #expect((try? WhitelistRules.checked("203.0.113.99", joining: Array(full.dropLast())).get()) != nil)
  }

  @Test func R25a_whitelistSortsIPv4First() throws {
    let sorted = try ["2001:db8::1", "203.0.113.9", "8.8.8.8"].map {
      try WhitelistRules.checked($0).get()
    }.sorted()
    #expect(sorted.map(\.description) == ["8.8.8.8", "203.0.113.9", "2001:db8::1"])
  }

  // MARK: curl line

  let endpoint = ProxyEndpoint(
    product: .residential, host: "res.proxydash.example", rotatingPort: 7000,
    stickyPorts: 10000...10999)
  let user = ProxyUser(
    id: "a-u1", product: .residential, name: "scraper", createdAt: Date(timeIntervalSince1970: 0))

  func access(endpoint: ProxyEndpoint?) -> ProxyAccess {
    ProxyAccess(product: .residential, endpoint: endpoint, users: [user], whitelist: [])
  }

  @Test func R25a_curlLineHidesThePasswordBehindAPlaceholder() {
    #expect(
      access(endpoint: endpoint).curlCommand(user: user)
        == "curl -x http://scraper:PASSWORD@res.proxydash.example:7000 https://ip.example")
  }

  @Test func R25a_curlLineWithoutUserReliesOnTheWhitelist() {
    #expect(
      access(endpoint: endpoint).curlCommand(user: nil)
        == "curl -x http://res.proxydash.example:7000 https://ip.example")
  }

  @Test func R25a_curlLineEncodesAPasswordForURLAndShell() {
    // '/', '#', '%' and '$' are allowed in proxy passwords (only spaces, ':' and '@' are
    // not): percent-encoded in the URL, they leave nothing for the shell to read.
    #expect(
      access(endpoint: endpoint).curlCommand(user: user, password: "p/#%$x!'")
        == "curl -x http://scraper:p%2F%23%25%24x%21%27@res.proxydash.example:7000 https://ip.example")
    #expect(ProxyAccess.shellQuoted("a b'c") == "'a b'\\''c'")
  }

  @Test func R25a_noCurlLineWithoutAnEndpoint() {
    #expect(access(endpoint: nil).curlCommand(user: user) == nil)
  }
}
