import Billing
import Foundation
import TerminalUI

/// What a finished purchase says in its checkout pop-up: what was paid, with what, and
/// what the customer has now.
enum PurchaseText {
  /// The keys that close a receipt (or a refusal) once the payment is settled: Enter,
  /// Esc, y or n. Every other key does nothing, so a second Enter never pays twice.
  static func closesReceipt(_ key: Key) -> Bool {
    key == .enter || key == .escape || key == .character("y") || key == .character("n")
  }

  static func describe(_ outcome: PurchaseOutcome, snapshot: Snapshot) -> String {
    let calendar = snapshot.calendar
    let subscription = outcome.subscription
    var text = "Paid \(outcome.order.total) with \(outcome.order.paymentMethod.summary). "
    switch outcome.order.kind {
    case .purchase(let kind):
      text +=
        "\(kind.label): \(snapshot.planName(subscription)) is active until \(calendar.dayText(subscription.periodEnd))"
      text += subscription.autoRenew ? " and renews automatically." : "."
      if subscription.transferred > .zero {
        text += " \(subscription.transferred) of unused traffic carried over."
      }
      // R25a: a new buyer learns at once where the proxies are and how to log in to them.
      if kind == .newPurchase {
        text +=
          " How to connect: press a for the endpoint, your proxy users, an IP whitelist and a ready curl line."
      }
    case .extraTraffic(let traffic):
      text += "\(traffic) added: \(subscription.remaining) now left this period."
    case .proxyUsers(let count):
      text += "\(count) proxy user\(count == 1 ? "" : "s") added."
    case .renewal:
      break
    }
    return text + " The receipt is in Notifications (5)."
  }
}
