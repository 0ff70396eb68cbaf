/// An amount of money in integer minor units (cents) with its currency (R0.1).
///
/// Never a `Double`: every figure a customer sees must add up to the cent.
public struct Money: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
  public var minorUnits: Int64
  public var currency: String

  public init(minorUnits: Int64, currency: String = "USD") {
    self.minorUnits = minorUnits
    self.currency = currency
  }

  /// Whole currency units, for catalog data and tests: `Money.units(400)` is 400.00.
  public static func units(_ amount: Int64, currency: String = "USD") -> Money {
    Money(minorUnits: amount * 100, currency: currency)
  }

  public static func zero(_ currency: String = "USD") -> Money {
    Money(minorUnits: 0, currency: currency)
  }

  public var isZero: Bool { minorUnits == 0 }

  public static func + (lhs: Money, rhs: Money) -> Money {
    Money(minorUnits: lhs.minorUnits + rhs.minorUnits, currency: lhs.currency)
  }

  public static func - (lhs: Money, rhs: Money) -> Money {
    Money(minorUnits: lhs.minorUnits - rhs.minorUnits, currency: lhs.currency)
  }

  public static func * (lhs: Money, rhs: Int) -> Money {
    Money(minorUnits: lhs.minorUnits * Int64(rhs), currency: lhs.currency)
  }

  public static prefix func - (value: Money) -> Money {
    Money(minorUnits: -value.minorUnits, currency: value.currency)
  }

  public static func < (lhs: Money, rhs: Money) -> Bool { lhs.minorUnits < rhs.minorUnits }

  /// This amount scaled by `numerator / denominator`, rounded half away from zero once.
  public func scaled(by numerator: Int64, over denominator: Int64) -> Money {
    Money(
      minorUnits: Rounding.divideHalfAwayFromZero(minorUnits * numerator, denominator),
      currency: currency)
  }

  /// This amount's share at `rate`, rounded half away from zero to the cent (R0.1).
  public func percentage(_ rate: Rate) -> Money {
    scaled(by: Int64(rate.basisPoints), over: 10_000)
  }

  /// `$1,234.56`, `-$5.00`; other currencies are shown with their code.
  public var description: String {
    let sign = minorUnits < 0 ? "-" : ""
    let absolute = minorUnits.magnitude
    let whole = absolute / 100
    let cents = absolute % 100
    let symbol = currency == "USD" ? "$" : (currency == "EUR" ? "€" : currency + " ")
    let centsText = cents < 10 ? "0\(cents)" : "\(cents)"
    return "\(sign)\(symbol)\(DigitGrouping.grouped(whole)).\(centsText)"
  }
}

/// A rate in basis points (1 % = 100), for VAT and percent coupons.
public struct Rate: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
  public var basisPoints: Int

  public init(basisPoints: Int) { self.basisPoints = basisPoints }

  public static func percent(_ value: Int) -> Rate { Rate(basisPoints: value * 100) }

  public static let zero = Rate(basisPoints: 0)

  public static func < (lhs: Rate, rhs: Rate) -> Bool { lhs.basisPoints < rhs.basisPoints }

  /// `21 %`, `7.5 %`.
  public var description: String {
    let whole = basisPoints / 100
    let fraction = basisPoints % 100
    if fraction == 0 { return "\(whole) %" }
    let text =
      fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)")
    return "\(whole).\(text) %"
  }

  public init(from decoder: any Decoder) throws {
    // Data files say `"vat": 21` or `"vat": 7.5`; keep the integer form exact.
    let container = try decoder.singleValueContainer()
    if let whole = try? container.decode(Int.self) {
      basisPoints = whole * 100
    } else {
      let value = try container.decode(Double.self)
      basisPoints = Int((value * 100).rounded())
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if basisPoints % 100 == 0 {
      try container.encode(basisPoints / 100)
    } else {
      try container.encode(Double(basisPoints) / 100)
    }
  }
}

/// Integer division with the rounding SPEC.md asks for.
public enum Rounding {
  /// `numerator / denominator` rounded half away from zero; `denominator` must be positive.
  public static func divideHalfAwayFromZero(_ numerator: Int64, _ denominator: Int64) -> Int64 {
    precondition(denominator > 0, "rounding needs a positive denominator")
    let quotient = numerator / denominator
    let remainder = numerator % denominator
    if remainder.magnitude * 2 >= UInt64(denominator) {
      return numerator < 0 ? quotient - 1 : quotient + 1
    }
    return quotient
  }
}
