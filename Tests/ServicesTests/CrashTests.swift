import Billing
import Foundation
import Storage
import Testing

@testable import Services

/// A small seeded generator so every run of the crash test is the same.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Throws `SimulatedCrash` at the n-th fault point it sees: the process "dies" there.
final class CrashPlan: @unchecked Sendable {
  private let lock = NSLock()
  private var left: Int
  private(set) var crashed = false

  init(after count: Int) { left = count }

  func hit(_ point: ProxyDashService.FaultPoint) throws {
    try lock.withLock {
      if crashed { return }
      left -= 1
      if left <= 0 {
        crashed = true
        throw SimulatedCrash()
      }
    }
  }
}

@Suite struct CrashTests {
  /// 20 rounds of random use cases, each "killed" at a random point between a charge's
  /// intent and its outcome (or inside the outcome's transaction); after each, a fresh
  /// process opens the store: it is intact and every charge matches its change.
  @Test func killedProcessesNeverChargeTwiceOrLoseAPayment() throws {
    let first = try TestWorld()
    let directory = first.directory
    let clock = first.clock
    var accounts: [Account] = []
    for name in ["ava", "ben", "cara"] { accounts.append(try first.signUp("\(name)@example.com")) }
    first.service.store.close()

    var random = SplitMix64(state: 42)
    var usedKeys: [String] = []
    var crashes = 0
    for round in 0..<20 {
      let service = try ProxyDashService.open(
        directory: directory, clock: clock, passwordIterations: 1_000)
      try Self.check(service, round: round)
      let plan = CrashPlan(after: Int.random(in: 1...6, using: &random))
      service.faultHook = { point in try plan.hit(point) }
      for _ in 0..<200 where !plan.crashed {
        let account = accounts[Int.random(in: 0..<accounts.count, using: &random)]
        Self.runRandomUseCase(
          service, account: account, clock: clock, random: &random, usedKeys: &usedKeys)
      }
      if plan.crashed { crashes += 1 }
      service.store.close()
    }
    #expect(crashes >= 15, "most rounds must end in a crash to test anything")
    let final = try ProxyDashService.open(
      directory: directory, clock: clock, passwordIterations: 1_000)
    try Self.check(final, round: 20)
    let charges = try final.store.read { try $0.charges() }
    #expect(charges.contains { $0.status == .approved })
    #expect(charges.contains { $0.status == .declined })
  }

  static func runRandomUseCase(
    _ service: ProxyDashService, account: Account, clock: FixedClock, random: inout SplitMix64,
    usedKeys: inout [String]
  ) {
    let card =
      Bool.random(using: &random) || Int.random(in: 0..<4, using: &random) > 0
      ? TestWorld.goodCard : TestWorld.badCard
    do {
      let fresh = try service.account(id: account.id)
      switch Int.random(in: 0..<8, using: &random) {
      case 0, 1:
        let plan =
          ["res-micro", "res-starter", "res-regular", "dc-clever"].randomElement(using: &random)
          ?? "res-micro"
        let method = try service.storedMethod(from: .card(card), accountID: account.id)
        let quote = try service.quotePlan(
          accountID: account.id, planID: plan, paymentMethod: method, couponCode: nil)
        let key =
          usedKeys.isEmpty || Bool.random(using: &random)
          ? UUID().uuidString : (usedKeys.randomElement(using: &random) ?? "")
        usedKeys.append(key)
        _ = try service.buyPlan(accountID: account.id, quote: quote, idempotencyKey: key)
      case 2:
        guard let subscription = fresh.liveSubscription(of: .datacenter) else { return }
        let quote = try service.quoteExtraTraffic(
          accountID: account.id, subscriptionID: subscription.id, gigabytes: 5)
        _ = try service.buyExtra(
          accountID: account.id, quote: quote, idempotencyKey: UUID().uuidString)
      case 3:
        guard let subscription = fresh.visibleSubscriptions.randomElement(using: &random) else {
          return
        }
        let quote = try service.quoteProxyUsers(
          accountID: account.id, subscriptionID: subscription.id, count: 1)
        _ = try service.buyExtra(
          accountID: account.id, quote: quote, idempotencyKey: UUID().uuidString)
      case 4:
        guard let subscription = fresh.visibleSubscriptions.randomElement(using: &random) else {
          return
        }
        _ = try service.updatePaymentMethod(
          accountID: account.id, subscriptionID: subscription.id, input: .card(card))
      case 5:
        guard let subscription = fresh.visibleSubscriptions.randomElement(using: &random) else {
          return
        }
        if Bool.random(using: &random) {
          _ = try service.cancel(accountID: account.id, subscriptionID: subscription.id)
        } else {
          _ = try service.requestRefund(accountID: account.id, subscriptionID: subscription.id)
        }
      default:
        clock.advance(by: Double(Int.random(in: 1...20, using: &random)) * 86_400)
        _ = try service.runBillingStep(accountID: account.id)
      }
    } catch {
      // Refusals are part of the game; a simulated crash ends the round.
    }
  }

  /// The store is healthy and every charge has exactly the change it paid for.
  static func check(_ service: ProxyDashService, round: Int) throws {
    #expect(try service.store.integrityCheck() == "ok", "round \(round)")
    let charges = try service.store.read { try $0.charges() }
    #expect(charges.allSatisfy { $0.status != .intent }, "round \(round): an intent was left")
    #expect(
      charges.allSatisfy { $0.status != .refunding }, "round \(round): money still owed back")
    let approved = charges.filter { $0.status == .approved }
    let refunded = charges.filter { $0.status == .refunded }
    // The gateway took money exactly for the approved charges and those it gave back (R33),
    // and gave back exactly the latter.
    #expect(
      Set(try service.store.read { try $0.gatewayApprovedKeys() })
        == Set((approved + refunded).map(\.idempotencyKey)), "round \(round)")
    #expect(
      Set(try service.store.read { try $0.gatewayRefundedKeys() })
        == Set(refunded.map(\.idempotencyKey)), "round \(round)")
    let accountIDs = try service.store.read { try $0.accountIDs() }
    var paidOrders: [String: Order] = [:]
    for id in accountIDs {
      for order in try service.account(id: id).orders where order.wasCharged {
        paidOrders[order.id] = order
      }
    }
    var matched: Set<String> = []
    for charge in approved {
      guard let orderID = charge.orderID, let order = paidOrders[orderID] else {
        Issue.record("round \(round): approved charge \(charge.idempotencyKey) has no paid order")
        continue
      }
      #expect(order.total == charge.amount, "round \(round): \(orderID)")
      #expect(!matched.contains(orderID), "round \(round): order \(orderID) paid twice")
      matched.insert(orderID)
    }
    #expect(matched == Set(paidOrders.keys), "round \(round): paid orders without a charge")
  }
}
