import Billing
import Foundation
import Testing

@testable import Services

/// Releases its parties together: the two flows of a race start at the same moment.
final class Barrier: @unchecked Sendable {
  private let condition = NSCondition()
  private let parties: Int
  private var waiting = 0
  private var generation = 0

  init(parties: Int) { self.parties = parties }

  func wait() {
    condition.lock()
    defer { condition.unlock() }
    let mine = generation
    waiting += 1
    if waiting == parties {
      waiting = 0
      generation += 1
      condition.broadcast()
      return
    }
    while mine == generation { condition.wait() }
  }
}

/// The two processes on one account, many times: one upgrades from Pricing,
/// the other buys 2 proxy users. Whatever the interleaving, every payment the gateway
/// approved has its order or its refund (R33), and no order is paid twice.
@Suite struct PaymentRaceTests {
  @Test func R33_racingUpgradeAndProxyUsersLeaveNoMoneyWithoutRecord() throws {
    let world = try TestWorld()
    let other = try world.reopened()
    let barrier = Barrier(parties: 3)
    var outcomes: [String: Int] = [:]
    for round in 0..<200 {
      let (account, subscription) = try MoneyTrailTests.starterCustomer(
        world, "race\(round)@example.com")
      let method = try world.card(for: account)
      let upgrade = try world.service.quotePlan(
        accountID: account.id, planID: "res-regular", paymentMethod: method, couponCode: nil)
      let users = try other.quoteProxyUsers(
        accountID: account.id, subscriptionID: subscription.id, count: 2)
      let upgradeResult = Observed<ServiceError?>(nil)
      let usersResult = Observed<ServiceError?>(nil)
      let service = world.service
      Thread {
        barrier.wait()
        upgradeResult.value = caughtServiceError {
          try service.buyPlan(accountID: account.id, quote: upgrade, idempotencyKey: "up")
        }
        barrier.wait()
      }.start()
      Thread {
        barrier.wait()
        usersResult.value = caughtServiceError {
          try other.buyExtra(accountID: account.id, quote: users, idempotencyKey: "users")
        }
        barrier.wait()
      }.start()
      barrier.wait()  // both flows go
      barrier.wait()  // both flows are done
      let outcome = [upgradeResult.value, usersResult.value].map(Self.name)
      #expect(
        !outcome.contains("unexpected"),
        "round \(round): \(String(describing: upgradeResult.value)), \(String(describing: usersResult.value))"
      )
      outcomes[outcome.joined(separator: "+"), default: 0] += 1
    }
    try MoneyTrailTests.expectMoneyTrailComplete(world.service)
    print("payment race outcomes (upgrade+users): \(outcomes.sorted { $0.key < $1.key })")
  }

  /// What a flow of the race ended in: success, or one of the refusals that charge
  /// nothing (or give the money back); anything else is a bug.
  static func name(_ error: ServiceError?) -> String {
    switch error {
    case nil: "ok"
    case .paymentInProgress?: "inProgress"
    case .quoteChanged?: "quoteChanged"
    case .changedElsewhere?: "changedElsewhere"
    case .paymentReturned?: "returned"
    default: "unexpected"
    }
  }
}
