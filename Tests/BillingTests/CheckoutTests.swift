import Billing
import Foundation
import Testing

@Suite struct CheckoutTests {
  let bought = Fixture.utc(2026, 11, 1, 10)
  let changed = Fixture.utc(2026, 11, 10, 12)

  func quote(
    _ planID: String, _ account: Account, coupon: String? = nil, at now: Date? = nil,
    method: PaymentMethod = Fixture.visa
  ) throws -> CheckoutQuote {
    try Fixture.checkout.quote(
      planID: planID, for: account, paymentMethod: method, couponCode: coupon,
      now: now ?? changed)
  }

  // MARK: R1

  @Test func R1_catalogHasTwoProductsWithPlansBySize() throws {
    let residential = Fixture.catalog.plans(of: .residential)
    let datacenter = Fixture.catalog.plans(of: .datacenter)
    #expect(residential.count == 8)
    #expect(datacenter.count == 4)
    #expect(residential.first?.name == "Micro")
    #expect(residential.first?.allowance == .gb(5))
    #expect(residential.first?.refundable == false)
    #expect(residential.first { $0.name == "Regular" }?.allowance == .gb(50))
    #expect(residential.first { $0.name == "Starter" }?.allowance == .gb(20))
    #expect(datacenter.first { $0.name == "Clever" }?.allowance == .gb(100))
    for plans in [residential, datacenter] {
      #expect(plans.map(\.rank) == plans.map(\.rank).sorted())
      let perGB = plans.map(\.pricePerGB.minorUnits)
      #expect(zip(perGB, perGB.dropFirst()).allSatisfy { $0 > $1 }, "price per GB falls")
    }
  }

  @Test func R1_catalogIsData() throws {
    let json = Data(
      """
      [{"id": "res-regular", "name": "Regular", "product": "residential", "rank": 3, "gb": 50,
        "priceCents": 40000, "includedProxyUsers": 5, "refundable": true}]
      """.utf8)
    let plans = try JSONDecoder().decode([Plan].self, from: json)
    #expect(
      plans == [
        Fixture.plan("res-regular", "Regular", .residential, 3, gb: 50, dollars: 400, users: 5)
      ])
    let again = try JSONDecoder().decode([Plan].self, from: JSONEncoder().encode(plans))
    #expect(again == plans)
  }

  // MARK: R2

  @Test(arguments: [("NL", 8_400, "VAT 21 %"), ("DE", 7_600, "VAT 19 %"), ("US", 0, "VAT 0 %")])
  func R2_vatByBillingCountry(country: String, vatCents: Int64, label: String) throws {
    let quote = try quote("res-regular", Fixture.account(country: country))
    #expect(quote.invoice.net == .units(400))
    #expect(quote.invoice.vat.minorUnits == vatCents)
    #expect(quote.invoice.vatLabel == label)
    #expect(quote.total.minorUnits == 40_000 + vatCents)
  }

  @Test func R2_reverseChargeForEUBusinessWithVATID() throws {
    let business = Fixture.account(country: "NL", company: "Acme BV", vatID: "NL123456789B01")
    let quote = try quote("res-regular", business)
    #expect(quote.invoice.vat == .zero())
    #expect(quote.invoice.vatLabel == "Reverse charge")
    #expect(quote.total == .units(400))
    // Not an EU business: a VAT id outside the EU changes nothing; an empty id is no id.
    #expect(
      Fixture.taxRates.treatment(for: BillingProfile(country: "US", vatID: "US1"))
        == .standard(.zero))
    #expect(
      Fixture.taxRates.treatment(for: BillingProfile(country: "NL", vatID: ""))
        == .standard(.percent(21)))
    #expect(
      Fixture.taxRates.treatment(for: BillingProfile(country: "GB", vatID: "GB1"))
        == .standard(.percent(20)))
  }

  // MARK: R4

  @Test func R4_buyingCreatesOneAutoRenewingSubscriptionPerProduct() throws {
    var account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    let subscription = try #require(account.liveSubscription(of: .residential))
    #expect(subscription.state == .active)
    #expect(subscription.autoRenew)
    #expect(subscription.allowance == .gb(50))
    account = try Fixture.buy("dc-clever", for: account, at: changed).account
    #expect(account.visibleSubscriptions.map(\.product) == [.residential, .datacenter])
    // Buying residential again is a plan change, never a second live subscription.
    account = try Fixture.buy("res-premium", for: account, at: changed).account
    #expect(
      account.subscriptions.filter { $0.product == .residential && $0.state.isLive }.count == 1)
    #expect(account.visibleSubscriptions.count == 2)
    #expect(account.subscriptions.first?.state == .ended)
  }

  // MARK: R9

  @Test func R9_kindIsRenewUpgradeOrDowngradeByRank() throws {
    let account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    #expect(try quote("res-regular", account).kind == .renew)
    #expect(try quote("res-advanced", account).kind == .upgrade)
    #expect(try quote("res-starter", account).kind == .downgrade)
    #expect(try quote("dc-basic", account).kind == .newPurchase)
    #expect(try quote("res-regular", Fixture.account()).kind == .newPurchase)
    #expect(PurchaseKind.upgrade.label == "Upgrade")
  }

  // MARK: R10

  @Test func R10_changeChargesFullPriceNowWithANewAnchor() throws {
    var account = try Fixture.buy("res-regular", for: Fixture.account(country: "NL"), at: bought)
      .account
    account = try Cancellation.cancel("acct-s1", in: account, planName: "Regular", now: changed)
      .account
    let outcome = try Fixture.buy("res-advanced", for: account, at: changed)
    // No proration: $700 + 21 % VAT = $847.00.
    #expect(outcome.order.total == .units(847))
    #expect(outcome.order.kind == .purchase(.upgrade))
    #expect(outcome.subscription.anchor == changed)
    #expect(outcome.subscription.periodStart == changed)
    #expect(outcome.subscription.periodEnd == Fixture.utc(2026, 12, 10, 12))
    #expect(outcome.subscription.autoRenew, "auto-renewal is on again")
    #expect(outcome.subscription.state == .active)
    let old = try #require(outcome.account.subscription(id: "acct-s1"))
    #expect(old.state == .ended)
    #expect(old.endedAt == changed)
    #expect(outcome.account.netCharged == .units(484 + 847))
  }

  // MARK: R11

  @Test func R11_upgradeCarriesUnusedTraffic() throws {
    var account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    account = Fixture.setUsed(.gb(44), subscriptionID: "acct-s1", in: account)
    let upgrade = try quote("res-advanced", account)
    #expect(upgrade.unusedTraffic == .transferred(.gb(6)))
    #expect(upgrade.unusedTraffic.label == "Unused traffic: 6.0 GB transferred")
    #expect(upgrade.newAvailable == .gb(106))
    let subscription = Fixture.checkout.apply(upgrade, to: account, now: changed).subscription
    #expect(subscription.transferred == .gb(6))
    #expect(subscription.available == .gb(106))
    #expect(subscription.used == .zero)
  }

  @Test func R11_upgradeWithExtraGBBoughtCarriesAllowancePlusTransferredPlusExtraMinusUsed() throws {
    // Datacenter Clever (100 GB) renewed with 6 GB carried in, 20 GB extra bought, 30 GB
    // used: 100 + 6 + 20 - 30 = 96 GB transferred to Smart.
    var account = try Fixture.buy("dc-clever", for: Fixture.account(), at: bought).account
    account = Fixture.setUsed(.gb(94), subscriptionID: "acct-s1", in: account)
    account = try Fixture.buy("dc-clever", for: account, at: Fixture.utc(2026, 11, 5)).account
    let renewed = try #require(account.liveSubscription(of: .datacenter))
    #expect(renewed.transferred == .gb(6))
    let extra = try Fixture.checkout.quoteExtraTraffic(
      gigabytes: 20, subscriptionID: renewed.id, for: account)
    account = try Fixture.buyExtra(extra, for: account, at: Fixture.utc(2026, 11, 6))
    account = Fixture.setUsed(.gb(30), subscriptionID: renewed.id, in: account)
    let upgrade = try quote("dc-smart", account)
    #expect(upgrade.unusedTraffic == .transferred(.gb(96)))
    let smart = Fixture.checkout.apply(upgrade, to: account, now: changed).subscription
    #expect(smart.transferred == .gb(96))
    #expect(smart.extra == .zero)
    #expect(smart.available == .gb(346))
  }

  @Test func R11_residentialExtraBoughtAfterExhaustionTransfers() throws {
    // Regular 50 GB used up, 10 GB extra bought, 52 GB used: 50 + 10 - 52 = 8 GB carried.
    var account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    account = Fixture.setUsed(.gb(50), subscriptionID: "acct-s1", in: account)
    let extra = try Fixture.checkout.quoteExtraTraffic(
      gigabytes: 10, subscriptionID: "acct-s1", for: account)
    account = try Fixture.buyExtra(extra, for: account, at: Fixture.utc(2026, 11, 6))
    account = Fixture.setUsed(.gb(52), subscriptionID: "acct-s1", in: account)
    #expect(try quote("res-advanced", account).unusedTraffic == .transferred(.gb(8)))
  }

  @Test func R11_renewCarriesUnusedTraffic() throws {
    var account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    account = Fixture.setUsed(
      Traffic(bytes: 44_500_000_000), subscriptionID: "acct-s1", in: account)
    let outcome = try Fixture.buy("res-regular", for: account, at: changed)
    #expect(outcome.order.kind == .purchase(.renew))
    #expect(outcome.subscription.transferred == Traffic(bytes: 5_500_000_000))
    #expect(outcome.subscription.available == Traffic(bytes: 55_500_000_000))
    #expect(outcome.notices.first?.body.contains("Unused traffic carried over: 5.5 GB") == true)
  }

  @Test func R11_downgradeLosesUnusedTraffic() throws {
    var account = try Fixture.buy("res-advanced", for: Fixture.account(), at: bought).account
    account = Fixture.setUsed(.gb(30), subscriptionID: "acct-s1", in: account)
    let downgrade = try quote("res-regular", account)
    #expect(downgrade.kind == .downgrade)
    #expect(downgrade.unusedTraffic == .lost(.gb(70)))
    #expect(downgrade.unusedTraffic.label == "Unused traffic: 70.0 GB lost")
    #expect(downgrade.newAvailable == .gb(50))
    let subscription = Fixture.checkout.apply(downgrade, to: account, now: changed).subscription
    #expect(subscription.transferred == .zero)
    #expect(subscription.available == .gb(50))
  }

  @Test func R11_exhaustedPeriodHasNothingToTransfer() throws {
    var account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    account = Fixture.setUsed(.gb(51), subscriptionID: "acct-s1", in: account)
    #expect(try quote("res-advanced", account).unusedTraffic == .none)
  }

  // MARK: R12

  @Test(arguments: ["res-advanced", "res-regular", "res-starter"])
  func R12_purchasedProxyUsersMoveInEveryKind(target: String) throws {
    var account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    let users = try Fixture.checkout.quoteProxyUsers(
      count: 3, subscriptionID: "acct-s1", for: account)
    #expect(users.total == .units(15))
    account = try Fixture.buyExtra(users, for: account, at: Fixture.utc(2026, 11, 2))
    let change = try quote(target, account)
    #expect(change.proxyUsersMoved == 3)
    #expect(change.invoice.lines.map(\.amount).last == .units(15))
    let subscription = Fixture.checkout.apply(change, to: account, now: changed).subscription
    #expect(subscription.extraProxyUsers == 3)
    let included = try #require(Fixture.catalog.plan(id: target)).includedProxyUsers
    #expect(ProxyUserAllowance.limit(for: subscription, catalog: Fixture.catalog) == included + 3)
  }

  // MARK: R13

  @Test func R13_anyPlanChangeEndsTheRefundRight() throws {
    let account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    let renew = try quote("res-regular", account, at: Fixture.utc(2026, 11, 1, 12))
    #expect(renew.endsRefundRight)
    #expect(try quote("dc-basic", account).endsRefundRight == false)
    let after = Fixture.checkout.apply(renew, to: account, now: Fixture.utc(2026, 11, 1, 12))
      .account
    #expect(after.firstPlanChangeAt == Fixture.utc(2026, 11, 1, 12))
    let verdict = Refunds.eligibility(
      of: "acct-s2", in: after, catalog: Fixture.catalog, policy: Fixture.policy,
      now: Fixture.utc(2026, 11, 1, 13))
    #expect(verdict == .notAvailable(.planChanged(Fixture.utc(2026, 11, 1, 12))))
    // A second change no longer "ends" a right that is gone.
    #expect(try quote("res-advanced", after).endsRefundRight == false)
  }

  // MARK: R15

  @Test func R15_previewShowsEveryConsequence() throws {
    var account = try Fixture.buy(
      "res-regular", for: Fixture.account(country: "DE"), coupon: "WELCOME10", at: bought
    ).account
    account = Fixture.setUsed(.gb(20), subscriptionID: "acct-s1", in: account)
    let preview = try quote("res-premium", account)
    #expect(preview.kind == .upgrade)
    // R19 (SPEC changed with the FAQ): the carried recurring coupon discounts the month an
    // Upgrade buys too: $1,500 − 10 % = $1,350.00 + 19 % ($256.50) = $1,606.50.
    #expect(preview.total == Money(minorUnits: 160_650))
    #expect(preview.newPeriodStart == changed)
    #expect(preview.newPeriodEnd == Fixture.utc(2026, 12, 10, 12))
    #expect(preview.unusedTraffic == .transferred(.gb(30)))
    #expect(preview.newAvailable == .gb(280))
    #expect(preview.coupon.summary.contains("WELCOME10 kept (10 % off every month)"))
    #expect(preview.proxyUsersMoved == 0)
    #expect(preview.endsRefundRight)
    #expect(preview.autoRenew)
    #expect(preview.replacing?.id == "acct-s1")
  }

  // MARK: R8

  @Test func R8_residentialExtraOnlyOnceUsedUp() throws {
    var account = try Fixture.buy("res-regular", for: Fixture.account(country: "NL"), at: bought)
      .account
    account = Fixture.setUsed(.gb(49), subscriptionID: "acct-s1", in: account)
    #expect(throws: BillingError.extraTrafficNotYet(remaining: .gb(1))) {
      try Fixture.checkout.quoteExtraTraffic(gigabytes: 10, subscriptionID: "acct-s1", for: account)
    }
    account = Fixture.setUsed(.gb(50), subscriptionID: "acct-s1", in: account)
    let extra = try Fixture.checkout.quoteExtraTraffic(
      gigabytes: 10, subscriptionID: "acct-s1", for: account)
    // 10 GB at Regular's $8.00/GB = $80.00 + 21 % VAT = $96.80.
    #expect(extra.invoice.net == .units(80))
    #expect(extra.total.minorUnits == 9_680)
    account = try Fixture.buyExtra(extra, for: account, at: changed)
    let subscription = try #require(account.liveSubscription(of: .residential))
    #expect(subscription.extra == .gb(10))
    #expect(subscription.available == .gb(60))
    #expect(subscription.servesTraffic)
    #expect(account.orders.last?.kind == .extraTraffic(.gb(10)))
  }

  @Test func R8_datacenterExtraAnyTimeAndExpiresWithThePeriod() throws {
    var account = try Fixture.buy("dc-clever", for: Fixture.account(), at: bought).account
    let extra = try Fixture.checkout.quoteExtraTraffic(
      gigabytes: 7, subscriptionID: "acct-s1", for: account)
    #expect(extra.total.minorUnits == 630)
    account = try Fixture.buyExtra(extra, for: account, at: changed)
    #expect(account.liveSubscription(of: .datacenter)?.available == .gb(107))
    let renewed = Fixture.advance(account, to: Fixture.utc(2026, 12, 1, 10)).account
    let subscription = try #require(renewed.liveSubscription(of: .datacenter))
    #expect(subscription.extra == .zero)
    #expect(subscription.available == .gb(100))
  }

  @Test func R8_extraTrafficRefusals() throws {
    let account = try Fixture.buy("dc-clever", for: Fixture.account(), at: bought).account
    #expect(throws: BillingError.extraTrafficAmount) {
      try Fixture.checkout.quoteExtraTraffic(gigabytes: 0, subscriptionID: "acct-s1", for: account)
    }
    #expect(throws: BillingError.extraTrafficAmount) {
      try Fixture.checkout.quoteExtraTraffic(
        gigabytes: 10_001, subscriptionID: "acct-s1", for: account)
    }
    #expect(throws: BillingError.unknownSubscription("nope")) {
      try Fixture.checkout.quoteExtraTraffic(gigabytes: 1, subscriptionID: "nope", for: account)
    }
    let pastDue = Fixture.advance(account, to: Fixture.utc(2026, 12, 1, 10), approving: false)
      .account
    #expect(throws: BillingError.subscriptionPastDue) {
      try Fixture.checkout.quoteExtraTraffic(gigabytes: 1, subscriptionID: "acct-s1", for: pastDue)
    }
  }

  @Test func R8a_exhaustedStopsUntilExtraPlanChangeOrNextPeriod() throws {
    var account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    account = Fixture.setUsed(.gb(50), subscriptionID: "acct-s1", in: account)
    #expect(account.liveSubscription(of: .residential)?.isExhausted == true)
    #expect(account.liveSubscription(of: .residential)?.servesTraffic == false)
    // Plan change: the new period serves traffic.
    let upgraded = try Fixture.buy("res-advanced", for: account, at: changed)
    #expect(upgraded.subscription.servesTraffic)
    // Next period.
    let renewed = Fixture.advance(account, to: Fixture.utc(2026, 12, 1, 10)).account
    #expect(renewed.liveSubscription(of: .residential)?.servesTraffic == true)
  }

  // MARK: R25

  @Test func R25_proxyUsersChargedNowAndWithEveryRenewal() throws {
    var account = try Fixture.buy("res-regular", for: Fixture.account(country: "NL"), at: bought)
      .account
    let users = try Fixture.checkout.quoteProxyUsers(
      count: 2, subscriptionID: "acct-s1", for: account)
    // 2 × $5.00 = $10.00 + 21 % = $12.10.
    #expect(users.total.minorUnits == 1_210)
    account = try Fixture.buyExtra(users, for: account, at: changed)
    #expect(account.liveSubscription(of: .residential)?.extraProxyUsers == 2)
    #expect(
      ProxyUserAllowance.limit(
        for: try #require(account.liveSubscription(of: .residential)), catalog: Fixture.catalog)
        == 7)
    let renewed = Fixture.advance(account, to: Fixture.utc(2026, 12, 1, 10)).account
    // ($400 + $10) × 1.21 = $496.10.
    #expect(renewed.orders.last?.total.minorUnits == 49_610)
    #expect(throws: BillingError.proxyUserCount) {
      try Fixture.checkout.quoteProxyUsers(count: 0, subscriptionID: "acct-s1", for: account)
    }
  }

  @Test func R4_confirmingAStaleOrRepeatedQuoteIsRefused() throws {
    let empty = Fixture.account()
    let first = try quote("res-regular", empty, at: bought)
    let bought1 = try Fixture.checkout.confirm(first, to: empty, now: bought).account
    // The same confirmation submitted again: a second live residential subscription.
    #expect(throws: BillingError.oneSubscriptionPerProduct(.residential)) {
      try Fixture.checkout.confirm(first, to: bought1, now: bought)
    }
    let upgrade = try quote("res-advanced", bought1)
    let upgraded = try Fixture.checkout.confirm(upgrade, to: bought1, now: changed).account
    #expect(throws: BillingError.oneSubscriptionPerProduct(.residential)) {
      try Fixture.checkout.confirm(upgrade, to: upgraded, now: changed)
    }
    // The replaced subscription ended in between (here: its period ran out).
    let ended = Fixture.advance(
      try Cancellation.cancel("acct-s1", in: bought1, planName: "Regular", now: changed).account,
      to: Fixture.utc(2026, 12, 2)
    ).account
    #expect(throws: BillingError.subscriptionNotLive(.ended)) {
      try Fixture.checkout.confirm(upgrade, to: ended, now: Fixture.utc(2026, 12, 2))
    }
    // A first-order coupon quoted before another first order went through.
    let couponQuote = try quote("dc-clever", empty, coupon: "WELCOME10", at: bought)
    #expect(throws: BillingError.couponNotFirstOrder("WELCOME10")) {
      try Fixture.checkout.confirm(couponQuote, to: bought1, now: bought)
    }
    #expect(upgraded.subscriptions.filter { $0.state.isLive }.count == 1)
  }

  @Test func R11_trafficUsedAfterThePreviewIsNotTransferred() throws {
    var account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    account = Fixture.setUsed(.gb(20), subscriptionID: "acct-s1", in: account)
    let preview = try quote("res-advanced", account)
    #expect(preview.unusedTraffic == .transferred(.gb(30)))
    // 5 GB more are used while the customer reads the preview.
    account = Fixture.setUsed(.gb(25), subscriptionID: "acct-s1", in: account)
    let outcome = try Fixture.checkout.confirm(preview, to: account, now: changed)
    #expect(outcome.subscription.transferred == .gb(25))
    #expect(outcome.account.subscription(id: "acct-s1")?.used == .gb(25))
    #expect(outcome.account.subscription(id: "acct-s1")?.state == .ended)
  }

  @Test func R4_unknownPlanRefused() {
    #expect(throws: BillingError.unknownPlan("res-huge")) {
      try Fixture.checkout.quote(
        planID: "res-huge", for: Fixture.account(), paymentMethod: Fixture.visa, couponCode: nil,
        now: Fixture.utc(2026, 11, 1))
    }
  }

  // MARK: R19 purchases of a plan change

  @Test func R19_upgradeMonthIsDiscountedByRecurringCoupon() throws {
    let account = try Fixture.buy(
      "res-premium", for: Fixture.account(country: "DE"), coupon: "WELCOME10", at: bought
    ).account
    // Renew: Premium $1,500.00 − 10 % = $1,350.00 + 19 % ($256.50) = $1,606.50, the same
    // as the next automatic renewal.
    let renew = try quote("res-premium", account)
    #expect(renew.kind == .renew)
    #expect(renew.invoice.discount == .units(150))
    #expect(renew.total == Money(minorUnits: 160_650))
    let premium = try #require(account.subscription(id: "acct-s1"))
    let renewal = try #require(Fixture.step.renewalInvoice(for: premium, in: account))
    #expect(renew.total == renewal.total)
    // Upgrade: Professional $2,500.00 − 10 % = $2,250.00 + 19 % ($427.50) = $2,677.50.
    let upgrade = try quote("res-professional", account)
    #expect(upgrade.total == Money(minorUnits: 267_750))
    // The coupon stays on the new subscription, and its renewal is discounted too.
    let after = Fixture.checkout.apply(upgrade, to: account, now: changed).account
    #expect(after.liveSubscription(of: .residential)?.coupon?.coupon.code == "WELCOME10")
    // Downgrade removes it: Regular $400.00 + 19 % = $476.00, no discount.
    let downgrade = try quote("res-regular", account)
    #expect(downgrade.invoice.discount.isZero)
    #expect(downgrade.total == .units(476))
  }

  // MARK: R25 proxy users over the new plan

  @Test func R25_downgradePausesProxyUsersOverTheNewPlan() throws {
    let account = try Fixture.buy("res-premium", for: Fixture.account(), at: bought).account
    // Micro includes 1 user and none were bought: of 4 serving users, 3 are paused.
    let micro = try quote("res-micro", account, at: changed)
    #expect(micro.proxyUsersPaused == 0, "no users counted: nothing to pause")
    let preview = try Fixture.checkout.quote(
      planID: "res-micro", for: account, paymentMethod: Fixture.visa, couponCode: nil,
      proxyUsersInUse: 4, now: changed)
    #expect(preview.kind == .downgrade)
    #expect(preview.proxyUsersPaused == 3)
    // Starter includes 2: 2 paused. Regular includes 5: none.
    let starter = try Fixture.checkout.quote(
      planID: "res-starter", for: account, paymentMethod: Fixture.visa, couponCode: nil,
      proxyUsersInUse: 4, now: changed)
    #expect(starter.proxyUsersPaused == 2)
    let regular = try Fixture.checkout.quote(
      planID: "res-regular", for: account, paymentMethod: Fixture.visa, couponCode: nil,
      proxyUsersInUse: 4, now: changed)
    #expect(regular.proxyUsersPaused == 0)
  }

  @Test func R25_boughtProxyUsersCountTowardWhatTheNewPlanHolds() throws {
    var account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    let users = try Fixture.checkout.quoteProxyUsers(count: 2, subscriptionID: "acct-s1", for: account)
    account = try Fixture.buyExtra(users, for: account, at: bought)
    // Micro: 1 included + 2 bought = 3 of the 7 serving.
    let preview = try Fixture.checkout.quote(
      planID: "res-micro", for: account, paymentMethod: Fixture.visa, couponCode: nil,
      proxyUsersInUse: 7, now: changed)
    #expect(preview.proxyUsersMoved == 2)
    #expect(preview.proxyUsersPaused == 4)
  }

  @Test func R25_proxyUsersPreviewSaysTheRenewalChargesThemAgain() throws {
    let account = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    let users = try Fixture.checkout.quoteProxyUsers(count: 1, subscriptionID: "acct-s1", for: account)
    #expect(users.chargedAgainAt == Fixture.utc(2026, 12, 1, 10))
    let note = try #require(users.chargedAgainNote(calendar: .utc))
    #expect(note.contains("renewal on 1 Dec 2026"))
    #expect(note.contains("no proration"))
    // A cancelled subscription does not renew: nothing is charged again, nothing said.
    let cancelled = try Cancellation.cancel(
      "acct-s1", in: account, planName: "Regular", now: changed
    ).account
    let after = try Fixture.checkout.quoteProxyUsers(
      count: 1, subscriptionID: "acct-s1", for: cancelled)
    #expect(after.chargedAgainNote(calendar: .utc) == nil)
  }
}
