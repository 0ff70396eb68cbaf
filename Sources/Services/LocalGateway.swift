import Billing
import Foundation
import Storage

/// The default payment gateway (R16b): local and deterministic, with test cards.
/// Card 4242 4242 4242 4242 is approved and 4000 0000 0000 0002 declined (any token
/// ending 0002 declines); PayPal is approved; BTC is never charged here.
///
/// It answers once per idempotency key: the first answer is kept (in memory and, given a
/// store, in that store's `gateway_ledger` table, committed on its own as a real
/// gateway's book would be), so a restarted process asking again gets the same answer and
/// nothing is charged twice. The ledger is the gateway's memory: when it cannot be read
/// or written the answer is unknown, and `charge` throws rather than report money that
/// no book holds.
public final class LocalGateway: PaymentGateway, @unchecked Sendable {
  private let store: Store?
  private let lock = NSLock()
  private var answers: [String: ChargeOutcome] = [:]
  private var amounts: [String: Money] = [:]
  private var charged: [String] = []
  private var refunded: [String] = []

  public init(store: Store? = nil) {
    self.store = store
  }

  public func tokenize(_ card: CardEntry.Checked) -> String {
    "tok_\(card.brand.rawValue.lowercased())_\(card.last4)"
  }

  public func charge(_ request: ChargeRequest) throws -> ChargeOutcome {
    try lock.withLock {
      let key = request.orderID
      if let known = answers[key] { return known }
      guard let store else {
        let outcome = Self.decide(request.paymentMethod)
        remember(outcome, for: key, amount: request.amount, first: true)
        return outcome
      }
      // One write transaction reads and records, so two processes asking at once get
      // one answer between them and only one of them takes the money.
      let (outcome, first): (ChargeOutcome, Bool) = try store.write { session in
        if let stored = try session.gatewayAnswer(key: key) {
          return (stored.approved ? .approved : .declined(reason: stored.reason ?? "declined"), false)
        }
        let outcome = Self.decide(request.paymentMethod)
        var reason: String?
        if case .declined(let why) = outcome { reason = why }
        try session.recordGatewayAnswer(
          key: key, amount: request.amount, approved: outcome == .approved, reason: reason,
          at: Date())
        return (outcome, true)
      }
      remember(outcome, for: key, amount: request.amount, first: first)
      return outcome
    }
  }

  public func refund(key: String, amount: Money) throws {
    try lock.withLock {
      guard let store else {
        guard answers[key] == .approved, amounts[key] == amount else {
          throw GatewayRefundRefusal.notCharged(key)
        }
        if !refunded.contains(key) { refunded.append(key) }
        return
      }
      try store.write { session in
        try session.recordGatewayRefund(key: key, amount: amount, at: Date())
      }
      if !refunded.contains(key) { refunded.append(key) }
    }
  }

  private func remember(_ outcome: ChargeOutcome, for key: String, amount: Money, first: Bool) {
    answers[key] = outcome
    amounts[key] = amount
    if first && outcome == .approved { charged.append(key) }
  }

  /// Keys this instance approved for the first time: each is money taken once.
  public var approvedKeys: [String] { lock.withLock { charged } }

  /// Keys whose money this instance was asked to give back (each listed once).
  public var refundedKeys: [String] { lock.withLock { refunded } }

  /// The deterministic answer for a method.
  public static func decide(_ method: PaymentMethod) -> ChargeOutcome {
    switch method {
    case .card(let card):
      if card.token.hasSuffix("0002") || card.last4 == "0002" {
        return .declined(reason: "card declined")
      }
      return .approved
    case .payPal: return .approved
    case .btc: return .declined(reason: "BTC is paid through support")
    }
  }
}
