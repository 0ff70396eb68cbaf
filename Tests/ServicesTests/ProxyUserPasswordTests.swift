import Billing
import Foundation
import Testing

@testable import Services
@testable import Storage

/// R25a: a proxy password is read back only on request, and only by its own account.
@Suite struct ProxyUserPasswordTests {
  @Test func R25a_aProxyPasswordIsReadableByItsOwnAccountOnly() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    let ben = try world.signUp("ben@example.com")
    _ = try world.buy("res-starter", for: ava)
    let user = try world.service.addProxyUser(
      accountID: ava.id, product: .residential, name: "scraper", password: "first-pass",
      limit: nil)
    #expect(try world.service.proxyUserPassword(accountID: ava.id, proxyUserID: user.id) == "first-pass")
    try world.service.changeProxyUserPassword(
      accountID: ava.id, proxyUserID: user.id, password: "second-pass")
    #expect(try world.service.proxyUserPassword(accountID: ava.id, proxyUserID: user.id) == "second-pass")
    // The hash still agrees with it.
    #expect(
      try world.service.verifyProxyUserPassword(
        accountID: ava.id, proxyUserID: user.id, password: "second-pass"))
    // Another account asking for ava's user id gets nothing of it.
    #expect(throws: ServiceError.invalidInput("There is no proxy user \(user.id).")) {
      try world.service.proxyUserPassword(accountID: ben.id, proxyUserID: user.id)
    }
  }

  @Test func R25a_anOlderProxyUsersPasswordIsNotReadable() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    _ = try world.buy("res-starter", for: ava)
    let user = try world.service.addProxyUser(
      accountID: ava.id, product: .residential, name: "scraper", password: "first-pass",
      limit: nil)
    // As a user made before the store kept passwords readable.
    try world.service.store.write {
      try $0.execute("UPDATE proxy_users SET password_secret = NULL WHERE id = ?", [user.id])
    }
    #expect(try world.service.proxyUserPassword(accountID: ava.id, proxyUserID: user.id) == nil)
  }
}
