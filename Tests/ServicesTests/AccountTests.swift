import Billing
import Foundation
import Storage
import Testing

@testable import Services

@Suite struct AccountTests {
  @Test func R24_signUpCreatesAnAccountAndSendsAWelcome() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    #expect(account.email == "ava@example.com")
    #expect(try world.service.account(email: "AVA@example.com").id == account.id)
    let mail = try world.service.outbox(accountID: account.id)
    #expect(mail.map(\.kind) == [.welcome])
  }

  @Test func R24_emailsAreUniqueCaseInsensitively() throws {
    let world = try TestWorld()
    _ = try world.signUp()
    expectError(.emailTaken("Ava@Example.com")) { () throws(ServiceError) in
      try world.service.signUp(email: "Ava@Example.com", password: TestWorld.password)
    }
  }

  @Test func R24_signUpRefusesBadEmailAndWeakPassword() throws {
    let world = try TestWorld()
    expectError(.invalidEmail("ava.example.com")) { () throws(ServiceError) in
      try world.service.signUp(email: "ava.example.com", password: TestWorld.password)
    }
    expectError(.weakPassword("The password needs at least 10 characters.")) {
      () throws(ServiceError) in
      try world.service.signUp(email: "ava@example.com", password: "short1")
    }
    #expect(try world.service.store.read { try $0.accountCount() } == 0)
  }

  @Test func R24_passwordIsStoredOnlyAsASaltedSlowHash() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let credentials = try #require(
      try world.service.store.read { try $0.credentials(accountID: account.id) })
    #expect(credentials.password.algorithm == "pbkdf2-sha256")
    #expect(credentials.password.iterations == 1_000)
    #expect(credentials.password.salt.count == 16)
    #expect(credentials.password.hash.count == 32)
    #expect(!credentials.password.hash.elementsEqual(Data(TestWorld.password.utf8)))
    let raw = try Data(contentsOf: world.service.store.databaseURL)
    #expect(raw.range(of: Data(TestWorld.password.utf8)) == nil)
  }

  @Test func R24_logInWithTheRightPassword() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    #expect(
      try world.service.logIn(email: " AVA@example.com", password: TestWorld.password).id
        == account.id)
    expectError(.wrongCredentials) { () throws(ServiceError) in
      try world.service.logIn(email: "ava@example.com", password: "wrong password 1")
    }
    expectError(.wrongCredentials) { () throws(ServiceError) in
      try world.service.logIn(email: "nobody@example.com", password: TestWorld.password)
    }
  }

  @Test func R24_fiveFailedLogInsLockForFifteenMinutes() throws {
    let world = try TestWorld()
    _ = try world.signUp()
    for _ in 0..<4 {
      expectError(.wrongCredentials) { () throws(ServiceError) in
        try world.service.logIn(email: "ava@example.com", password: "wrong password 1")
      }
    }
    let until = TestWorld.start.addingTimeInterval(15 * 60)
    expectError(.lockedUntil(until)) { () throws(ServiceError) in
      try world.service.logIn(email: "ava@example.com", password: "wrong password 1")
    }
    #expect(ServiceError.lockedUntil(until).description.contains("2026"))
    // Even the right password waits for the lock to end.
    world.clock.advance(by: 14 * 60)
    expectError(.lockedUntil(until)) { () throws(ServiceError) in
      try world.service.logIn(email: "ava@example.com", password: TestWorld.password)
    }
    world.clock.advance(by: 60)
    #expect(
      try world.service.logIn(email: "ava@example.com", password: TestWorld.password).email
        == "ava@example.com")
  }

  @Test func accountLookupRefusesUnknownAccounts() throws {
    let world = try TestWorld()
    expectError(.unknownAccount("zed@example.com")) { () throws(ServiceError) in
      try world.service.account(email: "zed@example.com")
    }
    expectError(.unknownAccount("nope")) { () throws(ServiceError) in
      try world.service.account(id: "nope")
    }
    // These check the id without loading the account.
    expectError(.unknownAccount("nope")) { () throws(ServiceError) in
      try world.service.outbox(accountID: "nope")
    }
    expectError(.unknownAccount("nope")) { () throws(ServiceError) in
      try world.service.proxyUsers(accountID: "nope")
    }
  }

  @Test func R24_updateProfileSavesAndRefusesUnknownCountryOrZone() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let profile = BillingProfile(
      name: " Ava ", company: "Acme", country: "de", vatID: " ", timeZone: "Europe/Berlin")
    let updated = try world.service.updateProfile(accountID: account.id, profile: profile)
    #expect(
      updated.profile
        == BillingProfile(
          name: "Ava", company: "Acme", country: "DE", vatID: nil, timeZone: "Europe/Berlin"))
    #expect(try world.service.account(id: account.id).profile.country == "DE")
    #expect(
      thrownError { () throws(ServiceError) in
        try world.service.updateProfile(
          accountID: account.id, profile: BillingProfile(country: "XX"))
      } != nil)
    #expect(
      thrownError { () throws(ServiceError) in
        try world.service.updateProfile(
          accountID: account.id, profile: BillingProfile(country: "US", timeZone: "Mars/Base"))
      } != nil)
    #expect(try world.service.account(id: account.id).profile.country == "DE")
  }

  @Test func R24_aCountryNameIsStoredAsItsCode() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let updated = try world.service.updateProfile(
      accountID: account.id, profile: BillingProfile(country: " germany "))
    #expect(updated.profile.country == "DE")
    let unknown = thrownError { () throws(ServiceError) in
      try world.service.updateProfile(accountID: account.id, profile: BillingProfile(country: "Atlantis"))
    }
    #expect(unknown?.description.hasPrefix("\"Atlantis\" is not a billing country we know") == true)
  }

  @Test func R24_changePassword() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    expectError(.wrongCurrentPassword) { () throws(ServiceError) in
      try world.service.changePassword(
        accountID: account.id, current: "not it at all 1", new: "new password 99")
    }
    expectError(.weakPassword("The password needs a letter and a digit.")) {
      () throws(ServiceError) in
      try world.service.changePassword(
        accountID: account.id, current: TestWorld.password, new: "onlyletterslong")
    }
    try world.service.changePassword(
      accountID: account.id, current: TestWorld.password, new: "new password 99")
    #expect(
      try world.service.logIn(email: account.email, password: "new password 99").id == account.id)
    expectError(.wrongCredentials) { () throws(ServiceError) in
      try world.service.logIn(email: account.email, password: TestWorld.password)
    }
    #expect(try world.service.outbox(accountID: account.id).first?.kind == .passwordChanged)
  }

  @Test func staleWriteFromAnotherProcessIsRefusedThenWorksAfterReload() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    _ = try world.buy("res-starter", for: account)
    let other = try world.reopened()
    let screenA = try world.service.account(id: account.id)
    let subscription = try #require(screenA.subscriptions.first)
    // Process B changes the account after A's screen read it.
    _ = try other.account(id: account.id)
    _ = try other.cancel(accountID: account.id, subscriptionID: subscription.id)
    expectError(.changedElsewhere) { () throws(ServiceError) in
      try world.service.updateProfile(accountID: account.id, profile: BillingProfile(name: "Stale"))
    }
    // Nothing of A's stale write landed.
    #expect(try other.account(id: account.id).profile.name == "")
    // A reloads, then its write goes through on the fresh account.
    let reloaded = try world.service.account(id: account.id)
    #expect(reloaded.subscriptions.first?.state == .cancelled)
    let updated = try world.service.updateProfile(
      accountID: account.id, profile: BillingProfile(name: "Fresh"))
    #expect(updated.subscriptions.first?.state == .cancelled)
    #expect(updated.profile.name == "Fresh")
  }
}
