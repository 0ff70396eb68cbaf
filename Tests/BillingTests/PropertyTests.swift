import Billing
import Foundation
import PropertyBased
import Synchronization
import Testing

/// One random customer action or clock move; the numbers pick what and how much.
struct Operation: Sendable, CustomStringConvertible {
  var kind: Int
  var a: Int
  var b: Int

  var description: String { "op(\(kind), \(a), \(b))" }

  static let generator = zip(Gen.int(in: 0...10), Gen.int(in: 0...11), Gen.int(in: 0...99))
    .map { Operation(kind: $0.0, a: $0.1, b: $0.2) }
}

/// Drives the pure rules as the services would, keeping an independent ledger of the
/// money the gateway approved, and checks the invariants after every step.
struct Simulation {
  var account: Account
  /// When the step last ran, for the half-way check.
  var previousNow: Date

  /// Accounts in a zone with summer time too, so calendar arithmetic crosses DST.
  init(timeZone: String) {
    account = Fixture.account(country: "NL", timeZone: timeZone)
    previousNow = now
  }

  var now = Fixture.utc(2026, 11, 1, 10)
  var approve = true
  /// Cents taken minus cents returned, counted from the gateway's side.
  var ledger: Int64 = 0

  var outcome: ChargeOutcome { approve ? .approved : .declined(reason: "declined") }

  func live(_ product: Product) -> Subscription? { account.liveSubscription(of: product) }

  /// Runs `operation`; true when it changed the account (a refused or impossible step
  /// changes nothing), so a test can count what its histories really exercised.
  @discardableResult
  mutating func run(_ operation: Operation) -> Bool {
    let before = account
    perform(operation)
    return account != before
  }

  private mutating func perform(_ operation: Operation) {
    let product: Product = operation.a % 2 == 0 ? .residential : .datacenter
    switch operation.kind {
    case 0, 1:
      let plans = Fixture.catalog.plans(of: product)
      let plan = plans[(operation.kind == 0 ? operation.a / 2 : operation.b) % plans.count]
      let coupon = ["WELCOME10", "FIRST20", nil, nil][operation.b % 4]
      let method = operation.b % 3 == 0 ? Fixture.payPal : Fixture.visa
      guard
        let quote = try? Fixture.checkout.quote(
          planID: plan.id, for: account, paymentMethod: method, couponCode: coupon, now: now)
      else { return }
      guard approve, let outcome = try? Fixture.checkout.confirm(quote, to: account, now: now)
      else { return }
      account = outcome.account
      ledger += quote.total.minorUnits
      // The same confirmation submitted again is refused: nothing is bought twice (R16b).
      #expect((try? Fixture.checkout.confirm(quote, to: account, now: now)) == nil)
    case 2:
      guard let subscription = live(product),
        let result = try? Cancellation.cancel(subscription.id, in: account, planName: "x", now: now)
      else { return }
      account = result.account
    case 3, 4:
      guard let subscription = live(product) else { return }
      let quote =
        operation.kind == 3
        ? try? Fixture.checkout.quoteExtraTraffic(
          gigabytes: 1 + operation.b % 20, subscriptionID: subscription.id, for: account)
        : try? Fixture.checkout.quoteProxyUsers(
          count: 1 + operation.b % 3, subscriptionID: subscription.id, for: account)
      guard let quote, approve,
        let updated = try? Fixture.checkout.apply(quote, to: account, now: now).account
      else { return }
      account = updated
      ledger += quote.total.minorUnits
    case 5:
      guard
        let index = account.subscriptions.lastIndex(where: {
          $0.product == product && ($0.state == .active || $0.state == .cancelled)
        })
      else { return }
      let traffic = Traffic(bytes: Int64(operation.b) * 700_000_000)
      account.subscriptions[index] =
        TrafficWarnings.record(
          traffic, on: account.subscriptions[index], planName: "x", policy: Fixture.policy, at: now
        ).0
    case 6:
      guard let subscription = live(product),
        let result = try? Refunds.request(
          for: subscription.id, in: account, catalog: Fixture.catalog, policy: Fixture.policy,
          now: now)
      else { return }
      account = result.account
      ledger -= result.refund.amount.minorUnits
    case 7, 8:
      let hours =
        operation.kind == 7 ? 1 + (operation.a * 100 + operation.b) % 1000 : 1 + operation.b % 12
      now = now.addingTimeInterval(TimeInterval(hours) * 3600)
      advanceAndCheck()
    case 9:
      approve = operation.b % 2 == 0
    default:
      // Update the payment method of a past-due subscription: retries at once (R16a).
      guard let index = account.subscriptions.firstIndex(where: { $0.state == .pastDue }) else {
        return
      }
      account.subscriptions[index].paymentMethod = Fixture.mastercard
      let item = DueItem(
        date: now, kind: .retryNow(subscriptionID: account.subscriptions[index].id))
      if let request = Fixture.step.chargeRequest(for: item, in: account), approve {
        ledger += request.amount.minorUnits
      }
      account = Fixture.step.apply(item, to: account, charge: outcome).account
    }
  }

  mutating func advanceAndCheck() {
    var taken: Int64 = 0
    let approving = approve
    let result = Fixture.step.advance(account, to: now) { request in
      if approving { taken += request.amount.minorUnits }
      return approving ? .approved : .declined(reason: "declined")
    }
    ledger += taken
    // Stopping half-way and going on gives the same account and events (R7b).
    let outcomeOfGateway: (ChargeRequest) -> ChargeOutcome = { _ in
      approving ? .approved : .declined(reason: "declined")
    }
    let halfway = previousNow.addingTimeInterval(now.timeIntervalSince(previousNow) / 2)
    let first = Fixture.step.advance(account, to: halfway, charge: outcomeOfGateway)
    let second = Fixture.step.advance(first.account, to: now, charge: outcomeOfGateway)
    #expect(second.account == result.account)
    #expect(first.events + second.events == result.events)
    previousNow = now
    let dates = result.events.map(\.date)
    #expect(dates == dates.sorted(), "events in time order")
    #expect(dates.allSatisfy { $0 <= now })
    account = result.account
    #expect(Fixture.step.nextDue(for: account, now: now) == nil, "nothing left overdue")

    // Idempotent: the same now again changes nothing and charges nothing.
    let again = Fixture.step.advance(account, to: now) { _ in
      Issue.record("a second advance to the same now must not charge")
      return .approved
    }
    #expect(again.account == account)
    #expect(again.events.isEmpty)
    #expect(again.notices.isEmpty)
  }

  func checkInvariants() {
    for subscription in account.subscriptions {
      #expect(subscription.used >= .zero)
      #expect(subscription.remaining >= .zero)
      #expect(subscription.transferred >= .zero)
      #expect(subscription.extra >= .zero)
      #expect(subscription.available >= subscription.allowance)
      #expect(subscription.periodStart < subscription.periodEnd)
    }
    for product in Product.allCases {
      let live = account.subscriptions.filter { $0.product == product && $0.state.isLive }
      #expect(live.count <= 1, "at most one live \(product) subscription")
    }
    #expect(account.netCharged.minorUnits == ledger, "net charged matches the gateway")
    #expect(Set(account.orders.map(\.id)).count == account.orders.count, "order ids unique")
    #expect(account.refunds.count <= 1, "one refund at most")
  }
}

@Suite struct PropertyTests {
  @Test func P_randomHistoriesKeepTheInvariants() async {
    // Histories run, and the steps of each kind that changed an account: a generator
    // that only produced refused steps would otherwise pass on nothing.
    let counts = Mutex<(histories: Int, changed: [Int: Int])>((0, [:]))
    await propertyCheck(
      count: 300, input: Operation.generator.array(of: 1...30),
      Gen.element(of: ["UTC", "Europe/Amsterdam", "America/New_York"])
    ) { operations, timeZone in
      var simulation = Simulation(timeZone: timeZone ?? "UTC")
      var changed: [Int: Int] = [:]
      for operation in operations {
        if simulation.run(operation) { changed[min(operation.kind, 10), default: 0] += 1 }
        simulation.checkInvariants()
      }
      counts.withLock {
        $0.histories += 1
        $0.changed.merge(changed, uniquingKeysWith: +)
      }
      // Finally let a long time pass: everything settles and stays settled.
      simulation.now = simulation.now.addingTimeInterval(400 * 86_400)
      simulation.advanceAndCheck()
      simulation.checkInvariants()
    }
    let (histories, changed) = counts.withLock { $0 }
    #expect(histories >= 300)
    // Purchases, cancellations, extras, refunds and usage each changed accounts often.
    for (kinds, name) in [
      ([0, 1], "purchase"), ([2], "cancel"), ([3, 4], "extra"), ([5], "usage"), ([6], "refund"),
    ] {
      #expect(
        kinds.reduce(0) { $0 + (changed[$1] ?? 0) } >= 20, "\(name) steps that changed an account: \(changed)"
      )
    }
  }

  @Test func P_R0_1_percentRoundsHalfAwayFromZero() async {
    await propertyCheck(
      count: 300, input: Gen.int(in: -10_000_000...10_000_000), Gen.int(in: 0...10_000)
    ) { cents, basisPoints in
      let result = Money(minorUnits: Int64(cents)).percentage(Rate(basisPoints: basisPoints))
      let product = Int64(cents) * Int64(basisPoints)
      let magnitude = (product.magnitude + 5_000) / 10_000
      let expected = product < 0 ? -Int64(magnitude) : Int64(magnitude)
      #expect(result.minorUnits == expected)
    }
  }

  @Test func P_R5_periodEndKeepsTheAnchorDayOrTheMonthsLastDay() async {
    var gregorian = Calendar(identifier: .gregorian)
    gregorian.timeZone = .gmt
    let calendar = gregorian
    await propertyCheck(
      count: 300, input: Gen.int(in: 2025...2032), Gen.int(in: 1...12), Gen.int(in: 1...31),
      Gen.int(in: 0...30)
    ) { year, month, day, index in
      let first = Fixture.utc(year, month, 1, 7, 30)
      let length = calendar.range(of: .day, in: .month, for: first)?.count ?? 28
      let anchor = Fixture.utc(year, month, min(day, length), 7, 30)
      let end = BillingCalendar.utc.periodEnd(anchor: anchor, index: index)
      let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: end)
      let months = (year * 12 + month - 1) + index + 1
      #expect(parts.year == months / 12)
      #expect(parts.month == months % 12 + 1)
      let target = Fixture.utc(months / 12, months % 12 + 1, 1)
      let targetLength = calendar.range(of: .day, in: .month, for: target)?.count ?? 28
      #expect(parts.day == min(min(day, length), targetLength))
      #expect(parts.hour == 7 && parts.minute == 30)
    }
  }

  @Test func P_R16_luhnCheckDigitAcceptedAndATypoRefused() async {
    await propertyCheck(
      count: 300, input: Gen.int(in: 0...9).array(of: 15), Gen.int(in: 0...14), Gen.int(in: 1...9)
    ) { body, position, shift in
      let prefix = "4" + body.dropFirst().map(String.init).joined()
      let check = (0...9).first { CardEntry.passesLuhn(prefix + String($0)) }
      #expect(check != nil)
      let number = prefix + String(check ?? 0)
      var digits = Array(number)
      let index = position + 1
      let original = digits[index].wholeNumberValue ?? 0
      digits[index] = Character(String((original + shift) % 10))
      #expect(!CardEntry.passesLuhn(String(digits)), "one changed digit is caught")
    }
  }
}
