import Billing
import Foundation
import Storage

// Usage (R27): aggregated by the store's usage tables.
extension ProxyDashService {
  public func usage(accountID: String, product: Product, range: UsageRange) throws(ServiceError) -> UsageReport {
    throw .notImplemented("Usage")
  }

  /// Writes the report as CSV into the store's exports folder; returns the file's path.
  public func exportUsage(accountID: String, product: Product, range: UsageRange) throws(ServiceError) -> String {
    throw .notImplemented("Export")
  }
}
