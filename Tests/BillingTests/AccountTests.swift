import Billing
import Foundation
import Testing

@Suite struct AccountTests {
  // MARK: R24 (the pure part: email form and uniqueness key, lock policy)

  @Test func R24_emailsAreUniqueCaseInsensitively() {
    #expect(EmailAddress.normalized(" Ava@Example.COM ") == "ava@example.com")
    #expect(
      EmailAddress.normalized("ava@example.com") == EmailAddress.normalized("AVA@EXAMPLE.COM"))
    #expect(
      EmailAddress.normalized("ava@example.com") != EmailAddress.normalized("ava2@example.com"))
  }

  @Test func R24_signUpEmailIsCheckedForForm() {
    #expect(EmailAddress.isWellFormed("ava@example.com"))
    #expect(!EmailAddress.isWellFormed("ava@example"))
    #expect(!EmailAddress.isWellFormed("<ava@example.com>"))
    #expect(!EmailAddress.isWellFormed("ava@exa\nmple.com"))
    #expect(!EmailAddress.isWellFormed(String(repeating: "a", count: 250) + "@example.com"))
  }

  @Test func R24_fiveFailedLoginsLockForFifteenMinutes() {
    #expect(BillingPolicy.standard.loginAttemptsBeforeLock == 5)
    #expect(BillingPolicy.standard.loginLockMinutes == 15)
  }

  @Test func R24_profileDecidesTaxAndTimeZone() {
    let account = Fixture.account(
      country: "DE", company: "Acme GmbH", vatID: "DE811234567", timeZone: "Europe/Berlin")
    #expect(Fixture.taxRates.treatment(for: account.profile) == .reverseCharge)
    #expect(account.calendar.timeZone.identifier == "Europe/Berlin")
    #expect(BillingProfile().country == "US")
    #expect(BillingProfile().timeZone == "UTC")
  }

  // MARK: R25

  @Test func R25_proxyUsersIncludedPlusPurchased() throws {
    let outcome = try Fixture.buy(
      "res-starter", for: Fixture.account(), at: Fixture.utc(2026, 11, 1))
    #expect(ProxyUserAllowance.limit(for: outcome.subscription, catalog: Fixture.catalog) == 2)
    var subscription = outcome.subscription
    subscription.extraProxyUsers = 3
    #expect(ProxyUserAllowance.limit(for: subscription, catalog: Fixture.catalog) == 5)
    #expect(Fixture.policy.proxyUserMonthlyPrice == .units(5))
    let user = ProxyUser(
      id: "u1", product: .residential, name: "scraper", limit: .gb(2),
      createdAt: Fixture.utc(2026, 11, 1))
    #expect(user.limit == .gb(2))
    #expect(
      ProxyUser(id: "u2", product: .residential, name: "x", createdAt: .distantPast).limit == nil)
  }

  // MARK: R4 states

  @Test func R4_statesAndTheirLabels() {
    #expect(
      SubscriptionState.allCases.map(\.label) == [
        "Active", "Cancelled", "Past due", "Ended", "Refunded",
      ])
    #expect(SubscriptionState.allCases.filter(\.isLive) == [.active, .cancelled, .pastDue])
  }
}
