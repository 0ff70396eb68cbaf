import Billing
import Foundation
import GRDB

// The one reading of an `orders` or `refunds` row: account loads and invoice issuing both
// decode them.
extension Order {
  /// An order as its `orders` row holds it.
  init(storedRow row: Row) throws {
    self.init(
      id: try row.decode(String.self, forColumn: "id"),
      kind: try JSONColumn.decode(OrderKind.self, row, "kind_json"),
      product: try enumValue(Product.self, row, "product"),
      planID: try row.decode(String.self, forColumn: "plan_id"),
      subscriptionID: try row.decode(String.self, forColumn: "subscription_id"),
      invoice: try JSONColumn.decode(Invoice.self, row, "invoice_json"),
      paymentMethod: try JSONColumn.decode(PaymentMethod.self, row, "payment_method_json"),
      createdAt: try Instant.date(row, "created_at"),
      status: try enumValue(OrderStatus.self, row, "status"))
  }
}

extension Refund {
  /// A refund as its `refunds` row holds it.
  init(storedRow row: Row) throws {
    self.init(
      id: try row.decode(String.self, forColumn: "id"),
      orderID: try row.decode(String.self, forColumn: "order_id"),
      subscriptionID: try row.decode(String.self, forColumn: "subscription_id"),
      amount: Money(
        minorUnits: try row.decode(Int64.self, forColumn: "amount_minor"),
        currency: try row.decode(String.self, forColumn: "currency")),
      paymentMethod: try JSONColumn.decode(PaymentMethod.self, row, "payment_method_json"),
      status: try enumValue(RefundStatus.self, row, "status"),
      requestedAt: try Instant.date(row, "requested_at"),
      approvedAt: try Instant.optionalDate(row, "approved_at"),
      completesAt: try Instant.date(row, "completes_at"),
      completedAt: try Instant.optionalDate(row, "completed_at"))
  }
}
