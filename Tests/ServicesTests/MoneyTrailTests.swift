import Billing
import Foundation
import Testing

@testable import Services
@testable import Storage

/// Holds what a fault hook saw, across the hook's `@Sendable` boundary.
final class Observed<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value

  init(_ value: Value) { stored = value }

  var value: Value {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}

/// The `ServiceError` `body` throws (nil when it succeeds or throws something else).
func caughtServiceError<T>(_ body: () throws -> T) -> ServiceError? {
  do {
    _ = try body()
    return nil
  } catch {
    return error as? ServiceError
  }
}

/// R33: every payment the gateway approved ends as the order it paid for, or as money
/// given back (gateway refund, billing history entry, email); never as money without a record.
@Suite struct MoneyTrailTests {
  /// The account `email` with Starter bought by card: $100.00, US (0 % VAT).
  static func starterCustomer(_ world: TestWorld, _ email: String = "ava@example.com") throws
    -> (Account, Subscription)
  {
    let account = try world.signUp(email)
    let bought = try world.buy("res-starter", for: account)
    return (bought.account, bought.subscription)
  }

  /// Every key the gateway approved has its paid order, or its refund, and no order is
  /// paid by two keys.
  static func expectMoneyTrailComplete(
    _ service: ProxyDashService, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let charges = try service.store.read { try $0.charges() }
    let byKey = Dictionary(uniqueKeysWithValues: charges.map { ($0.idempotencyKey, $0) })
    let refundedAtGateway = Set(try service.store.read { try $0.gatewayRefundedKeys() })
    var paidOrderIDs: Set<String> = []
    for key in try service.store.read({ try $0.gatewayApprovedKeys() }) {
      guard let charge = byKey[key] else {
        Issue.record("approved key \(key) has no charge", sourceLocation: sourceLocation)
        continue
      }
      switch charge.status {
      case .approved:
        let account = try service.account(id: charge.accountID)
        guard let orderID = charge.orderID,
          let order = account.orders.first(where: { $0.id == orderID }), order.wasCharged
        else {
          Issue.record("approved \(key) has no paid order", sourceLocation: sourceLocation)
          continue
        }
        #expect(order.total == charge.amount, sourceLocation: sourceLocation)
        #expect(
          paidOrderIDs.insert(orderID).inserted, "order \(orderID) paid twice",
          sourceLocation: sourceLocation)
      case .refunded:
        #expect(
          refundedAtGateway.contains(key), "\(key) refunded without the gateway",
          sourceLocation: sourceLocation)
      default:
        Issue.record(
          "approved \(key) ended \(charge.status): money without a record",
          sourceLocation: sourceLocation)
      }
    }
  }

  static func returnedEmails(_ service: ProxyDashService, _ accountID: String) throws
    -> [OutboxMessage]
  {
    try service.outbox(accountID: accountID).filter { $0.kind == .paymentReturned }
  }

  // MARK: Fix 1: a stale quote never reaches the gateway

  /// The issue's race, made deterministic: the proxy-user purchase has recorded its
  /// intent when the upgrade is confirmed in another process. The upgrade is refused
  /// (nothing charged) instead of both being charged and the second voided.
  @Test func R33_secondPaymentWaitsForTheOpenOne() throws {
    let world = try TestWorld()
    let (account, subscription) = try Self.starterCustomer(world)
    let other = try world.reopened()
    let method = try world.card(for: account)
    let upgrade = try other.quotePlan(
      accountID: account.id, planID: "res-regular", paymentMethod: method, couponCode: nil)
    let users = try world.service.quoteProxyUsers(
      accountID: account.id, subscriptionID: subscription.id, count: 2)
    let upgradeError = Observed<ServiceError?>(nil)
    world.service.faultHook = { point in
      guard point == .afterIntent else { return }
      upgradeError.value = caughtServiceError {
        try other.buyPlan(accountID: account.id, quote: upgrade, idempotencyKey: "upgrade")
      }
    }
    let bought = try world.service.buyExtra(
      accountID: account.id, quote: users, idempotencyKey: "users")
    #expect(upgradeError.value == .paymentInProgress)
    #expect(bought.subscription.extraProxyUsers == 2)
    #expect(bought.order.total == .units(10))  // 2 × $5.00, 0 % VAT (US)
    #expect(try world.charges(account.id).map(\.idempotencyKey).contains("\(account.id)/upgrade") == false)
    try Self.expectMoneyTrailComplete(world.service)
  }

  /// A quote confirmed after the account changed is refused with words the customer can
  /// act on, before anything is charged.
  @Test func R33_staleQuoteIsRefusedBeforeTheGateway() throws {
    let world = try TestWorld()
    let (account, subscription) = try Self.starterCustomer(world)
    let users = try world.service.quoteProxyUsers(
      accountID: account.id, subscriptionID: subscription.id, count: 2)
    // Another process upgrades; this one then looks at the account again (the screen
    // reloads) but confirms the quote it showed before.
    let other = try world.reopened()
    let method = try world.card(for: account)
    let upgrade = try other.quotePlan(
      accountID: account.id, planID: "res-regular", paymentMethod: method, couponCode: nil)
    _ = try other.buyPlan(accountID: account.id, quote: upgrade, idempotencyKey: "upgrade")
    _ = try world.service.account(id: account.id)
    let approvedBefore = try world.gatewayApprovedKeys()
    expectError(.quoteChanged) { () throws(ServiceError) in
      try world.service.buyExtra(accountID: account.id, quote: users, idempotencyKey: "users")
    }
    #expect(try world.gatewayApprovedKeys() == approvedBefore)
    #expect(ServiceError.quoteChanged.description.contains("Nothing was charged"))
  }

  // MARK: Fix 2: money that cannot be applied goes back

  /// The proxy users are paid, but meanwhile the customer took the money-back refund in
  /// another window, ending the subscription: the $10.00 goes back through the gateway,
  /// billing history shows it and an email says so.
  @Test func R33_approvedPaymentThatCannotApplyIsRefunded() throws {
    let world = try TestWorld()
    let (account, subscription) = try Self.starterCustomer(world)
    let other = try world.reopened()
    let users = try world.service.quoteProxyUsers(
      accountID: account.id, subscriptionID: subscription.id, count: 2)
    world.service.faultHook = { point in
      guard point == .afterIntent else { return }
      _ = try other.requestRefund(accountID: account.id, subscriptionID: subscription.id)
    }
    let error = caughtServiceError {
      try world.service.buyExtra(accountID: account.id, quote: users, idempotencyKey: "users")
    }
    guard case .paymentReturned(let payment, let settled) = error else {
      Issue.record("expected paymentReturned, got \(String(describing: error))")
      return
    }
    #expect(settled)
    #expect(payment.amount == Money.units(10))
    #expect(payment.item == "2 proxy users")
    let key = "\(account.id)/users"
    #expect(try world.charges(account.id).first { $0.idempotencyKey == key }?.status == .refunded)
    #expect(try world.service.store.read { try $0.gatewayRefundedKeys() } == [key])
    let history = try world.service.returnedPayments(accountID: account.id)
    #expect(history.map(\.historyLabel) == ["Returned: 2 proxy users"])
    #expect(history.first?.refundedAt == TestWorld.start)
    let emails = try Self.returnedEmails(world.service, account.id)
    #expect(emails.count == 1)
    #expect(emails.first?.subject == "Refunded: $10.00 for 2 proxy users")
    // Nothing was bought: no proxy-user order, and R20's first order is still Starter's.
    let after = try world.service.account(id: account.id)
    #expect(!after.orders.contains { $0.kind == .proxyUsers(2) })
    #expect(after.firstOrder?.planID == "res-starter")
    // Confirming again gives the same answer and takes nothing more.
    expectError(.paymentReturned(payment, settled: true)) { () throws(ServiceError) in
      try world.service.buyExtra(accountID: account.id, quote: users, idempotencyKey: "users")
    }
    #expect(try Self.returnedEmails(world.service, account.id).count == 1)
    try Self.expectMoneyTrailComplete(world.service)
  }

  /// A renewal paid after the customer cancelled it elsewhere is no longer due: its money
  /// goes back too, instead of being kept as `void`.
  @Test func R33_renewalNoLongerDueIsRefunded() throws {
    let world = try TestWorld()
    let (account, subscription) = try Self.starterCustomer(world)
    let other = try world.reopened()
    world.clock.advance(by: 31 * 86_400)
    world.service.faultHook = { point in
      guard point == .afterIntent else { return }
      _ = try other.cancel(accountID: account.id, subscriptionID: subscription.id)
    }
    _ = try world.service.runBillingStep(accountID: account.id)
    let charges = try world.charges(account.id).filter { $0.description.hasPrefix("Renewal") }
    #expect(charges.count == 1)
    #expect(charges.first?.status == .refunded)
    #expect(try Self.returnedEmails(world.service, account.id).count == 1)
    #expect(
      try world.service.returnedPayments(accountID: account.id).first?.item
        == "Renewal of Starter")
    try Self.expectMoneyTrailComplete(world.service)
  }

  /// A process killed after the charge was found unusable, before or after the gateway
  /// gave the money back: the next open completes the refund, once.
  @Test(arguments: [ProxyDashService.FaultPoint.beforeRefund, .afterRefund])
  func R33_killedBeforeTheRefundIsRecordedRefundsOnceOnNextOpen(
    _ crashAt: ProxyDashService.FaultPoint
  ) throws {
    let world = try TestWorld()
    let (account, subscription) = try Self.starterCustomer(world)
    let other = try world.reopened()
    let users = try world.service.quoteProxyUsers(
      accountID: account.id, subscriptionID: subscription.id, count: 2)
    world.service.faultHook = { point in
      if point == .afterIntent {
        _ = try other.requestRefund(accountID: account.id, subscriptionID: subscription.id)
      }
      if point == crashAt { throw SimulatedCrash() }
    }
    _ = caughtServiceError {
      try world.service.buyExtra(accountID: account.id, quote: users, idempotencyKey: "users")
    }
    let key = "\(account.id)/users"
    #expect(try world.charges(account.id).first { $0.idempotencyKey == key }?.status == .refunding)
    #expect(try Self.returnedEmails(world.service, account.id).isEmpty)
    other.store.close()
    world.service.store.close()
    for _ in 0..<2 {
      let reopened = try world.reopened()
      #expect(try reopened.store.read { try $0.charge(key: key) }?.status == .refunded)
      #expect(try reopened.store.read { try $0.gatewayRefundedKeys() } == [key])
      #expect(try Self.returnedEmails(reopened, account.id).count == 1)
      try Self.expectMoneyTrailComplete(reopened)
      reopened.store.close()
    }
  }

  /// A store written by an older build holds `void` charges: money approved and kept.
  /// The money-trail migration makes them `refunding`, so the next open gives it back.
  @Test func R33_voidChargeOfAnOlderBuildIsRefundedAfterMigration() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    let method = try JSONColumn.encode(try world.card(for: account))
      .replacingOccurrences(of: "'", with: "''")
    let key = "\(account.id)/old"
    try world.service.store.write { session in
      // Back to the charges table and gateway book of the first schema.
      try session.execute(
        """
        DROP TABLE charges;
        CREATE TABLE charges (
          idempotency_key TEXT PRIMARY KEY NOT NULL,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          order_id TEXT, amount_minor INTEGER NOT NULL, currency TEXT NOT NULL,
          payment_method_json TEXT NOT NULL, description TEXT NOT NULL,
          purpose_json TEXT NOT NULL, account_version INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('intent', 'approved', 'declined', 'void')),
          decline_reason TEXT, created_at REAL NOT NULL, resolved_at REAL);
        ALTER TABLE gateway_ledger DROP COLUMN refunded_at;
        INSERT INTO charges VALUES ('\(key)', '\(account.id)', NULL, 1210, 'USD', '\(method)',
          '2 proxy users', '{}', 1, 'void', 'approved, but the change could not be made', 0, 0);
        INSERT INTO gateway_ledger VALUES ('\(key)', 1210, 'USD', 1, NULL, 0);
        """)
      try MoneyTrailSchema.migrate(try session.database)
    }
    world.service.store.close()
    let reopened = try world.reopened()
    #expect(try reopened.store.read { try $0.charge(key: key) }?.status == .refunded)
    #expect(try reopened.store.read { try $0.gatewayRefundedKeys() } == [key])
    let emails = try Self.returnedEmails(reopened, account.id)
    #expect(emails.map(\.subject) == ["Refunded: $12.10 for 2 proxy users"])
    reopened.store.close()
  }

  // MARK: The local gateway's book is never ignored

  /// A ledger that cannot be written means the gateway's answer is unknown: the charge
  /// stays open (nothing applied, nothing reported as paid), and once the ledger works
  /// again the next open settles it once.
  @Test func R16b_failedLedgerWriteIsNotTakenAsApproved() throws {
    let world = try TestWorld()
    let account = try world.signUp()
    try world.service.store.write { session in
      try session.execute(
        """
        CREATE TRIGGER ledger_full BEFORE INSERT ON gateway_ledger
        BEGIN SELECT RAISE(FAIL, 'disk full'); END
        """)
    }
    let error = caughtServiceError { try world.buy("res-starter", for: account, key: "first") }
    #expect(error == .paymentUnconfirmed("\(account.id)/first"))
    #expect(try world.charges(account.id).map(\.status) == [.intent])
    #expect(try world.gatewayApprovedKeys().isEmpty)
    #expect(try world.service.account(id: account.id).orders.isEmpty)
    try world.service.store.write { try $0.execute("DROP TRIGGER ledger_full") }
    world.service.store.close()
    let reopened = try world.reopened()
    #expect(try reopened.store.read { try $0.charges() }.map(\.status) == [.approved])
    #expect(try reopened.account(id: account.id).orders.count == 1)
    try Self.expectMoneyTrailComplete(reopened)
  }

  /// A refund the book cannot confirm leaves the charge `refunding`, never `refunded`.
  @Test func R33_refundOfANeverChargedKeyIsRefused() throws {
    let gateway = LocalGateway()
    #expect(throws: GatewayRefundRefusal.notCharged("nope")) {
      try gateway.refund(key: "nope", amount: .units(1))
    }
  }
}
