/// An amount of traffic in bytes (R0.2); shown in decimal units, 1 GB = 10^9 bytes.
public struct Traffic: Codable, Hashable, Sendable, Comparable, CustomStringConvertible,
  AdditiveArithmetic
{
  public var bytes: Int64

  public init(bytes: Int64) { self.bytes = bytes }

  public static let bytesPerGB: Int64 = 1_000_000_000

  public static func gb(_ value: Int64) -> Traffic { Traffic(bytes: value * bytesPerGB) }

  /// Fractional gigabytes, for demo data and tests: `.gb(1.2)`; rounded to the byte.
  public static func gb(fraction value: Double) -> Traffic {
    Traffic(bytes: Int64((value * Double(bytesPerGB)).rounded()))
  }

  public static let zero = Traffic(bytes: 0)

  public static func + (lhs: Traffic, rhs: Traffic) -> Traffic {
    Traffic(bytes: lhs.bytes + rhs.bytes)
  }
  public static func - (lhs: Traffic, rhs: Traffic) -> Traffic {
    Traffic(bytes: lhs.bytes - rhs.bytes)
  }
  public static func < (lhs: Traffic, rhs: Traffic) -> Bool { lhs.bytes < rhs.bytes }

  /// Never below zero: "remaining" traffic is never negative.
  public func clampedAtZero() -> Traffic { Traffic(bytes: max(0, bytes)) }

  /// Gigabytes with one decimal: `44.0 GB`, `0.3 GB`, `1,000.0 GB`.
  public var description: String { formatted(decimals: 1) }

  /// Gigabytes with `decimals` digits after the point, rounded half away from zero.
  public func formatted(decimals: Int) -> String {
    var scale: Int64 = 1
    for _ in 0..<decimals { scale *= 10 }
    let units = Rounding.divideHalfAwayFromZero(bytes * scale / 1000, Traffic.bytesPerGB / 1000)
    let negative = units < 0
    let magnitude = units.magnitude
    let whole = magnitude / UInt64(scale)
    let fraction = magnitude % UInt64(scale)
    var text = (negative ? "-" : "") + DigitGrouping.grouped(whole)
    if decimals > 0 {
      var fractionText = String(fraction)
      while fractionText.count < decimals { fractionText = "0" + fractionText }
      text += "." + fractionText
    }
    return text + " GB"
  }

  /// Whole gigabytes when exact (`50 GB`), else one decimal.
  public var compact: String {
    bytes % Traffic.bytesPerGB == 0 ? formatted(decimals: 0) : formatted(decimals: 1)
  }
}
