import Foundation

/// One line of an invoice, rounded on its own (R0.1).
public struct InvoiceLine: Codable, Hashable, Sendable {
  public var label: String
  public var amount: Money

  public init(label: String, amount: Money) {
    self.label = label
    self.amount = amount
  }
}

/// A priced invoice: lines before VAT, the discount, the VAT line, the total.
public struct Invoice: Codable, Hashable, Sendable {
  public var lines: [InvoiceLine]
  /// Positive amount taken off the lines (shown negative).
  public var discount: Money
  public var discountLabel: String?
  public var vatLabel: String
  public var vat: Money

  public init(
    lines: [InvoiceLine], discount: Money, discountLabel: String? = nil, vatLabel: String,
    vat: Money
  ) {
    self.lines = lines
    self.discount = discount
    self.discountLabel = discountLabel
    self.vatLabel = vatLabel
    self.vat = vat
  }

  public var subtotal: Money {
    lines.reduce(Money.zero(currency)) { $0 + $1.amount }
  }

  public var net: Money { subtotal - discount }
  public var total: Money { net + vat }
  public var currency: String { lines.first?.amount.currency ?? "USD" }

  /// Prices `lines`, takes `coupon`'s discount off their sum, and adds VAT (R0.1, R2).
  public static func priced(
    lines: [InvoiceLine], coupon: Coupon?, vat treatment: VATTreatment
  ) -> Invoice {
    let currency = lines.first?.amount.currency ?? "USD"
    let subtotal = lines.reduce(Money.zero(currency)) { $0 + $1.amount }
    let discount = coupon?.discount(on: subtotal) ?? .zero(currency)
    let vat = (subtotal - discount).percentage(treatment.rate)
    return Invoice(
      lines: lines, discount: discount,
      discountLabel: coupon.map { "Coupon \($0.code)" }, vatLabel: treatment.label, vat: vat)
  }
}

/// What an order bought.
public enum OrderKind: Codable, Hashable, Sendable {
  case purchase(PurchaseKind)
  case renewal
  case extraTraffic(Traffic)
  case proxyUsers(Int)

  public var label: String {
    switch self {
    case .purchase(let kind): kind == .newPurchase ? "Purchase" : kind.label
    case .renewal: "Renewal"
    case .extraTraffic(let traffic): "Extra traffic \(traffic.compact)"
    case .proxyUsers(let count): "\(count) proxy user\(count == 1 ? "" : "s")"
    }
  }
}

public enum OrderStatus: String, Codable, Hashable, Sendable {
  case paid
  case declined
  case refunded
}

/// A charge attempt and what it bought: the billing history's rows.
public struct Order: Codable, Hashable, Sendable, Identifiable {
  public var id: String
  public var kind: OrderKind
  public var product: Product
  public var planID: String
  public var subscriptionID: String
  public var invoice: Invoice
  public var paymentMethod: PaymentMethod
  public var createdAt: Date
  public var status: OrderStatus

  public init(
    id: String, kind: OrderKind, product: Product, planID: String, subscriptionID: String,
    invoice: Invoice, paymentMethod: PaymentMethod, createdAt: Date, status: OrderStatus
  ) {
    self.id = id
    self.kind = kind
    self.product = product
    self.planID = planID
    self.subscriptionID = subscriptionID
    self.invoice = invoice
    self.paymentMethod = paymentMethod
    self.createdAt = createdAt
    self.status = status
  }

  public var total: Money { invoice.total }

  /// Money actually taken (paid or later refunded) — declined attempts took nothing.
  public var wasCharged: Bool { status != .declined }
}

/// The money-back refund's steps (R21).
public enum RefundStatus: String, Codable, Hashable, Sendable {
  case requested, approved, refunded
}

public struct Refund: Codable, Hashable, Sendable, Identifiable {
  public var id: String
  public var orderID: String
  public var subscriptionID: String
  public var amount: Money
  public var paymentMethod: PaymentMethod
  public var status: RefundStatus
  public var requestedAt: Date
  public var approvedAt: Date?
  /// When the money is back (or is due back) on the original method.
  public var completesAt: Date
  public var completedAt: Date?

  public init(
    id: String, orderID: String, subscriptionID: String, amount: Money,
    paymentMethod: PaymentMethod, status: RefundStatus, requestedAt: Date, approvedAt: Date?,
    completesAt: Date, completedAt: Date? = nil
  ) {
    self.id = id
    self.orderID = orderID
    self.subscriptionID = subscriptionID
    self.amount = amount
    self.paymentMethod = paymentMethod
    self.status = status
    self.requestedAt = requestedAt
    self.approvedAt = approvedAt
    self.completesAt = completesAt
    self.completedAt = completedAt
  }
}
