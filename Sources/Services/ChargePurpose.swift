import Billing
import Foundation

/// What a recorded charge pays for, stored as JSON with the charge so that a process
/// started after a crash can finish the change the charge paid for.
enum ChargePurpose: Codable, Equatable {
  /// A plan purchase or change, re-quoted at `at` on completion.
  case plan(planID: String, paymentMethod: PaymentMethod, couponCode: String?, at: Date)
  case extraTraffic(subscriptionID: String, gigabytes: Int, at: Date)
  case proxyUsers(subscriptionID: String, count: Int, at: Date)
  /// A renewal or retry of the billing step.
  case due(DueCode, subscriptionID: String, date: Date)

  enum DueCode: String, Codable { case renewal, retry, retryNow }

  init?(dueItem: DueItem) {
    switch dueItem.kind {
    case .renewal(let id): self = .due(.renewal, subscriptionID: id, date: dueItem.date)
    case .retry(let id): self = .due(.retry, subscriptionID: id, date: dueItem.date)
    case .retryNow(let id): self = .due(.retryNow, subscriptionID: id, date: dueItem.date)
    default: return nil
    }
  }

  var dueItem: DueItem? {
    guard case .due(let code, let id, let date) = self else { return nil }
    switch code {
    case .renewal: return DueItem(date: date, kind: .renewal(subscriptionID: id))
    case .retry: return DueItem(date: date, kind: .retry(subscriptionID: id))
    case .retryNow: return DueItem(date: date, kind: .retryNow(subscriptionID: id))
    }
  }

  func encoded() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  static func decoded(_ text: String) throws -> ChargePurpose {
    try JSONDecoder().decode(ChargePurpose.self, from: Data(text.utf8))
  }
}
