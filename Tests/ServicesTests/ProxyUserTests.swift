import Billing
import Foundation
import Storage
import Testing

@testable import Services

@Suite struct ProxyUserTests {
  @Test func R25_addWithinTheAllowanceOnly() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    expectError(
      .invalidInput("Buy a Residential proxies plan first: proxy users belong to a subscription.")
    ) {
      () throws(ServiceError) in
      try world.service.addProxyUser(
        accountID: account.id, product: .residential, name: "scraper", password: "secret-pass",
        limit: nil)
    }
    _ = try world.buy("res-starter", for: account)  // 2 included users
    let first = try world.service.addProxyUser(
      accountID: account.id, product: .residential, name: "scraper", password: "secret-pass",
      limit: .gb(5))
    #expect(first.limit == .gb(5))
    #expect(
      thrownError { () throws(ServiceError) in
        try world.service.addProxyUser(
          accountID: account.id, product: .residential, name: "SCRAPER", password: "secret-pass",
          limit: nil)
      } != nil)
    _ = try world.service.addProxyUser(
      accountID: account.id, product: .residential, name: "crawler", password: "secret-pass",
      limit: nil)
    let refusal = thrownError { () throws(ServiceError) in
      try world.service.addProxyUser(
        accountID: account.id, product: .residential, name: "third", password: "secret-pass",
        limit: nil)
    }
    #expect(refusal?.description.contains("allows 2 proxy users") == true)
    #expect(
      try world.service.proxyUsers(accountID: account.id).map(\.name) == ["scraper", "crawler"])
  }

  @Test func R25_passwordAndNameRules() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    _ = try world.buy("res-starter", for: account)
    expectError(.weakPassword("A proxy password needs at least 8 characters.")) {
      () throws(ServiceError) in
      try world.service.addProxyUser(
        accountID: account.id, product: .residential, name: "a", password: "short", limit: nil)
    }
    expectError(.invalidInput("Enter a name for the proxy user.")) { () throws(ServiceError) in
      try world.service.addProxyUser(
        accountID: account.id, product: .residential, name: "  ", password: "long enough",
        limit: nil)
    }
    expectError(.invalidInput("A traffic limit must be more than 0 GB, or none.")) {
      () throws(ServiceError) in
      try world.service.addProxyUser(
        accountID: account.id, product: .residential, name: "a", password: "longenough",
        limit: .zero)
    }
    #expect(try world.service.proxyUsers(accountID: account.id).isEmpty)
  }

  @Test func R25_changePasswordLimitAndRemove() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    _ = try world.buy("res-starter", for: account)
    let user = try world.service.addProxyUser(
      accountID: account.id, product: .residential, name: "bot", password: "first-pass", limit: nil)
    #expect(
      try world.service.verifyProxyUserPassword(
        accountID: account.id, proxyUserID: user.id, password: "first-pass"))
    try world.service.changeProxyUserPassword(
      accountID: account.id, proxyUserID: user.id, password: "second-pass")
    #expect(
      try !world.service.verifyProxyUserPassword(
        accountID: account.id, proxyUserID: user.id, password: "first-pass"))
    #expect(
      try world.service.verifyProxyUserPassword(
        accountID: account.id, proxyUserID: user.id, password: "second-pass"))
    try world.service.setProxyUserLimit(accountID: account.id, proxyUserID: user.id, limit: .gb(3))
    #expect(try world.service.proxyUsers(accountID: account.id).first?.limit == .gb(3))
    try world.service.setProxyUserLimit(accountID: account.id, proxyUserID: user.id, limit: nil)
    #expect(try world.service.proxyUsers(accountID: account.id).first?.limit == nil)
    try world.service.removeProxyUser(accountID: account.id, proxyUserID: user.id)
    #expect(try world.service.proxyUsers(accountID: account.id).isEmpty)
    #expect(
      thrownError { () throws(ServiceError) in
        try world.service.removeProxyUser(accountID: account.id, proxyUserID: user.id)
      } != nil)
  }
}

@Suite struct OutboxServiceTests {
  @Test func R26_outboxIsNewestFirstAndMarksRead() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    world.clock.advance(by: 60)
    _ = try world.buy("res-starter", for: account)
    let mail = try world.service.outbox(accountID: account.id)
    #expect(mail.map(\.kind) == [.orderReceipt, .welcome])
    #expect(mail.allSatisfy { !$0.read })
    try world.service.markRead(accountID: account.id, messageID: mail[1].id)
    #expect(try world.service.outbox(accountID: account.id).map(\.read) == [false, true])
    #expect(
      thrownError { () throws(ServiceError) in
        try world.service.markRead(accountID: account.id, messageID: "nope")
      } != nil)
    let text = try String(contentsOf: world.service.messageFile(mail[0]), encoding: .utf8)
    #expect(text.contains("To: ava@example.com\r\n"))
    #expect(text.contains("Subject: \(mail[0].subject)\r\n"))
  }
}
