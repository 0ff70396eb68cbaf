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
/// nothing is charged twice.
public final class LocalGateway: PaymentGateway, @unchecked Sendable {
  private let store: Store?
  private let lock = NSLock()
  private var answers: [String: ChargeOutcome] = [:]
  private var charged: [String] = []

  public init(store: Store? = nil) {
    self.store = store
  }

  public func tokenize(_ card: CardEntry.Checked) -> String {
    "tok_\(card.brand.rawValue.lowercased())_\(card.last4)"
  }

  public func charge(_ request: ChargeRequest) -> ChargeOutcome {
    lock.withLock {
      let key = request.orderID
      if let known = answers[key] { return known }
      if let store, let stored = try? store.read({ try $0.gatewayAnswer(key: key) }) {
        let outcome: ChargeOutcome =
          stored.approved ? .approved : .declined(reason: stored.reason ?? "declined")
        answers[key] = outcome
        return outcome
      }
      let outcome = Self.decide(request.paymentMethod)
      if let store {
        var reason: String?
        if case .declined(let why) = outcome { reason = why }
        _ = try? store.write { session in
          try session.recordGatewayAnswer(
            key: key, amount: request.amount, approved: outcome == .approved, reason: reason,
            at: Date())
        }
      }
      answers[key] = outcome
      if outcome == .approved { charged.append(key) }
      return outcome
    }
  }

  /// Keys this instance approved for the first time: each is money taken once.
  public var approvedKeys: [String] { lock.withLock { charged } }

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
