import Billing
import Foundation

extension StoreSession {
  /// Adds hourly usage inside this transaction, keeping the daily roll-up in step.
  public func insertUsage(_ records: [UsageRecord], accountID: String, product: Product) throws {
    try store.usage.insert(records, accountID: accountID, product: product, in: try database)
  }
}
