import Billing
import Foundation

/// The demo's catalog, tax rates and coupons, and small helpers to drive the pure rules
/// the way the services layer does (quote, charge, apply).
enum Fixture {
  static let catalog = Catalog(plans: [
    plan("res-micro", "Micro", .residential, 1, gb: 5, dollars: 75, users: 1, refundable: false),
    plan("res-starter", "Starter", .residential, 2, gb: 20, dollars: 200, users: 2),
    plan("res-regular", "Regular", .residential, 3, gb: 50, dollars: 400, users: 5),
    plan("res-advanced", "Advanced", .residential, 4, gb: 100, dollars: 700, users: 10),
    plan("res-premium", "Premium", .residential, 5, gb: 250, dollars: 1500, users: 20),
    plan("res-professional", "Professional", .residential, 6, gb: 500, dollars: 2500, users: 40),
    plan("res-enterprise", "Enterprise", .residential, 7, gb: 1000, dollars: 4000, users: 80),
    plan("res-corporate", "Corporate", .residential, 8, gb: 2000, dollars: 7000, users: 150),
    plan("dc-basic", "Basic", .datacenter, 1, gb: 50, dollars: 50, users: 5),
    plan("dc-clever", "Clever", .datacenter, 2, gb: 100, dollars: 90, users: 10),
    plan("dc-smart", "Smart", .datacenter, 3, gb: 250, dollars: 200, users: 25),
    plan("dc-expert", "Expert", .datacenter, 4, gb: 500, dollars: 350, users: 50),
  ])

  static let taxRates = TaxRates(countries: [
    .init(code: "NL", name: "Netherlands", vat: .percent(21), eu: true),
    .init(code: "DE", name: "Germany", vat: .percent(19), eu: true),
    .init(code: "US", name: "United States", vat: .zero, eu: false),
    .init(code: "GB", name: "United Kingdom", vat: .percent(20), eu: false),
  ])

  /// Recurring 10 %, a non-recurring $20, an expired one and a datacenter-only one.
  static let coupons = CouponBook(coupons: [
    Coupon(code: "WELCOME10", discount: .percent(.percent(10)), recurring: true),
    Coupon(code: "FIRST20", discount: .fixed(.units(20)), recurring: false),
    Coupon(
      code: "SPRING15", discount: .percent(.percent(15)), recurring: false,
      expires: utc(2026, 6, 1)),
    Coupon(
      code: "DCONLY25", discount: .percent(.percent(25)), recurring: false, product: .datacenter),
  ])

  static let policy = BillingPolicy.standard
  static let checkout = Checkout(
    catalog: catalog, coupons: coupons, taxRates: taxRates, policy: policy)
  static let step = BillingStep(catalog: catalog, taxRates: taxRates, policy: policy)

  static let visa = PaymentMethod.card(
    StoredCard(
      brand: .visa, last4: "4242", expiryMonth: 12, expiryYear: 2030, holder: "Ava Example",
      token: "tok_4242"))
  static let mastercard = PaymentMethod.card(
    StoredCard(
      brand: .mastercard, last4: "4444", expiryMonth: 1, expiryYear: 2031, holder: "Ava Example",
      token: "tok_4444"))
  static let payPal = PaymentMethod.payPal(email: "ben@example.com")

  static func plan(
    _ id: String, _ name: String, _ product: Product, _ rank: Int, gb: Int64, dollars: Int64,
    users: Int, refundable: Bool = true
  ) -> Plan {
    Plan(
      id: id, name: name, product: product, rank: rank, allowance: .gb(gb),
      price: .units(dollars), includedProxyUsers: users, refundable: refundable)
  }

  /// A UTC instant; the literals in tests are always valid dates.
  static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0)
    -> Date
  {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = .gmt
    let parts = DateComponents(
      year: year, month: month, day: day, hour: hour, minute: minute)
    return calendar.date(from: parts) ?? .distantPast
  }

  static func account(
    country: String = "US", company: String = "", vatID: String? = nil, timeZone: String = "UTC",
    createdAt: Date = utc(2026, 1, 1)
  ) -> Account {
    Account(
      id: "acct", email: "ava@example.com",
      profile: BillingProfile(
        name: "Ava Example", company: company, country: country, vatID: vatID,
        timeZone: timeZone),
      createdAt: createdAt)
  }

  /// Quotes and applies a purchase as if the gateway approved it.
  static func buy(
    _ planID: String, for account: Account, with method: PaymentMethod = visa,
    coupon: String? = nil, at now: Date
  ) throws -> PurchaseOutcome {
    let quote = try checkout.quote(
      planID: planID, for: account, paymentMethod: method, couponCode: coupon, now: now)
    return checkout.apply(quote, to: account, now: now)
  }

  /// The live subscription of `product`, or a test failure's stand-in.
  static func live(_ product: Product, in account: Account) -> Subscription? {
    account.liveSubscription(of: product)
  }

  /// Sets the used traffic of a subscription, the way recorded usage would.
  static func setUsed(_ used: Traffic, subscriptionID: String, in account: Account) -> Account {
    var updated = account
    if let index = updated.subscriptions.firstIndex(where: { $0.id == subscriptionID }) {
      updated.subscriptions[index].used = used
    }
    return updated
  }

  /// Applies a paid extra (traffic or users) as if the gateway approved it.
  static func buyExtra(_ quote: ExtraQuote, for account: Account, at now: Date) throws -> Account {
    try checkout.apply(quote, to: account, now: now).account
  }

  static func advance(
    _ account: Account, to now: Date, approving approve: Bool = true
  ) -> StepResult {
    step.advance(account, to: now) { _ in approve ? .approved : .declined(reason: "card declined") }
  }

  /// A BTC subscription as support sets it up: paid by hand, no auto-renewal.
  static func btcAccount(planID: String = "dc-clever", paidAt: Date) -> Account {
    var account = account()
    let plan = catalog.plan(id: planID)
    let allowance = plan?.allowance ?? .zero
    let price = plan?.price ?? .zero()
    let product = plan?.product ?? .datacenter
    let invoice = Invoice.priced(
      lines: [InvoiceLine(label: "\(plan?.name ?? planID) plan", amount: price)], coupon: nil,
      vat: taxRates.treatment(for: account.profile))
    let order = Order(
      id: "acct-o1", kind: .purchase(.newPurchase), product: product, planID: planID,
      subscriptionID: "acct-s1", invoice: invoice, paymentMethod: .btc, createdAt: paidAt,
      status: .paid)
    let subscription = Subscription(
      id: "acct-s1", product: product, planID: planID, anchor: paidAt, periodStart: paidAt,
      periodEnd: account.calendar.periodEnd(anchor: paidAt, index: 0), autoRenew: false,
      paymentMethod: .btc, allowance: allowance, originOrderID: "acct-o1")
    account.orders = [order]
    account.subscriptions = [subscription]
    return account
  }
}
