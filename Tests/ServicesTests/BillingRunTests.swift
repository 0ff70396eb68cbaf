import Billing
import Foundation
import Synchronization
import Testing

@testable import Services
@testable import Storage

/// `proxydash billing run` as a use case (R28): every due account up to now, once,
/// whatever runs beside it or dies in the middle.
@Suite struct BillingRunTests {
  /// A store with `count` customers who bought Starter at the start; the clock then
  /// stands an hour after their first renewal.
  static func worldWithRenewalsDue(_ count: Int) throws -> (TestWorld, [Account]) {
    let world = try TestWorld()
    var accounts: [Account] = []
    var periodEnd = TestWorld.start
    for index in 0..<count {
      let account = try world.signUp("c\(index)@example.com")
      periodEnd = try world.buy("res-starter", for: account).subscription.periodEnd
      accounts.append(account)
    }
    world.clock.set(periodEnd.addingTimeInterval(3600))
    return (world, accounts)
  }

  /// A lease clock that a test moves by hand, like a runner that comes back later.
  static func runner(_ name: String, at lease: FixedClock = FixedClock(TestWorld.start))
    -> BillingRunner
  {
    BillingRunner(name: name, lease: 600, leaseClock: lease, batchSize: 2)
  }

  static func renewalOrders(_ service: ProxyDashService, _ accounts: [Account]) throws -> [Order] {
    try accounts.flatMap { try service.account(id: $0.id).orders.filter { $0.kind == .renewal } }
  }

  @Test func R28_aRunRenewsEveryDueAccountAndASecondRunChargesNothing() throws {
    let (world, accounts) = try Self.worldWithRenewalsDue(3)
    let idle = try world.signUp("idle@example.com")
    let first = try world.service.runBilling(runner: Self.runner("one"))
    #expect(first.accounts == 3)
    #expect(first.renewed == 3)
    #expect(first.reminders == 3)
    #expect(first.declined == 0)
    #expect(first.chargedCents == 3 * 10_000)
    #expect(first.failed.isEmpty)
    let second = try world.service.runBilling(runner: Self.runner("two"))
    #expect(second == BillingRunSummary())
    #expect(try Self.renewalOrders(world.service, accounts).count == 3)
    let stored = try world.service.store.read { session in
      try accounts.map { try session.nextDueAt(accountID: $0.id) }
    }
    let expected = try accounts.map {
      world.service.policy.nextDueDate(for: try world.service.account(id: $0.id))
    }
    #expect(stored == expected)
    #expect(try world.service.store.read { try $0.nextDueAt(accountID: idle.id) } == nil)
  }

  @Test func R28_twoRunnersAtOnceBillEachAccountExactlyOnce() throws {
    let (world, accounts) = try Self.worldWithRenewalsDue(12)
    let gateways = [LocalGateway(), LocalGateway()]
    let services = try gateways.map { try world.reopened(gateway: $0) }
    let results = Mutex<[Result<BillingRunSummary, ServiceError>]>([])
    let start = DispatchSemaphore(value: 0)
    let group = DispatchGroup()
    for (index, service) in services.enumerated() {
      DispatchQueue.global().async(group: group) {
        start.wait()
        let result = Result { () throws(ServiceError) in
          try service.runBilling(runner: Self.runner("runner-\(index)"))
        }
        results.withLock { $0.append(result) }
      }
    }
    start.signal()
    start.signal()
    group.wait()
    let summaries = try results.withLock { $0 }.map { try $0.get() }
    #expect(summaries.map(\.renewed).reduce(0, +) == 12)
    #expect(summaries.map(\.accounts).reduce(0, +) == 12)
    #expect(summaries.allSatisfy { $0.failed.isEmpty })
    let keys = gateways.flatMap(\.approvedKeys)
    #expect(keys.count == 12)
    #expect(Set(keys).count == keys.count, "no order is charged twice")
    let orders = try Self.renewalOrders(world.service, accounts)
    #expect(orders.count == 12)
    #expect(Set(orders.map(\.id)) == Set(keys))
    for service in services { service.store.close() }
  }

  @Test func R28_aRunnerSkipsAccountsAnotherRunnerHoldsUntilItsLeaseExpires() throws {
    let (world, accounts) = try Self.worldWithRenewalsDue(2)
    let lease = FixedClock(TestWorld.start)
    let queue = SQLiteBillingQueue(store: world.service.store)
    let taken = try queue.claimDue(
      at: world.clock.now, runner: "stuck", leaseNow: lease.now,
      leaseUntil: lease.now.addingTimeInterval(600), limit: 1)
    #expect(taken.count == 1)
    let other = try world.service.runBilling(runner: Self.runner("other", at: lease))
    #expect(other.accounts == 1, "the held account is skipped, not waited for")
    lease.advance(by: 601)
    let later = try world.service.runBilling(runner: Self.runner("later", at: lease))
    #expect(later.accounts == 1)
    #expect(later.renewed == 1)
    #expect(try Self.renewalOrders(world.service, accounts).count == 2)
  }

  @Test func R28_aRunKilledAtAnyPointIsCompletedByTheNextRun() throws {
    // Each account's renewal passes three fault points (after the intent, after the
    // gateway, before the outcome commits): a kill at every one of them, in turn.
    for killAt in 1...9 {
      let (world, accounts) = try Self.worldWithRenewalsDue(3)
      let dying = try world.reopened()
      let kill = KillSwitch(at: killAt)
      dying.faultHook = { point in try kill.hit(point) }
      let lease = FixedClock(TestWorld.start)
      _ = try? dying.runBilling(runner: Self.runner("dies", at: lease))
      #expect(kill.killed, "round \(killAt) must die")
      dying.store.close()
      // The next run is a new process, an hour later: the dead runner's leases expired.
      lease.advance(by: 3600)
      let next = try world.reopened()
      let summary = try next.runBilling(runner: Self.runner("next", at: lease))
      #expect(summary.failed.isEmpty, "round \(killAt): \(summary.failed)")
      let orders = try Self.renewalOrders(next, accounts)
      #expect(orders.count == 3, "round \(killAt): every account renewed once")
      #expect(orders.allSatisfy { $0.status == .paid })
      let charges = try next.store.read { try $0.charges() }
      #expect(!charges.contains { $0.status == .intent }, "round \(killAt): nothing half done")
      let approved = try world.gatewayApprovedKeys()
      #expect(Set(approved).count == approved.count)
      #expect(Set(orders.map(\.id)).isSubset(of: Set(approved)))
      #expect(try next.runBilling(runner: Self.runner("again", at: lease)).chargedCents == 0)
      next.store.close()
    }
  }

  @Test func R28_aCorruptAccountIsReportedAndTheOthersAreBilled() throws {
    let (world, accounts) = try Self.worldWithRenewalsDue(3)
    try world.service.store.write { session in
      try session.execute(
        "UPDATE orders SET invoice_json = 'not json' WHERE account_id = ?", [accounts[1].id])
    }
    let summary = try world.service.runBilling(runner: Self.runner("one"))
    #expect(summary.accounts == 2)
    #expect(summary.renewed == 2)
    #expect(summary.failed.map(\.accountID) == [accounts[1].id])
    #expect(summary.failed.first?.reason.contains("damaged") == true)
    let healthy = try Self.renewalOrders(world.service, [accounts[0], accounts[2]])
    #expect(healthy.count == 2)
  }

  @Test func R28_accountsStoredBeforeTheIndexAreCheckedOnceThenIndexed() throws {
    let world = try TestWorld()
    let ava = try world.signUp()
    let bought = try world.buy("res-starter", for: ava)
    // What the v2 migration leaves on rows that existed before it: "not computed".
    try world.service.store.write { session in
      try session.execute("UPDATE accounts SET next_due_at = 0")
    }
    let first = try world.service.runBilling(runner: Self.runner("one"))
    #expect(first.accounts == 1)
    #expect(first.chargedCents == 0, "nothing was really due")
    let stored = try world.service.store.read { try $0.nextDueAt(accountID: ava.id) }
    #expect(stored == BillingPolicy.standard.nextDueDate(for: bought.account))
    #expect(try world.service.runBilling(runner: Self.runner("two")).accounts == 0)
  }

  @Test func R28_anAccountPayingForAPurchaseIsDeferredNotFailed() throws {
    let (world, accounts) = try Self.worldWithRenewalsDue(2)
    // A purchase being paid this moment: its intent is recorded, the gateway not yet asked.
    let paying = try world.reopened()
    paying.faultHook = { point in if point == .afterIntent { throw SimulatedCrash() } }
    let method = try paying.storedMethod(from: .card(TestWorld.goodCard), accountID: accounts[0].id)
    let quote = try paying.quotePlan(
      accountID: accounts[0].id, planID: "dc-clever", paymentMethod: method, couponCode: nil)
    #expect(throws: (any Error).self) {
      try paying.buyPlan(accountID: accounts[0].id, quote: quote, idempotencyKey: "open")
    }
    let lease = FixedClock(TestWorld.start)
    let summary = try world.service.runBilling(runner: Self.runner("one", at: lease))
    #expect(summary.deferred == 1)
    #expect(summary.failed.isEmpty)
    #expect(summary.renewed == 1, "the other account is billed")
    #expect(try world.service.runBilling(runner: Self.runner("two", at: lease)).accounts == 0)
    paying.store.close()
  }

  @Test func R28_statusShowsWhatIsDueNextAndWhoIsPastDue() throws {
    let world = try TestWorld()
    let ava = try world.signUp("ava@example.com")
    let gil = try world.signUp("gil@example.com")
    let bought = try world.buy("res-starter", for: ava)
    let gilBought = try world.buy("res-starter", for: gil)
    _ = try world.service.updatePaymentMethod(
      accountID: gil.id, subscriptionID: gilBought.subscription.id, input: .card(TestWorld.badCard))
    world.clock.set(bought.subscription.periodEnd.addingTimeInterval(60))
    _ = try world.service.runBilling(runner: Self.runner("one"))
    let status = try world.service.billingStatus()
    let late = try #require(status.pastDue.first)
    #expect(status.pastDue.count == 1)
    #expect(late.email == "gil@example.com")
    #expect(late.amount == .units(100))
    #expect(
      late.nextRetry
        == world.service.billingStep.pending(
          for: try world.service.account(id: gil.id)
        ).first?.date)
    #expect(status.due.map(\.email).contains("ava@example.com"))
    #expect(status.due.first { $0.email == "ava@example.com" }?.what == "renewal reminder, Starter")
  }
}

/// Throws at the n-th fault point and at every one after it: the process is dead, so
/// nothing it would still do may happen.
final class KillSwitch: @unchecked Sendable {
  private let lock = NSLock()
  private var left: Int
  private(set) var killed = false

  init(at count: Int) { left = count }

  func hit(_ point: ProxyDashService.FaultPoint) throws {
    try lock.withLock {
      left -= 1
      if left <= 0 {
        killed = true
        throw SimulatedCrash()
      }
    }
  }
}
