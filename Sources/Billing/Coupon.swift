import Foundation

/// A discount code entered at checkout (R17–R19).
public struct Coupon: Codable, Hashable, Sendable {
  public enum Discount: Codable, Hashable, Sendable {
    case percent(Rate)
    case fixed(Money)
  }

  /// Stored upper-case: codes are case-insensitive (R17).
  public var code: String
  public var discount: Discount
  /// Recurring coupons discount every renewal (R19); others the first month only (R18).
  public var recurring: Bool
  public var expires: Date?
  public var product: Product?

  public init(
    code: String, discount: Discount, recurring: Bool, expires: Date? = nil, product: Product? = nil
  ) {
    self.code = code.uppercased()
    self.discount = discount
    self.recurring = recurring
    self.expires = expires
    self.product = product
  }

  /// The discount on a pre-VAT amount, rounded once and never more than the amount.
  public func discount(on amount: Money) -> Money {
    switch discount {
    case .percent(let rate): return amount.percentage(rate)
    case .fixed(let value): return value < amount ? value : amount
    }
  }

  /// `10 % off every month`, `$20.00 off the first month`.
  public var summary: String {
    let amount: String
    switch discount {
    case .percent(let rate): amount = "\(rate) off"
    case .fixed(let value): amount = "\(value) off"
    }
    return amount + (recurring ? " every month" : " the first month")
  }
}

/// The coupons on offer.
public struct CouponBook: Codable, Hashable, Sendable {
  public var coupons: [Coupon]

  public init(coupons: [Coupon]) { self.coupons = coupons }

  public func coupon(code: String) -> Coupon? {
    let wanted = code.trimmingCharacters(in: .whitespaces).uppercased()
    return coupons.first { $0.code == wanted }
  }
}

/// A coupon attached to a subscription, still discounting renewals (R19).
public struct AppliedCoupon: Codable, Hashable, Sendable {
  public var coupon: Coupon
  public var appliedAt: Date

  public init(coupon: Coupon, appliedAt: Date) {
    self.coupon = coupon
    self.appliedAt = appliedAt
  }
}
