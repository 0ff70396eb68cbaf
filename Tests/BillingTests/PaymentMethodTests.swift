import Billing
import Foundation
import Testing

@Suite struct PaymentMethodTests {
  let now = Fixture.utc(2026, 11, 21, 12)

  func check(
    _ number: String, expiry: String = "12/28", code: String = "123", holder: String = "Ava Example"
  ) -> Result<CardEntry.Checked, CardEntryRejection> {
    CardEntry(number: number, expiry: expiry, securityCode: code, holder: holder).check(now: now)
  }

  func problems(_ result: Result<CardEntry.Checked, CardEntryRejection>) -> [CardEntry.Field:
    String]
  {
    if case .failure(let rejection) = result { return rejection.problems }
    return [:]
  }

  // MARK: R16 cards

  @Test(arguments: [
    ("4242 4242 4242 4242", CardBrand.visa, "4242", "123"),
    ("4000-0000-0000-0002", .visa, "0002", "123"),
    ("5555555555554444", .mastercard, "4444", "123"),
    ("2223003122003222", .mastercard, "3222", "1234"),
    ("378282246310005", .amex, "0005", "1234"),
    ("6011111111111117", .discover, "1117", "123"),
  ])
  func R16_cardTestNumbersPass(number: String, brand: CardBrand, last4: String, code: String) throws {
    let checked = try check(number, code: code).get()
    #expect(checked.brand == brand)
    #expect(checked.last4 == last4)
    #expect(checked.expiryMonth == 12)
    #expect(checked.expiryYear == 2028)
  }

  @Test func R16_cardNumberLengthAndLuhn() {
    #expect(problems(check(""))[.number] == "Enter the card number.")
    #expect(
      problems(check("4242 4242 4242"))[.number]
        == "A card number has 13 to 19 digits; this one has 12.")
    #expect(
      problems(check("42424242424242424242"))[.number]
        == "A card number has 13 to 19 digits; this one has 20.")
    #expect(
      problems(check("4242424242424241"))[.number]
        == "This card number is not valid: check for a typo.")
    #expect(problems(check("4242abcd42424242"))[.number] == "A card number has digits only.")
    // 13 digits and 19 digits are both allowed lengths.
    #expect(problems(check("4222222222222"))[.number] == nil)
    #expect(problems(check("4000000000000000006"))[.number] == nil)
    #expect(CardEntry.passesLuhn("79927398713"))
    #expect(!CardEntry.passesLuhn("79927398710"))
  }

  @Test func R16_unknownBrandRefused() {
    // Luhn-valid (9 doubled is 18 -> 9, plus the check digit 1 = 10) but no brand.
    #expect(
      problems(check("9000000000000001"))[.number]
        == "We accept Visa, Mastercard, Amex and Discover.")
    #expect(CardEntry.brand(of: "9000000000000001") == nil)
  }

  @Test func R16_expiryNotInThePast() {
    #expect(
      problems(check("4242424242424242", expiry: "10/26"))[.expiry]
        == "This card expired in 10/2026.")
    // The current month is still valid, in YY or YYYY form.
    #expect(problems(check("4242424242424242", expiry: "11/26")).isEmpty)
    #expect(problems(check("4242424242424242", expiry: "11/2026")).isEmpty)
    #expect(
      problems(check("4242424242424242", expiry: "13/27"))[.expiry] == "Enter the expiry as MM/YY.")
    #expect(
      problems(check("4242424242424242", expiry: "1127"))[.expiry] == "Enter the expiry as MM/YY.")
    #expect(
      problems(check("4242424242424242", expiry: "11/202"))[.expiry] == "Enter the expiry as MM/YY."
    )
  }

  @Test func R16_expiryUsesTheAccountsTimeZone() {
    // 1 Dec 2026 03:00 UTC is still 30 Nov in New York: a 11/26 card has not expired there.
    let entry = CardEntry(
      number: "4242424242424242", expiry: "11/26", securityCode: "123", holder: "A")
    let early = Fixture.utc(2026, 12, 1, 3)
    #expect(
      (try? entry.check(
        now: early, calendar: BillingCalendar(timeZoneIdentifier: "America/New_York")
      ).get()) != nil)
    #expect((try? entry.check(now: early, calendar: .utc).get()) == nil)
  }

  @Test func R16_securityCodeHasThreeOrFourDigits() {
    #expect(
      problems(check("4242424242424242", code: "12"))[.securityCode]
        == "The security code has 3 or 4 digits.")
    #expect(
      problems(check("4242424242424242", code: "12345"))[.securityCode]
        == "The security code has 3 or 4 digits.")
    #expect(
      problems(check("4242424242424242", code: "12a"))[.securityCode]
        == "The security code has 3 or 4 digits.")
    #expect(problems(check("4242424242424242", code: "1234")).isEmpty)
    #expect(
      problems(check("378282246310005", code: "123"))[.securityCode]
        == "Amex security codes have 4 digits.")
  }

  @Test func R16_refusedFieldByFieldAndNothingKeptUntilAllPass() {
    let all = problems(check("", expiry: "", code: "", holder: " "))
    #expect(Set(all.keys) == Set(CardEntry.Field.allCases))
    #expect(all[.holder] == "Enter the name on the card.")
    let onlyCode = problems(check("4242424242424242", code: "1"))
    #expect(Array(onlyCode.keys) == [.securityCode])
    if case .success = check("4242424242424242", code: "1") {
      Issue.record("a bad field must refuse the card")
    }
  }

  @Test func R16_onlyBrandLastFourExpiryAndHolderAreKept() throws {
    let checked = try check("4242 4242 4242 4242", code: "987").get()
    let labels = Mirror(reflecting: checked).children.compactMap(\.label)
    #expect(!labels.contains { $0.lowercased().contains("security") })
    let stored = StoredCard(
      brand: checked.brand, last4: checked.last4, expiryMonth: checked.expiryMonth,
      expiryYear: checked.expiryYear, holder: checked.holder, token: "tok")
    let summary = PaymentMethod.card(stored).summary
    #expect(summary == "Visa ending 4242 (exp 12/2028)")
    let encoded = String(
      decoding: try JSONEncoder().encode(PaymentMethod.card(stored)), as: UTF8.self)
    #expect(!encoded.contains("4242424242424242"))
    #expect(!encoded.contains("987"))
  }

  // MARK: R16 PayPal

  @Test func R16_payPalEmailCheckedForForm() throws {
    #expect(try PayPalAddress.check(" ben@example.com ").get() == "ben@example.com")
    for bad in [
      "", "ben", "ben@", "@example.com", "ben@example", "ben@.com", "ben@example.",
      "b en@example.com", "a@b@example.com",
    ] {
      guard case .failure(let error) = PayPalAddress.check(bad) else {
        Issue.record("\(bad) should be refused")
        continue
      }
      #expect(error == .invalidPayPalEmail(bad.trimmingCharacters(in: .whitespaces)))
    }
    #expect(BillingError.invalidPayPalEmail("").description == "Enter your PayPal email.")
    #expect(
      BillingError.invalidPayPalEmail("ben").description == "\"ben\" is not an email address.")
  }

  // MARK: R16 BTC

  @Test func R16_btcCheckoutGoesThroughSupport() {
    #expect(throws: BillingError.btcThroughSupport) {
      try Fixture.checkout.quote(
        planID: "dc-clever", for: Fixture.account(), paymentMethod: .btc, couponCode: nil, now: now)
    }
    #expect(BillingError.btcThroughSupport.description.contains(Support.email))
    let notice = SupportRequest.btcPayment(
      accountEmail: "eve@example.com", planName: "Clever", product: .datacenter, at: now)
    #expect(notice.kind == .supportRequest)
    #expect(notice.body.contains("eve@example.com"))
    #expect(notice.body.contains("Clever"))
  }

  @Test func R16_btcTakesNoCoupon() {
    #expect(throws: BillingError.couponNotWithBTC) {
      try Fixture.checkout.quote(
        planID: "dc-clever", for: Fixture.account(), paymentMethod: .btc, couponCode: "WELCOME10",
        now: now)
    }
  }

  @Test func R16_btcDoesNotAutoRenewAndEndsAtPeriodEnd() throws {
    let paid = Fixture.utc(2026, 11, 1, 10)
    let account = Fixture.btcAccount(paidAt: paid)
    #expect(PaymentMethod.btc.isAutomatic == false)
    let result = Fixture.step.advance(account, to: Fixture.utc(2027, 1, 1)) { _ in
      Issue.record("BTC is never charged automatically")
      return .approved
    }
    #expect(result.events.map(\.kind) == [.ended])
    #expect(result.events.first?.date == Fixture.utc(2026, 12, 1, 10))
    #expect(result.account.subscriptions.first?.state == .ended)
    #expect(result.notices.contains { $0.kind == .renewalReminder } == false)
  }

  @Test func R16_btcIsNotRefundableAndTakesNoExtrasSelfServed() {
    let account = Fixture.btcAccount(paidAt: now)
    let verdict = Refunds.eligibility(
      of: "acct-s1", in: account, catalog: Fixture.catalog, policy: Fixture.policy, now: now)
    #expect(verdict == .notAvailable(.paidWithBTC))
    #expect(throws: BillingError.btcThroughSupport) {
      try Fixture.checkout.quoteExtraTraffic(gigabytes: 5, subscriptionID: "acct-s1", for: account)
    }
  }

  // MARK: R16a

  @Test func R16a_updatingThePaymentMethodRetriesAtOnce() throws {
    let bought = Fixture.utc(2026, 11, 1, 10)
    let start = try Fixture.buy("res-regular", for: Fixture.account(), at: bought).account
    var account = Fixture.advance(start, to: Fixture.utc(2026, 12, 1, 12), approving: false).account
    #expect(account.subscriptions.first?.state == .pastDue)

    let updatedAt = Fixture.utc(2026, 12, 1, 15)
    account.subscriptions[0].paymentMethod = Fixture.mastercard
    let item = DueItem(date: updatedAt, kind: .retryNow(subscriptionID: "acct-s1"))
    let request = try #require(Fixture.step.chargeRequest(for: item, in: account))
    #expect(request.paymentMethod == Fixture.mastercard)
    #expect(request.amount == .units(400))

    // A declined immediate retry does not use up a scheduled one.
    let declined = Fixture.step.apply(item, to: account, charge: .declined(reason: "no"))
    #expect(declined.account.subscriptions.first?.state == .pastDue)
    #expect(declined.account.subscriptions.first?.retriesDone == 0)
    #expect(declined.events.map(\.kind) == [.retryFailed])

    let approved = Fixture.step.apply(item, to: account, charge: .approved)
    #expect(approved.events.map(\.kind) == [.retrySucceeded])
    let subscription = try #require(approved.account.subscriptions.first)
    #expect(subscription.state == .active)
    #expect(subscription.paymentMethod == Fixture.mastercard)
    #expect(subscription.periodEnd == Fixture.utc(2027, 1, 1, 15))
    #expect(approved.account.orders.last?.paymentMethod == Fixture.mastercard)
    // Once active again, the same item is stale.
    #expect(Fixture.step.isDue(item, in: approved.account) == false)
  }

  // MARK: R16b

  @Test func R16b_eachChargeCarriesItsOrderIDAsIdempotencyKey() throws {
    let account = try Fixture.buy(
      "res-regular", for: Fixture.account(), at: Fixture.utc(2026, 11, 1, 10)
    ).account
    var keys: [String] = []
    let result = Fixture.step.advance(account, to: Fixture.utc(2027, 6, 1)) { request in
      keys.append(request.orderID)
      return .approved
    }
    // Renewals on the 1st of Dec, Jan, Feb, Mar, Apr and May (Jun 1 10:00 is later).
    #expect(keys.count == 6)
    #expect(Set(keys).count == keys.count)
    #expect(result.account.orders.dropFirst().map(\.id) == keys)
  }

  @Test func R16a_movingOffBTCToACardTurnsAutoRenewalOn() throws {
    let paidAt = Fixture.utc(2026, 11, 1, 10)
    var account = Fixture.btcAccount(paidAt: paidAt)
    var subscription = try #require(account.subscription(id: "acct-s1"))
    #expect(subscription.autoRenew == false)
    #expect(subscription.cardOrPayPalTurnsAutoRenewalOn)
    #expect(subscription.switchingTurnsAutoRenewalOn(to: Fixture.visa))
    subscription.switchPaymentMethod(to: Fixture.visa)
    #expect(subscription.autoRenew)
    #expect(subscription.paymentMethod == Fixture.visa)
    account.subscriptions = [subscription]
    // It renews at its period end instead of ending: Clever $90.00, US 0 % VAT.
    let result = Fixture.step.advance(account, to: Fixture.utc(2026, 12, 1, 10)) { request in
      #expect(request.amount == .units(90))
      return .approved
    }
    #expect(result.events.map(\.kind) == [.reminderSent, .renewed])
    #expect(result.account.subscription(id: "acct-s1")?.state == .active)
  }

  @Test func R16a_aCancelledSubscriptionStaysCancelledOnANewCard() throws {
    let account = try Fixture.buy("res-regular", for: Fixture.account(), at: Fixture.utc(2026, 11, 1))
      .account
    var subscription = try #require(
      try Cancellation.cancel("acct-s1", in: account, planName: "Regular", now: Fixture.utc(2026, 11, 2))
        .account.subscription(id: "acct-s1"))
    #expect(subscription.cardOrPayPalTurnsAutoRenewalOn == false)
    subscription.switchPaymentMethod(to: Fixture.mastercard)
    #expect(subscription.autoRenew == false)
    #expect(subscription.state == .cancelled)
  }
}
