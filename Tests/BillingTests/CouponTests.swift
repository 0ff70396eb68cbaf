import Billing
import Foundation
import Testing

@Suite struct CouponTests {
  let bought = Fixture.utc(2026, 11, 1, 10)
  let changed = Fixture.utc(2026, 11, 10, 12)

  func validate(
    _ code: String?, _ account: Account = Fixture.account(), product: Product = .residential,
    method: PaymentMethod = Fixture.visa, now: Date? = nil
  ) throws(BillingError) -> Coupon? {
    try Fixture.checkout.validCoupon(
      code, for: account, product: product, method: method, now: now ?? bought)
  }

  // MARK: R17

  @Test func R17_codesAreCaseInsensitive() throws {
    #expect(try validate("welcome10")?.code == "WELCOME10")
    #expect(try validate("  Welcome10 ")?.code == "WELCOME10")
    #expect(try validate(nil) == nil)
    #expect(try validate("  ") == nil)
  }

  @Test func R17_unknownExpiredAndMisappliedCodesAreRefusedWithAReason() throws {
    #expect(throws: BillingError.couponUnknown("NOPE")) { try validate("NOPE") }
    #expect(throws: BillingError.couponExpired(code: "SPRING15", on: Fixture.utc(2026, 6, 1))) {
      try validate("spring15")
    }
    // Still valid the moment before it expires.
    #expect(try validate("spring15", now: Fixture.utc(2026, 5, 31, 23, 59))?.code == "SPRING15")
    #expect(throws: BillingError.couponWrongProduct(code: "DCONLY25", product: .datacenter)) {
      try validate("dconly25", product: .residential)
    }
    #expect(try validate("dconly25", product: .datacenter)?.code == "DCONLY25")
    #expect(
      BillingError.couponExpired(code: "SPRING15", on: Fixture.utc(2026, 6, 1)).description
        == "Coupon SPRING15 expired on 1 Jun 2026.")
    #expect(
      BillingError.couponWrongProduct(code: "DCONLY25", product: .datacenter).description
        == "Coupon DCONLY25 is for Datacenter proxies only.")
  }

  @Test func R17_firstOrderOnly() throws {
    let account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    #expect(throws: BillingError.couponNotFirstOrder("WELCOME10")) {
      try Fixture.checkout.quote(
        planID: "dc-clever", for: account, paymentMethod: Fixture.visa, couponCode: "welcome10",
        now: changed)
    }
    #expect(throws: BillingError.couponNotFirstOrder("WELCOME10")) {
      try Fixture.checkout.quote(
        planID: "res-advanced", for: account, paymentMethod: Fixture.visa,
        couponCode: "WELCOME10", now: changed)
    }
  }

  @Test func R17_notValidWithBTC() {
    #expect(throws: BillingError.couponNotWithBTC) { try validate("WELCOME10", method: .btc) }
  }

  // MARK: R18

  @Test func R18_nonRecurringDiscountsTheFirstMonthOnly() throws {
    let outcome = try Fixture.buy(
      "res-regular", for: Fixture.account(), coupon: "first20", at: bought)
    #expect(outcome.order.total == .units(380))
    #expect(outcome.order.invoice.discountLabel == "Coupon FIRST20")
    #expect(outcome.subscription.coupon == nil)
    let renewed = Fixture.advance(outcome.account, to: Fixture.utc(2026, 12, 1, 10)).account
    #expect(renewed.orders.last?.total == .units(400))
  }

  @Test func R18_neverAgainAfterAPlanChange() throws {
    let account = try Fixture.buy(
      "res-regular", for: Fixture.account(), coupon: "FIRST20", at: bought
    ).account
    let upgrade = try Fixture.checkout.quote(
      planID: "res-advanced", for: account, paymentMethod: Fixture.visa, couponCode: nil,
      now: changed)
    #expect(upgrade.coupon == .none)
    #expect(upgrade.total == .units(700))
  }

  // MARK: R19

  @Test func R19_recurringDiscountsEveryRenewal() throws {
    let outcome = try Fixture.buy(
      "res-regular", for: Fixture.account(), coupon: "WELCOME10", at: bought)
    #expect(outcome.order.total == .units(360))
    #expect(outcome.subscription.coupon?.coupon.code == "WELCOME10")
    let result = Fixture.advance(outcome.account, to: Fixture.utc(2027, 1, 2))
    #expect(result.account.orders.map(\.total) == [.units(360), .units(360), .units(360)])
  }

  @Test func R19_recurringCouponKeptOnUpgradeAndRenew() throws {
    let account = try Fixture.buy(
      "res-regular", for: Fixture.account(), coupon: "WELCOME10", at: bought
    ).account
    let upgrade = try Fixture.buy("res-advanced", for: account, at: changed)
    #expect(upgrade.subscription.coupon?.coupon.code == "WELCOME10")
    let renew = try Fixture.buy("res-advanced", for: upgrade.account, at: Fixture.utc(2026, 11, 12))
    #expect(renew.subscription.coupon?.coupon.code == "WELCOME10")
    // Advanced $700 - 10 % = $630 at the renewal (12 Dec).
    let renewed = Fixture.advance(renew.account, to: Fixture.utc(2026, 12, 12))
    #expect(renewed.account.orders.last?.kind == .renewal)
    #expect(renewed.account.orders.last?.total == .units(630))
  }

  @Test func R19_recurringCouponDroppedOnDowngradeForGood() throws {
    let account = try Fixture.buy(
      "res-advanced", for: Fixture.account(), coupon: "WELCOME10", at: bought
    ).account
    let preview = try Fixture.checkout.quote(
      planID: "res-regular", for: account, paymentMethod: Fixture.visa, couponCode: nil,
      now: changed)
    #expect(preview.coupon == .removed(try #require(Fixture.coupons.coupon(code: "WELCOME10"))))
    #expect(preview.coupon.summary == "WELCOME10 removed for good")
    let downgrade = Fixture.checkout.apply(preview, to: account, now: changed)
    #expect(downgrade.subscription.coupon == nil)
    // A later upgrade does not bring it back.
    let upgrade = try Fixture.buy(
      "res-premium", for: downgrade.account, at: Fixture.utc(2026, 11, 11))
    #expect(upgrade.subscription.coupon == nil)
    let renewed = Fixture.advance(upgrade.account, to: Fixture.utc(2026, 12, 11, 1))
    #expect(renewed.account.orders.last?.total == .units(1500))
  }

  @Test func R19_recurringCouponRemovedByCancellation() throws {
    var account = try Fixture.buy(
      "res-regular", for: Fixture.account(), coupon: "WELCOME10", at: bought
    ).account
    account = try Cancellation.cancel("acct-s1", in: account, planName: "Regular", now: changed)
      .account
    #expect(account.subscription(id: "acct-s1")?.coupon == nil)
    let renew = try Fixture.buy("res-regular", for: account, at: Fixture.utc(2026, 11, 20))
    #expect(renew.subscription.coupon == nil)
    let renewed = Fixture.advance(renew.account, to: Fixture.utc(2026, 12, 20, 1))
    #expect(renewed.account.orders.last?.total == .units(400))
  }

  @Test func R17_productLimitedCouponOnItsProduct() throws {
    // DCONLY25: 25 % off Clever's $90 = $22.50; NL VAT 21 % of $67.50 = $14.175 -> $14.18
    // (half away from zero); total $81.68.
    let outcome = try Fixture.buy(
      "dc-clever", for: Fixture.account(country: "NL"), coupon: "DConly25", at: bought)
    #expect(outcome.order.invoice.discount.minorUnits == 2_250)
    #expect(outcome.order.invoice.vat.minorUnits == 1_418)
    #expect(outcome.order.total.minorUnits == 8_168)
  }
}
